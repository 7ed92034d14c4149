// Browser performance figures for the README (issue: fast). Not a pass/fail test: it prints JSON.
//   first_diagram_ms     navigation to the first drawn diagram
//   frames               requestAnimationFrame deltas during playback with many dots in flight
//   long_tasks           tasks over 50 ms during that playback
//   reaction_ms          a parameter change until the claim check shows the new result
//   form_reaction_ms     a field changed in the playground's form (keep-alive, 600 s and 120 s in
//                        turn) until the run is replayed with it and the next frame is drawn
//   memory_mb            JS heap and wasm memory after playback at maximum speed
//   jump                 a link opened at 9:43:20 of a ten-hour run at 400 requests/s (56 million
//                        requests to replay): progress per second, and frame times and long
//                        tasks meanwhile (a click waits at most one frame)
//   your_traffic_replay  the launch-day example (4.4 million requests) replayed to the end through
//                        all four architectures in the browser, and its scenario file through the
//                        native runner (SIMULATE, default target/release/simulate) in the same run
// Usage: BASE_URL=http://127.0.0.1:8080/ PLAY_SECONDS=600 node tests/e2e/perf.mjs
import { chromium } from 'playwright-core';
import { execSync } from 'node:child_process';

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080/';
const PLAY_SECONDS = Number(process.env.PLAY_SECONDS ?? 120);
const browser = await chromium.launch({
  executablePath: execSync('command -v chromium').toString().trim(),
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
});
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
await page.addInitScript(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
    .observe({ type: 'longtask', buffered: true });
  addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });
});
await page.goto(BASE);
const firstDiagram = await page.waitForFunction(() => document.querySelector('figure.diagram .node') && performance.now()).then((h) => h.jsonValue());

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };

// Reaction, in the serverless chapter's default scenario: switch the scaling model back and forth
// and time the claim check's update.
await page.locator('.chapter-tab').nth(2).click();
await page.waitForTimeout(2000);
const reactions = [];
for (let i = 0; i < 12; i++) {
  const before = await page.locator('li[data-claim="S6"] .finding').textContent();
  const ms = await page.evaluate(async (before) => {
    const t0 = performance.now();
    [...document.querySelectorAll('button.try-action')].find((b) => b.textContent === 'Switch scaling model').click();
    return await new Promise((done) => {
      const check = () => {
        const now = document.querySelector('li[data-claim="S6"] .finding')?.textContent;
        if (now !== before) done(performance.now() - t0); else requestAnimationFrame(check);
      };
      check();
    });
  }, before);
  reactions.push(ms);
}

// Many dots: the serverless chapter under a x400 flash crowd, played at real time.
await page.getByRole('button', { name: 'Traffic spike x400' }).click();
await page.waitForTimeout(3000);
const frames = await page.evaluate(async () => {
  window.__longTasks = [];
  const deltas = [];
  const dots = [];
  let last = performance.now();
  await new Promise((done) => {
    const end = last + 8000;
    const tick = (now) => {
      deltas.push(now - last);
      last = now;
      dots.push(Number(document.querySelector('.dots')?.getAttribute('data-count') ?? 0));
      if (now < end) requestAnimationFrame(tick); else done();
    };
    requestAnimationFrame(tick);
  });
  return { deltas, dots, longTasks: window.__longTasks.slice() };
});

// Memory: the playground with all four architectures over 20 simulated days, at maximum speed for
// PLAY_SECONDS; memory must not grow with simulated time.
await page.locator('.chapter-tab').nth(7).click(); // the playground
// The form: the change handler replays the run before it returns, so the time to the next frame
// covers the reading, the replay and the redraw.
await page.locator('.scenario-form summary', { hasText: 'Serverless' }).click();
const formReactions = [];
for (let i = 0; i < 12; i++) {
  formReactions.push(await page.evaluate(async (value) => {
    const field = document.querySelector('[name="serverless.keep_alive_s"]');
    const t0 = performance.now();
    field.value = value;
    field.dispatchEvent(new Event('change', { bubbles: true }));
    await new Promise((frame) => requestAnimationFrame(() => requestAnimationFrame(frame)));
    if (field.closest('.field').querySelector('.form-problem')) throw new Error('the form refused the value');
    return performance.now() - t0;
  }, i % 2 ? '600' : '120'));
}
await page.locator('#tab-json').click();
const editor = page.locator('#scenario-text');
await editor.fill((await editor.inputValue()).replace('"duration_s": 3600.0', '"duration_s": 1728000.0').replace('"window_s": 5.0', '"window_s": null'));
await page.locator('.editor button.apply').click();
await page.locator('.speed input').fill('3.5');
await page.waitForTimeout(PLAY_SECONDS * 1000);
const memory = await page.evaluate(() => ({
  js_heap_mb: performance.memory.usedJSHeapSize / 1048576,
  wasm_mb: window.__wasm.memory.buffer.byteLength / 1048576,
  simulated: document.querySelector('output.time')?.textContent,
}));
// That page plays at maximum speed until closed: close it, so the timings below have the
// machine to themselves.
await page.close();

