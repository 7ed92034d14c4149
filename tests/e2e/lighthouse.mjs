// Lighthouse, the judge most web teams use, on its mobile profile (a slow 4G network and a CPU
// four times slower, simulated) against the release build served as a host serves it
// (tests/e2e/serve.py: gzip, cache headers, the README's Content-Security-Policy). Fails below
// the least scores in tests/budgets.json, prints the core figures and keeps the JSON report
// beside the screenshots. Lighthouse drives Debian's Chromium (CHROME_PATH) and downloads nothing;
// its error reporting is off.
//
// Usage: BASE_URL=http://127.0.0.1:PORT/archflow/ SCREENSHOTS=dir node tests/e2e/lighthouse.mjs
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const base = process.env.BASE_URL;
if (!base) throw new Error('BASE_URL is not set');
const shots = process.env.SCREENSHOTS ?? 'screenshots';
fs.mkdirSync(shots, { recursive: true });
const budgets = JSON.parse(fs.readFileSync(new URL('../budgets.json', import.meta.url), 'utf8'));
const report = `${shots}/lighthouse.json`;

execFileSync('node_modules/.bin/lighthouse', [
  base,
  '--only-categories=performance,accessibility',
  '--output=json',
  `--output-path=${report}`,
  '--no-enable-error-reporting',
  '--chrome-flags=--headless=new --no-sandbox',
  '--quiet',
], { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' }, stdio: 'inherit' });

const result = JSON.parse(fs.readFileSync(report, 'utf8'));
const score = (c) => result.categories[c].score;
const audit = (a) => result.audits[a];
const figures = {
  performance: score('performance'),
  accessibility: score('accessibility'),
  lcp: audit('largest-contentful-paint').displayValue,
  tbt: audit('total-blocking-time').displayValue,
  tti: audit('interactive').displayValue,
  transferred_kib: Math.round(audit('total-byte-weight').numericValue / 1024),
};
console.log(`lighthouse (mobile): performance ${figures.performance}, accessibility ${figures.accessibility}, LCP ${figures.lcp}, TBT ${figures.tbt}, TTI ${figures.tti}, transferred ${figures.transferred_kib} KiB`);

const failures = [];
if (!(figures.performance >= budgets.lighthouse_min_performance)) {
  failures.push(`performance ${figures.performance} is under ${budgets.lighthouse_min_performance}`);
}
if (!(figures.accessibility >= budgets.lighthouse_min_accessibility)) {
  failures.push(`accessibility ${figures.accessibility} is under ${budgets.lighthouse_min_accessibility}`);
}
// Name what cost points, so a failure says what to fix.
for (const category of ['performance', 'accessibility']) {
  for (const ref of result.categories[category].auditRefs) {
    const a = result.audits[ref.id];
    if (ref.weight > 0 && a.score !== null && a.score < 0.9) {
      console.log(`  ${category}: ${a.title} (${a.displayValue ?? `score ${a.score}`})`);
    }
  }
}
if (failures.length) {
  console.log(`lighthouse: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('lighthouse: 1 passed, 0 failed');
