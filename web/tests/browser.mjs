// Browser test of the dashboard: Debian's Chromium, driven by playwright-core, opens every page against a
// running `qtp serve --web web/out` and checks that each shows the data the API holds, with no console
// error or warning, no page error and no failed request. A full-page screenshot of each page goes to the
// artifacts folder.
//
//   node web/tests/browser.mjs --base http://127.0.0.1:PORT --out DIR [--chromium /usr/bin/chromium]
//                              [--expect rankings,tickers,backtests,models,runs,monitor,drift] [--api URL]
//
// --api: where the API answers when it is not --base (a `next dev` server with NEXT_PUBLIC_QTP_API set; dev
// mode is where React reports key warnings and other development-only checks).
//
// --expect names the lists the store is known to hold data for: an empty one is then a failure, not an
// empty state to check (run.sh knows which stages it ran).
// Exit code 0 when every check passed, 1 otherwise (each failure is printed).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

function parseArgs(argv) {
  const args = {
    base: 'http://127.0.0.1:8700',
    out: 'artifacts/screenshots',
    chromium: '/usr/bin/chromium',
    expect: '',
    api: '',
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in args) || argv[i + 1] === undefined)
      throw new Error('usage: browser.mjs --base URL --out DIR [--chromium PATH] [--expect LIST] [--api URL]');
    args[key] = argv[i + 1];
  }
  args.base = args.base.replace(/\/+$/, '');
  args.api = (args.api || args.base).replace(/\/+$/, '');
  return args;
}

const args = parseArgs(process.argv.slice(2));
fs.mkdirSync(args.out, { recursive: true });

const failures = [];
let checks = 0;
function check(condition, message) {
  ++checks;
  if (!condition) {
    failures.push(message);
    console.log(`  FAIL ${message}`);
  }
}

async function api(pathAndQuery) {
  const response = await fetch(`${args.api}${pathAndQuery}`);
  const body = await response.json();
  if (!response.ok) throw new Error(`${pathAndQuery}: HTTP ${response.status} ${body.error || ''}`);
  return body;
}

const fixed2 = (v) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(2) : '–');

// What the API holds: the expectations of every page are computed from it.
const data = {};
data.health = await api('/healthz');
data.dates = await api('/api/rankings/dates?limit=1000');
data.ranking = data.dates.items.length ? await api('/api/rankings?limit=1000') : null;
data.tickers = await api('/api/tickers?limit=1000');
data.backtests = await api('/api/backtests?limit=1000');
data.models = await api('/api/models?limit=1000');
data.runs = await api('/api/runs?limit=1000');
data.monitor = await api('/api/monitor');
data.monitorHistory = await api('/api/monitor/history');

const holds = {
  rankings: Boolean(data.ranking && data.ranking.items.length),
  tickers: data.tickers.items.length > 0,
  backtests: data.backtests.items.length > 0,
  models: data.models.items.length > 0,
  runs: data.runs.items.length > 0,
  monitor: data.monitor.checks.length > 0,
  drift: data.monitor.drift.length > 0,
};
for (const name of args.expect.split(',').filter(Boolean)) {
  check(name in holds, `--expect: unknown list '${name}'`);
  check(holds[name] === true, `the API has no ${name} although the store was built with them`);
}

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'qtp-browser-'));
// Also when a step throws outside a page visit (playwright stops the browser on exit by itself).
process.on('exit', () => fs.rmSync(profile, { recursive: true, force: true }));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: args.chromium,
  headless: true,
  viewport: { width: 1360, height: 900 },
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

