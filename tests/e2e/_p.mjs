import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
await page.goto('http://127.0.0.1:8093/archflow/#f=1&c=your-traffic&p=0');
await page.waitForSelector('section.traffic');
await page.locator('.traffic-example select').selectOption('launch-day.csv');
await page.waitForSelector('.traffic-read-summary');
const ms = await page.evaluate(async () => {
  const t0 = performance.now(); const deltas = []; let last = t0;
  document.querySelector('button.replay-to-end').click();
  await new Promise((done) => { const check = (now) => { deltas.push(now - last); last = now; const [a, b] = (document.querySelector('output.time')?.textContent ?? '').split(' / '); if (a && a === b) done(); else requestAnimationFrame(check); }; requestAnimationFrame(check); });
  deltas.sort((x, y) => x - y);
  return [performance.now() - t0, deltas[deltas.length >> 1], deltas[Math.floor(deltas.length * 0.95)]];
});
console.log(ms);
await browser.close();
