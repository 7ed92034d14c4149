import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const w of [390, 1440]) {
  const p = await b.newPage({ viewport: { width: w, height: 1000 } });
  await p.goto('http://127.0.0.1:8093/archflow/#f=1&c=serverless&p=0');
  await p.waitForSelector('.knobs input');
  await (await p.$('.knobs')).scrollIntoViewIfNeeded();
  await p.screenshot({ path: `/tmp/shots/knobs-${w}.png` });
  await p.close();
}
await b.close();