// Every console error or warning, page error, failed request and HTTP error answer of the current page.
// `expectedStatus` lets a page that deliberately asks for something unknown get its one 404.
let problems = [];
let expectedStatus = null;
const page = context.pages()[0] || (await context.newPage());
page.on('console', (msg) => {
  if (msg.type() !== 'error' && msg.type() !== 'warning') return;
  if (expectedStatus && msg.text().includes(`status of ${expectedStatus}`)) return;
  problems.push(`console ${msg.type()}: ${msg.text()}`);
});
page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
// Two kinds of abort are no failure: Next's router probes a page with a HEAD request and drops it once the
// answer's headers arrived, and a navigation cancels the prefetches of the page it leaves.
const answered = new WeakSet();
let navigating = false;
page.on('requestfailed', (request) => {
  const reason = request.failure() ? request.failure().errorText : '?';
  if (reason === 'net::ERR_ABORTED' && (answered.has(request) || navigating)) return;
  problems.push(`request failed: ${request.method()} ${request.url()} (${reason})`);
});
page.on('response', (response) => {
  answered.add(response.request());
  if (response.status() >= 400 && response.status() !== expectedStatus) {
    problems.push(`HTTP ${response.status()}: ${response.url()}`);
  }
});

let shot = 0;
async function visit(name, url, body, { allowStatus = null } = {}) {
  console.log(`page ${name}: ${url}`);
  problems = [];
  expectedStatus = allowStatus;
  const started = Date.now();
  try {
    navigating = true;
    await page.goto(`${args.base}${url}`, { waitUntil: 'load' });
    navigating = false;
    await body();
    // Late errors (a chart throwing after its data arrived) surface within a frame or two.
    await page.waitForTimeout(150);
    await checkLayout(name);
  } catch (e) {
    check(false, `${name}: ${e.message.split('\n')[0]}`);
  }
  ++shot;
  const file = path.join(args.out, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  for (const p of problems) check(false, `${name}: ${p}`);
  console.log(`  ${Date.now() - started} ms, screenshot ${file}`);
}

// At the test's 1360-pixel viewport nothing should need a horizontal scroll bar: not the page, not a table in
// its scroll box (a long value that does not wrap pushes columns out of sight).
async function checkLayout(name) {
  const overflow = await page.evaluate(() => {
    const out = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1)
      out.push(`the page is ${doc.scrollWidth}px wide in a ${doc.clientWidth}px window`);
    for (const box of document.querySelectorAll('.table-scroll')) {
      if (box.scrollWidth > box.clientWidth + 1) {
        const id = box.querySelector('table')?.getAttribute('data-testid') || 'a table';
        out.push(`${id} is ${box.scrollWidth}px wide in its ${box.clientWidth}px box`);
      }
    }
    return out;
  });
  for (const o of overflow) check(false, `${name}: ${o}`);
}

const rowsOf = (selector) => page.locator(`${selector} tbody tr`);
const texts = (locator) => locator.allInnerTexts().then((xs) => xs.map((x) => x.trim()));

// How much a chart drew: the non-white pixels of its plot pane (the largest canvases; the axes' canvases,
// which hold labels, are left out). A chart whose data never reached the canvas draws only a blank pane.
async function chartInk(testId) {
  return page.evaluate((id) => {
    const box = document.querySelector(`[data-testid="${id}"]`);
    if (!box) return -1;
    const canvases = [...box.querySelectorAll('canvas')];
    const largest = Math.max(0, ...canvases.map((c) => c.width * c.height));
    let best = 0;
    for (const canvas of canvases) {
      if (!largest || canvas.width * canvas.height !== largest) continue;
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let ink = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3] > 0 && (pixels[i] < 235 || pixels[i + 1] < 235 || pixels[i + 2] < 235)) ++ink;
      }
      best = Math.max(best, ink);
    }
    return best;
  }, testId);
}

async function expectChart(name, testId, points) {
  const chart = page.locator(`[data-testid="${testId}"]`);
  await chart.locator('canvas').first().waitFor({ timeout: 10000 });
  const shown = Number(await chart.getAttribute('data-points'));
  if (points !== undefined)
    check(shown === points, `${name}: chart ${testId} holds ${shown} points, the API gave ${points}`);
  else check(shown > 0, `${name}: chart ${testId} holds no points`);
  // lightweight-charts paints on the next animation frame.
  await page.waitForFunction(
    (id) => {
      const c = document.querySelector(`[data-testid="${id}"] canvas`);
      return c && c.width > 0;
    },
    testId,
    { timeout: 5000 },
  );
  await page.waitForTimeout(100);
  const ink = await chartInk(testId);
  check(ink > 400, `${name}: chart ${testId} drew almost nothing (${ink} non-white pixels)`);
}