// A long jump: how fast the replay goes and how the page responds meanwhile.
const patch = Buffer.from(JSON.stringify({ duration_s: 36000, workload: { rate_per_s: 400 } })).toString('base64url');
const jumpPage = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
await jumpPage.addInitScript(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
    .observe({ type: 'longtask', buffered: true });
});
await jumpPage.goto(`${BASE}#f=1&c=playground&s=${patch}&t=35000&p=0`);
await jumpPage.locator('.jump progress').waitFor();
const jump = await jumpPage.evaluate(async () => {
  window.__longTasks = [];
  const value = () => document.querySelector('.jump progress')?.value ?? 1;
  const deltas = [];
  const v0 = value();
  let last = performance.now();
  const start = last;
  await new Promise((done) => {
    const tick = (now) => {
      deltas.push(now - last);
      last = now;
      if (now - start < 10000) requestAnimationFrame(tick); else done();
    };
    requestAnimationFrame(tick);
  });
  return { percent_per_s: (value() - v0) * 100 / ((last - start) / 1000), deltas, longTasks: window.__longTasks.slice() };
});
await jumpPage.close();

// Your traffic: the launch-day example (a day of 1-minute counts averaging 51 requests/s, 4.4
// million requests) replayed to the end through all four architectures, in the browser; then the
// same scenario file through the native runner, in the same run, for the ratio.
const trafficPage = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
await trafficPage.goto(`${BASE}traffic.html#f=1&c=your-traffic&p=0`);
await trafficPage.waitForSelector('section.traffic');
await trafficPage.locator('.traffic-example select').selectOption('launch-day.csv');
await trafficPage.waitForSelector('.traffic-read-summary');
const replayMs = await trafficPage.evaluate(async () => {
  const t0 = performance.now();
  document.querySelector('button.replay-to-end').click();
  await new Promise((done) => {
    const check = () => {
      const [at, end] = (document.querySelector('output.time')?.textContent ?? '').split(' / ');
      if (at && at === end) done(); else requestAnimationFrame(check);
    };
    check();
  });
  return performance.now() - t0;
});
const [download] = await Promise.all([trafficPage.waitForEvent('download'), trafficPage.locator('button.export-scenario').click()]);
const scenarioPath = await download.path();
const simulate = process.env.SIMULATE ?? 'target/release/simulate';
const nativeStart = process.hrtime.bigint();
execSync(`${simulate} ${scenarioPath}`, { stdio: ['ignore', 'ignore', 'inherit'] });
const nativeMs = Number(process.hrtime.bigint() - nativeStart) / 1e6;
await trafficPage.close();

await browser.close();
console.log(JSON.stringify({
  first_diagram_ms: Math.round(firstDiagram),
  frames: {
    count: frames.deltas.length,
    p50_ms: +pct(frames.deltas, 0.5).toFixed(1),
    p95_ms: +pct(frames.deltas, 0.95).toFixed(1),
    max_ms: +Math.max(...frames.deltas).toFixed(1),
    dots_p50: pct(frames.dots, 0.5),
    dots_max: Math.max(...frames.dots),
  },
  long_tasks: { count: frames.longTasks.length, max_ms: frames.longTasks.length ? Math.max(...frames.longTasks) : 0 },
  reaction_ms: { p50: +pct(reactions, 0.5).toFixed(1), p95: +pct(reactions, 0.95).toFixed(1), samples: reactions.length },
  form_reaction_ms: { p50: +pct(formReactions, 0.5).toFixed(1), p95: +pct(formReactions, 0.95).toFixed(1), samples: formReactions.length },
  memory_mb: { js_heap: +memory.js_heap_mb.toFixed(1), wasm: +memory.wasm_mb.toFixed(1), after_playing_s: PLAY_SECONDS, simulated_clock: memory.simulated },
  jump: {
    percent_per_s: +jump.percent_per_s.toFixed(2),
    frame_p50_ms: +pct(jump.deltas, 0.5).toFixed(1),
    frame_p95_ms: +pct(jump.deltas, 0.95).toFixed(1),
    frame_max_ms: +Math.max(...jump.deltas).toFixed(1),
    long_tasks: jump.longTasks.length,
  },
  your_traffic_replay: {
    browser_s: +(replayMs / 1000).toFixed(1),
    native_s: +(nativeMs / 1000).toFixed(1),
    browser_over_native: +(replayMs / nativeMs).toFixed(2),
  },
}, null, 1));
