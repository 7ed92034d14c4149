import { chromium } from 'playwright-core';
import { execSync } from 'node:child_process';
const browser = await chromium.launch({ executablePath: execSync('command -v chromium').toString().trim(), args: ['--no-sandbox'] });
const [w, path, out, ...clicks] = process.argv.slice(2);
const page = await browser.newPage({ viewport: { width: +w, height: +w < 800 ? 844 : 1080 } });
await page.goto('http://127.0.0.1:8093/archflow/' + path);
await page.waitForSelector('figure.diagram svg');
for (const c of clicks) {
  if (c.startsWith('wait')) { await page.waitForTimeout(+c.slice(4)); continue; }
  if (c.startsWith('speed')) { await page.locator('.speed input').fill(c.slice(5)); continue; }
  if (c.startsWith('scroll:')) { await page.evaluate((y) => window.scrollTo(0, y), +c.slice(7)); continue; }
  if (c.startsWith('sel:')) { await page.locator(c.slice(4)).first().scrollIntoViewIfNeeded(); continue; }
  await page.getByRole('button', { name: c }).first().click();
}
await page.screenshot({ path: out, fullPage: process.env.FULL === '1' });
await browser.close();