// --- Rankings -------------------------------------------------------------------------------------------
await visit('rankings', '/', async () => {
  if (!data.ranking) {
    await page.locator('[data-state="empty"]').waitFor();
    return;
  }
  await page.locator('[data-testid="rankings-table"] tbody tr').first().waitFor();
  const tickers = await texts(page.locator('[data-testid="rankings-table"] tbody td[data-col="ticker"]'));
  const expected = [...data.ranking.items].sort((a, b) => a.rank - b.rank).map((r) => r.ticker);
  check(tickers.length === data.ranking.items.length, `rankings: ${tickers.length} rows, API has ${expected.length}`);
  check(
    JSON.stringify(tickers) === JSON.stringify(expected),
    `rankings: tickers ${tickers} differ from API ${expected}`,
  );
  const asOf = (await page.locator('[data-testid="ranking-as-of"]').innerText()).trim();
  check(asOf === data.ranking.as_of, `rankings: as_of ${asOf}, API ${data.ranking.as_of}`);
  const model = (await page.locator('[data-testid="ranking-model"]').innerText()).trim();
  check(model === data.ranking.model_id, `rankings: model ${model}, API ${data.ranking.model_id}`);
  const dateOptions = await page.locator('[data-testid="date-picker"] option').count();
  check(dateOptions === data.dates.items.length, `rankings: ${dateOptions} dates to pick, API has ${data.dates.total}`);
  const modelOptions = await page.locator('[data-testid="model-picker"] option').count();
  check(
    modelOptions === data.ranking.models.length,
    `rankings: ${modelOptions} models to pick, API has ${data.ranking.models.length}`,
  );
  // Sorting: a click on Score sorts ascending, a second click descending.
  await page.locator('[data-testid="rankings-table"] th[data-key="score"] button').click();
  const ascending = [...data.ranking.items].sort((a, b) => a.score - b.score).map((r) => r.ticker);
  const afterClick = await texts(page.locator('[data-testid="rankings-table"] tbody td[data-col="ticker"]'));
  check(JSON.stringify(afterClick) === JSON.stringify(ascending), 'rankings: a click on Score does not sort by score');
  await page.locator('[data-testid="rankings-table"] th[data-key="score"] button').click();
  const descending = await texts(page.locator('[data-testid="rankings-table"] tbody td[data-col="ticker"]'));
  check(
    JSON.stringify(descending) === JSON.stringify([...ascending].reverse()),
    'rankings: a second click does not reverse',
  );
  // Back to rank order for the screenshot.
  await page.locator('[data-testid="rankings-table"] th[data-key="rank"] button').click();
});

// --- Ticker index and one ticker (daily, then 5-minute) ---------------------------------------------------
await visit('tickers', '/ticker/', async () => {
  if (!data.tickers.items.length) {
    await page.locator('[data-state="empty"]').waitFor();
    return;
  }
  await rowsOf('[data-testid="tickers-table"]').first().waitFor();
  const n = await rowsOf('[data-testid="tickers-table"]').count();
  check(n === data.tickers.items.length, `tickers: ${n} rows, API has ${data.tickers.items.length}`);
});

const ticker = data.ranking
  ? data.ranking.items[0].ticker
  : data.tickers.items.length
    ? data.tickers.items[0].ticker
    : null;
