/**
 * Daily report and dashboard over a large history (issue 7: 10M ledger rows / 1M jobs).
 * Generates the data in PostgreSQL (bench/report-data.js), starts the built API, then times over HTTP:
 *  - `POST /admin/reports/daily/:date/generate` for each of the last 30 days (what the 00:10 cron does;
 *    these stored days are the dashboard's roll-ups), then repeated runs of the busiest day;
 *  - `GET /admin/dashboard` (today computed live, month and 30 days from the roll-ups).
 * Usage: npm run bench -- reports   (LEDGER_ROWS=n to change the size, DAYS=n the span; RUNS=n repeats)
 */
const { loadavg } = require('node:os');
const { Client } = require('pg');
const {
  startDatabase,
  startServer,
  machine,
  describeLoad,
  percentile,
  saveResult,
  updateBenchmarksDoc,
} = require('./lib/harness');
const { generate } = require('./report-data');

const LEDGER_ROWS = Number(process.env.LEDGER_ROWS ?? 10_000_000);
const DAYS = Number(process.env.DAYS ?? 90);
const RUNS = Number(process.env.RUNS ?? 10);
const TARGET_MS = 1000;

async function timed(fn) {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const r = (x) => Math.round(x);
  return {
    runs: sorted.length,
    p50: r(percentile(sorted, 50)),
    p95: r(percentile(sorted, 95)),
    max: r(sorted[sorted.length - 1]),
  };
}

async function main() {
  const db = await startDatabase();
  let server;
  try {
    console.log(`generating ${LEDGER_ROWS.toLocaleString('en')} ledger rows over ${DAYS} days…`);
    const data = await generate(db.url, { ledgerRows: LEDGER_ROWS, days: DAYS });
    server = await startServer(db.url);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@reelmeter.local', password: 'bench-admin-password' }),
    }).then((r) => r.json());
    const headers = { authorization: `Bearer ${login.accessToken}` };
    const call = async (method, path) => {
      const res = await fetch(`${server.url}/api/v1${path}`, { method, headers });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };

    // The first dashboard call has no roll-ups yet: every past day reads as "not reported".
    const cold = await timed(() => call('GET', '/admin/dashboard'));
    const today = cold.value.today.date;
    const dates = cold.value.series.map((p) => p.date).filter((d) => d < today);
    console.log(`dashboard before any roll-up: ${Math.round(cold.ms)} ms; generating ${dates.length} daily reports…`);

    const generateMs = [];
    let biggest = { date: null, ledgerRows: 0 };
    const client = new Client({ connectionString: db.url });
    await client.connect();
    for (const date of dates) {
      const r = await timed(() => call('POST', `/admin/reports/daily/${date}/generate`));
      generateMs.push(r.ms);
      const f = r.value.figures;
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM credit_ledger_entries WHERE created_at >= $1 AND created_at < $2`,
        [f.from, f.to],
      );
      if (rows[0].n > biggest.ledgerRows) biggest = { date, ledgerRows: rows[0].n, videos: f.videos, revenueFen: f.revenueFen };
    }
    await client.end();
    console.log(`30 days generated: ${JSON.stringify(stats(generateMs))}; busiest ${JSON.stringify(biggest)}`);

    const repeatMs = [];
    for (let i = 0; i < RUNS; i++)
      repeatMs.push((await timed(() => call('POST', `/admin/reports/daily/${biggest.date}/generate`))).ms);
    const dashboardMs = [];
    let dashboard;
    for (let i = 0; i < RUNS; i++) {
      const r = await timed(() => call('GET', '/admin/dashboard'));
      dashboardMs.push(r.ms);
      dashboard = r.value;
    }
    const result = {
      scenario: 'reports',
      date: new Date().toISOString(),
      machine: machine(),
      loadAverageAtEnd: loadavg().map((x) => Math.round(x * 10) / 10),
      data,
      targetMs: TARGET_MS,
      dailyReport: {
        firstRunOfEachOf30Days: stats(generateMs),
        busiestDay: { ...biggest, repeated: stats(repeatMs) },
      },
      dashboard: {
        withoutRollups: Math.round(cold.ms),
        withRollups: stats(dashboardMs),
        seriesDaysReported: dashboard.series.filter((p) => p.reported).length,
        todayLive: dashboard.today,
      },
    };
    console.log(JSON.stringify(result.dailyReport), JSON.stringify(result.dashboard.withRollups));
    const file = saveResult('reports', result);
    const ok = (s) => (s.max <= TARGET_MS ? 'met' : 'missed');
    const m = result.machine;
    updateBenchmarksDoc(
      'reports',
      'Daily report and dashboard over a large history',
      `Run ${result.date} on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}; API and PostgreSQL on the
same machine, timed over HTTP from a client on loopback. ${describeLoad(result.loadAverageAtEnd)}

Data (\`bench/report-data.js\`, generated inside PostgreSQL with \`generate_series\` in ${data.seconds} s):
${Number(data.ledger).toLocaleString('en')} ledger rows, ${Number(data.jobs).toLocaleString('en')} video jobs (with a completion
usage record per succeeded job), ${Number(data.orders).toLocaleString('en')} orders, ${Number(data.users).toLocaleString('en')} users,
${Number(data.codes).toLocaleString('en')} redemption codes, hourly balance snapshots — over ${data.days} days ending now
(database ${data.size}). The busiest day measured (${biggest.date}) holds ${biggest.ledgerRows.toLocaleString('en')} ledger rows.

| what | runs | p50 ms | p95 ms | max ms | target ≤ ${TARGET_MS} ms |
| --- | --- | --- | --- | --- | --- |
| daily report, first run of each of the last 30 days | ${result.dailyReport.firstRunOfEachOf30Days.runs} | ${result.dailyReport.firstRunOfEachOf30Days.p50} | ${result.dailyReport.firstRunOfEachOf30Days.p95} | ${result.dailyReport.firstRunOfEachOf30Days.max} | ${ok(result.dailyReport.firstRunOfEachOf30Days)} |
| daily report, busiest day again | ${result.dailyReport.busiestDay.repeated.runs} | ${result.dailyReport.busiestDay.repeated.p50} | ${result.dailyReport.busiestDay.repeated.p95} | ${result.dailyReport.busiestDay.repeated.max} | ${ok(result.dailyReport.busiestDay.repeated)} |
| dashboard (today live + 30 stored days) | ${result.dashboard.withRollups.runs} | ${result.dashboard.withRollups.p50} | ${result.dashboard.withRollups.p95} | ${result.dashboard.withRollups.max} | ${ok(result.dashboard.withRollups)} |

"Daily report" is \`POST /api/v1/admin/reports/daily/{date}/generate\`: compute the day from raw rows in one
REPEATABLE READ transaction (orders, ledger by kind, top users, upstream cost per account and day-end balance,
videos, redemptions), store it, announce it. The dashboard before any day was stored took ${result.dashboard.withoutRollups} ms
(it then shows past days as not reported; it never computes them). Raw figures: \`bench/results/reports.json\`.
Every query reads one day's index range, so the time follows the rows of the day, not the size of the
history.`,
    );
    console.log(`wrote ${file}`);
  } finally {
    await server?.stop();
    await db.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