if (ticker) {
  const enc = encodeURIComponent(ticker);
  const daily = await api(`/api/tickers/${enc}/bars?tf=1d&limit=20000`);
  const intraday = await api(`/api/tickers/${enc}/bars?tf=5m&limit=20000`);
  const features = await api(`/api/tickers/${enc}/features?limit=5000`);
  await visit('ticker-daily', `/ticker/?t=${enc}`, async () => {
    const title = (await page.locator('[data-testid="ticker-title"]').innerText()).trim();
    check(title === ticker, `ticker: title ${title}, expected ${ticker}`);
    // Candles plus their volume histogram: two points per bar.
    await expectChart('ticker-daily', 'price-chart', 2 * daily.items.length);
    check(daily.items.length > 0, 'ticker-daily: the API has no daily bars');
    const first = features.columns[0];
    if (features.items.length) await expectChart('ticker-daily', `feature-chart-${first}`, features.items.length);
    const pickers = await page.locator('[data-testid="feature-picker"] input').count();
    check(
      pickers === features.columns.length,
      `ticker: ${pickers} feature checkboxes, API has ${features.columns.length}`,
    );
  });
  await visit('ticker-5m', `/ticker/?t=${enc}`, async () => {
    await page.locator('[data-testid="price-chart"]').waitFor();
    await page.locator('[data-testid="tf-toggle"] button', { hasText: '5-minute' }).click();
    await page.waitForURL(/tf=5m/);
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="price-chart"]')?.getAttribute('data-points')) === n,
      2 * intraday.items.length,
      { timeout: 10000 },
    );
    check(intraday.items.length > 0, 'ticker-5m: the API has no 5-minute bars');
    await expectChart('ticker-5m', 'price-chart', 2 * intraday.items.length);
  });
}

// --- Backtests ----------------------------------------------------------------------------------------------
await visit('backtests', '/backtests/', async () => {
  if (!data.backtests.items.length) {
    await page.locator('[data-state="empty"]').waitFor();
    return;
  }
  await rowsOf('[data-testid="backtests-table"]').first().waitFor();
  const n = await rowsOf('[data-testid="backtests-table"]').count();
  const expected = data.backtests.items.reduce((s, r) => s + Math.max(1, r.scenarios.length), 0);
  check(n === expected, `backtests: ${n} rows, API has ${expected} run × scenario rows`);
  const shown = await texts(page.locator('[data-testid="backtests-table"] td[data-sharpe]'));
  const want = data.backtests.items.flatMap((r) => r.scenarios.map((s) => fixed2(s.sharpe_ratio)));
  check(JSON.stringify(shown) === JSON.stringify(want), `backtests: Sharpe ratios ${shown} differ from API ${want}`);
});

if (data.backtests.items.length) {
  const id = data.backtests.items[0].run_id;
  const detail = await api(`/api/backtests/${encodeURIComponent(id)}`);
  await visit('backtest', `/backtest/?id=${encodeURIComponent(id)}`, async () => {
    await page.locator('[data-testid="metrics-table"]').waitFor();
    for (const s of detail.scenarios) {
      const cell = page.locator(`[data-metric="sharpe_ratio"][data-scenario="${s.scenario}"]`);
      const text = (await cell.innerText()).trim();
      check(text === fixed2(s.sharpe_ratio), `backtest: ${s.scenario} Sharpe shows ${text}, API ${s.sharpe_ratio}`);
    }
    const scenarios = new Set(detail.returns.map((r) => r.scenario)).size;
    const base = detail.returns.filter(
      (r) =>
        r.scenario === (detail.scenarios.some((s) => s.scenario === 'base') ? 'base' : detail.scenarios[0].scenario),
    );
    const hasBenchmark = base.some((r) => typeof r.benchmark_return === 'number');
    await expectChart('backtest', 'equity-chart', detail.returns.length + (hasBenchmark ? base.length : 0));
    check(detail.returns.length > 0, 'backtest: the API has no daily returns');
    await expectChart('backtest', 'drawdown-chart', detail.returns.length);
    await expectChart('backtest', 'sharpe-chart', detail.returns.length);
    await expectChart('backtest', 'turnover-chart', base.length);
    check(
      scenarios === detail.scenarios.length,
      `backtest: returns cover ${scenarios} scenarios of ${detail.scenarios.length}`,
    );
    const buckets = await page.locator('[data-testid="costs-by-bucket"] tbody tr').count();
    check(
      buckets === detail.costs_by_bucket.length,
      `backtest: ${buckets} bucket rows, API has ${detail.costs_by_bucket.length}`,
    );
    // Windows the backtest does not overlap (every number null) are named under the table, not rows of it.
    const overlapping = detail.stress.filter((s) => s.coverage !== 'none').length;
    const stress = overlapping ? await rowsOf('[data-testid="stress-table"]').count() : 0;
    check(stress === overlapping, `backtest: ${stress} stress rows, API has ${overlapping} overlapping windows`);
  });
  // The error state: an unknown run shows the API's own message (its 404 is the one failed request allowed).
  const missing = 'no-such-backtest';
  const answer = await fetch(`${args.api}/api/backtests/${missing}`).then((r) => r.json());
  await visit(
    'backtest-unknown',
    `/backtest/?id=${missing}`,
    async () => {
      const error = page.locator('[data-state="error"]');
      await error.waitFor();
      const text = await error.innerText();
      check(text.includes(answer.error), `backtest-unknown: error state "${text}" lacks the API's "${answer.error}"`);
    },
    { allowStatus: 404 },
  );
}

// --- Models -----------------------------------------------------------------------------------------------------
await visit('models', '/models/', async () => {
  if (!data.models.items.length) {
    await page.locator('[data-state="empty"]').waitFor();
    return;
  }
  await rowsOf('[data-testid="models-table"]').first().waitFor();
  const ids = await texts(page.locator('[data-testid="models-table"] td[data-col="model_id"] a'));
  const want = data.models.items.map((m) => m.model_id).sort();
  check(JSON.stringify([...ids].sort()) === JSON.stringify(want), `models: ids ${ids} differ from API ${want}`);
  await page.locator('[data-testid="compare-table"]').waitFor();
  if (data.models.items.some((m) => m.model_id)) await expectChart('models', 'compare-ic-chart');
});

if (data.models.items.length) {
  const primary = data.models.items.find((m) => m.primary) || data.models.items[0];
  const model = await api(`/api/models/${encodeURIComponent(primary.model_id)}`);
  await visit('model', `/model/?id=${encodeURIComponent(primary.model_id)}`, async () => {
    await page.locator('[data-testid="model-summary"], [data-state="empty"]').first().waitFor();
    if (model.ic_by_day.length) await expectChart('model', 'ic-chart', 2 * model.ic_by_day.length);
    check(model.ic_by_day.length > 0, 'model: the API has no daily IC');
    const importance = model.importance.length ? await rowsOf('[data-testid="importance-table"]').count() : 0;
    check(
      importance === Math.min(20, model.importance.length),
      `model: ${importance} importance bars, API has ${model.importance.length}`,
    );
    const folds = await rowsOf('[data-testid="folds-table"]').count();
    check(folds === model.folds.length, `model: ${folds} fold rows, API has ${model.folds.length}`);
  });
}

// --- Runs and monitoring -------------------------------------------------------------------------------------------
await visit('runs', '/runs/', async () => {
  if (!data.runs.items.length) {
    await page.locator('[data-state="empty"]').waitFor();
    return;
  }
  await page.locator('[data-testid="job"]').first().waitFor();
  const jobs = await page.locator('[data-testid="job"]').count();
  const want = new Set(data.runs.items.map((r) => r.job_id)).size;
  check(jobs === want, `runs: ${jobs} jobs shown, API has ${want}`);
  const stages = await page.locator('[data-testid="job"] tbody tr').count();
  check(stages === data.runs.items.length, `runs: ${stages} stage rows, API has ${data.runs.items.length}`);
  const failed = await page.locator('[data-testid="job"] tr[data-status="failed"] .badge-bad').count();
  const wantFailed = data.runs.items.filter((r) => r.status === 'failed').length;
  check(failed === wantFailed, `runs: ${failed} failed stages marked red, API has ${wantFailed}`);
});

await visit('monitor', '/monitor/', async () => {
  if (!data.monitor.as_of) {
    await page.locator('[data-testid="monitor-empty"]').waitFor();
    return;
  }
  await page.locator('[data-testid="monitor-as-of"]').waitFor();
  const asOf = (await page.locator('[data-testid="monitor-as-of"]').innerText()).trim();
  check(asOf === data.monitor.as_of, `monitor: as_of ${asOf}, API ${data.monitor.as_of}`);
  if (data.monitor.checks.length) {
    const n = await rowsOf('[data-testid="monitor-table"]').count();
    check(n === data.monitor.checks.length, `monitor: ${n} checks shown, API has ${data.monitor.checks.length}`);
    for (const c of data.monitor.checks) {
      const row = page.locator(`[data-testid="monitor-table"] tr[data-check="${c.name}"]`);
      const shown = (await row.locator('.badge').innerText()).trim();
      check(shown === c.status, `monitor: check ${c.name} shows status ${shown}, API ${c.status}`);
      const message = (await row.locator('td.wrap').innerText()).trim();
      check(message === c.message.trim(), `monitor: check ${c.name} shows "${message}", API "${c.message}"`);
    }
  }
  if (data.monitor.drift.length) {
    // Alerts first, then warnings, ok and n/a; within each the largest value first.
    const rank = { alert: 0, warn: 1, ok: 2, 'n/a': 3 };
    const want = [...data.monitor.drift]
      .sort(
        (a, b) =>
          (rank[a.status] ?? 4) - (rank[b.status] ?? 4) ||
          (b.value ?? -Infinity) - (a.value ?? -Infinity) ||
          a.name.localeCompare(b.name),
      )
      .map((r) => `${r.name} ${r.metric} ${typeof r.value === 'number' ? r.value.toFixed(3) : '–'} ${r.status}`);
    const names = await texts(page.locator('[data-testid="drift-table"] td[data-col="name"]'));
    const metrics = await texts(page.locator('[data-testid="drift-table"] td[data-col="metric"]'));
    const values = await texts(page.locator('[data-testid="drift-table"] td[data-col="value"]'));
    const statuses = await texts(page.locator('[data-testid="drift-table"] td[data-col="status"]'));
    const shown = names.map((name, i) => `${name} ${metrics[i]} ${values[i]} ${statuses[i]}`);
    check(
      JSON.stringify(shown) === JSON.stringify(want),
      `monitor: drift rows ${shown.slice(0, 3)}... differ from API ${want.slice(0, 3)}... (${shown.length} vs ${want.length})`,
    );
  }
  const decayDays = data.monitorHistory.items.filter((h) => h.model_id).length;
  if (decayDays) {
    await expectChart('monitor', 'decay-chart', 2 * decayDays);
    await expectChart('monitor', 'cusum-chart', decayDays);
  }
  const alerts = data.monitor.alerts.length ? await rowsOf('[data-testid="alerts-table"]').count() : 0;
  check(alerts === data.monitor.alerts.length, `monitor: ${alerts} alerts shown, API has ${data.monitor.alerts.length}`);
});

// --- Navigation between pages without a reload (the export's prefetched route files must be served) --------------
await visit('navigation', '/', async () => {
  for (const [label, url] of [
    ['Backtests', /\/backtests\/$/],
    ['Models', /\/models\/$/],
    ['Runs', /\/runs\/$/],
    ['Monitoring', /\/monitor\/$/],
    ['Tickers', /\/ticker\/$/],
    ['Rankings', /\/$/],
  ]) {
    await page.locator('nav.nav a', { hasText: label }).click();
    await page.waitForURL(url);
    await page.locator('h1').first().waitFor();
  }
  const status = (await page.locator('[data-testid="nav-status"]').innerText()).trim();
  const want = data.health.latest_as_of ? `published ${data.health.latest_as_of}` : 'nothing published';
  check(status === want, `navigation: nav status "${status}", expected "${want}"`);
});

await context.close();

console.log(`${checks - failures.length} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
