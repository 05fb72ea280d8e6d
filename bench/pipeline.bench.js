/**
 * The video pipeline end to end: the built server, a real PostgreSQL and the fake upstream over
 * HTTP (in this process). Two scenarios:
 *  - throughput: JOBS jobs submitted over HTTP (CONCURRENCY at a time) against a zero-latency fake;
 *    jobs/s from the first submit until the last job is succeeded;
 *  - status lag: IN_FLIGHT tasks in flight at once, each taking GENERATION_S seconds upstream (default:
 *    long enough that all are in flight before the first ends), polled every POLL_INTERVAL_MS; the lag is
 *    how long after the upstream finished a task our job row said succeeded.
 * A run in which any job did not succeed is refused (it would measure a broken set-up). The load average
 * is recorded: the machine is usually shared.
 * Usage: npm run bench -- pipeline
 *   (JOBS, CONCURRENCY, IN_FLIGHT, GENERATION_S, POLL_INTERVAL_MS, POLL_CONCURRENCY, ACCOUNTS to override;
 *   SCENARIOS=throughput or SCENARIOS=lag runs one, and prints its figures without recording them)
 */
const { createHmac, randomBytes } = require('node:crypto');
const { loadavg } = require('node:os');
const { join } = require('node:path');
const { Client } = require('pg');
const {
  ROOT,
  startDatabase,
  startServer,
  machine,
  cpuSnapshot,
  cpuPerOperation,
  printTopStatements,
  percentile,
  saveResult,
  updateBenchmarksDoc,
} = require('./lib/harness');

const JOBS = Number(process.env.JOBS ?? 2000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const IN_FLIGHT = Number(process.env.IN_FLIGHT ?? 5000);
const GENERATION_S = process.env.GENERATION_S ? Number(process.env.GENERATION_S) : undefined;
const POLL_INTERVAL_MS = Number(process.env.POLL_INTERVAL_MS ?? 10_000);
const POLL_CONCURRENCY = Number(process.env.POLL_CONCURRENCY ?? 64);
const USERS = 200;
// Upstream accounts in the pool (the issue's figures: one). Each finishing job updates its account's cost
// totals, so jobs of one account serialize on that row; more accounts spread them.
const ACCOUNTS = Number(process.env.ACCOUNTS ?? 1);
// Both by default; one of them (SCENARIOS=throughput) for a quick look: printed, not recorded.
const SCENARIOS = (process.env.SCENARIOS ?? 'throughput,lag').split(',');

function fakeUpstream() {
  const file = join(ROOT, 'tools', 'fake-upstream', 'dist', 'index.js');
  return require(file);
}

function accessToken(secret, userId) {
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: userId, role: 'user', typ: 'access', iat: now, exp: now + 7200 })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

async function seedUsers(client, count) {
  const { rows } = await client.query(
    `INSERT INTO users (email, password_hash) SELECT 'pipe-' || g || '-' || gen_random_uuid() || '@example.com', 'x'
       FROM generate_series(1, $1) g RETURNING id`,
    [count],
  );
  const ids = rows.map((r) => r.id);
  const balance = 100_000_000;
  await client.query(`INSERT INTO credit_accounts (user_id, available, total_granted) SELECT unnest($1::uuid[]), $2, $2`, [
    ids,
    balance,
  ]);
  await client.query(
    `INSERT INTO credit_ledger_entries (user_id, kind, amount, balance_after, description)
     SELECT unnest($1::uuid[]), 'admin_adjust', $2, $2, 'bench seed'`,
    [ids, balance],
  );
  // Balances are held in lots (a debit drains them; sum of remaining = available): one open lot per user.
  await client.query(
    `INSERT INTO credit_lots (user_id, source_kind, amount, remaining) SELECT unnest($1::uuid[]), 'admin_adjust', $2, $2`,
    [ids, balance],
  );
  await client.query('ANALYZE');
  return ids;
}

async function addAccount(server, fake, key) {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@reelmeter.local', password: 'bench-admin-password' }),
  }).then((r) => r.json());
  const res = await fetch(`${server.url}/api/v1/admin/provider-accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}` },
    body: JSON.stringify({ provider: 'vivaapi', name: `bench-${key.slice(-6)}`, baseUrl: fake.url, apiKey: key }),
  });
  if (res.status !== 201) throw new Error(`could not add the upstream account: ${res.status} ${await res.text()}`);
}

/** Submits `count` jobs, `concurrency` at a time; returns submit latencies (ms). */
async function submitMany(server, tokens, count, concurrency, prompt) {
  const latencies = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const started = performance.now();
      const res = await fetch(`${server.url}/api/v1/videos`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: tokens[i % tokens.length] },
        body: JSON.stringify({ prompt: `${prompt} ${i}`, model: 'veo3', durationSeconds: 8, orientation: 'landscape' }),
      });
      if (res.status !== 202) throw new Error(`submit ${i}: ${res.status} ${await res.text()}`);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return latencies.sort((a, b) => a - b);
}

async function waitUntil(client, sql, done, limitMs) {
  const deadline = Date.now() + limitMs;
  let reported = Date.now();
  for (;;) {
    const { rows } = await client.query(sql);
    if (done(rows[0])) return rows[0];
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${JSON.stringify(rows[0])}`);
    if (Date.now() - reported >= 10_000) {
      reported = Date.now();
      const { rows: states } = await client.query(`SELECT status, count(*)::int AS n FROM video_jobs GROUP BY 1 ORDER BY 1`);
      console.log(`    ${states.map((r) => `${r.status} ${r.n}`).join(', ')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const TERMINAL_SQL = `SELECT count(*) FILTER (WHERE status IN ('succeeded', 'failed', 'canceled'))::int AS done FROM video_jobs`;

/** A run where jobs failed measured something else (a broken set-up, an overloaded upstream): refuse it. */
async function assertAllSucceeded(client) {
  const { rows } = await client.query(
    `SELECT status, error_kind, left(error_detail, 200) AS detail, count(*)::int AS n FROM video_jobs
      WHERE status <> 'succeeded' GROUP BY 1, 2, 3 ORDER BY n DESC`,
  );
  if (rows.length) throw new Error(`invalid run: jobs did not succeed: ${JSON.stringify(rows)}`);
}

async function scenario(name, { fakeOptions, env, run }) {
  const db = await startDatabase();
  const { startFakeUpstream } = fakeUpstream();
  const fake = await startFakeUpstream(fakeOptions);
  const server = await startServer(db.url, {
    UPSTREAM_SECRET_KEY: randomBytes(32).toString('base64'),
    SIMULATED_UPSTREAM_ENABLED: 'false',
    DAILY_GENERATION_LIMIT: '0',
    ...env,
  });
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    for (let i = 0; i < ACCOUNTS; i++) {
      const key = `sk-bench-${randomBytes(6).toString('hex')}`;
      fake.upsertKey({ key, balanceFen: 1_000_000_000 });
      await addAccount(server, fake, key);
    }
    const ids = await seedUsers(client, USERS);
    const tokens = ids.map((id) => `Bearer ${accessToken(server.secret, id)}`);
    console.log(`  ${name}…`);
    const result = await run({ server, client, tokens });
    await printTopStatements(db.url);
    return result;
  } finally {
    await client.end();
    await server.stop();
    await fake.close();
    await db.stop();
  }
}

function load() {
  return loadavg().map((n) => Math.round(n * 100) / 100);
}

async function main() {
  const loadBefore = load();
  if (!SCENARIOS.includes('throughput')) {
    console.log(await lagScenario(Number(process.env.SUBMITS_PER_SECOND ?? 200)));
    return;
  }
  const throughput = await scenario('throughput', {
    fakeOptions: {
      seed: 1,
      timeScale: 0.000001,
      scenario: { submitLatencyMs: [0, 0], pollLatencyMs: [0, 0], queueMs: [0, 0], generationMs: [0, 0], progressRegressRate: 0 },
    },
    env: { VIDEO_SUBMIT_CONCURRENCY: '32', VIDEO_POLL_INITIAL_MS: '50', VIDEO_POLL_MAX_MS: '200', VIDEO_POLL_TICK_MS: '20' },
    run: async ({ server, client, tokens }) => {
      const started = performance.now();
      const cpuBefore = cpuSnapshot(server.pid);
      const submit = await submitMany(server, tokens, JOBS, CONCURRENCY, 'throughput');
      const submittedMs = performance.now() - started;
      await waitUntil(client, TERMINAL_SQL, (r) => r.done === JOBS, 600_000);
      // The load generator here is this process: the HTTP submitters and the fake upstream.
      const cpu = cpuPerOperation(cpuBefore, cpuSnapshot(server.pid), JOBS);
      await assertAllSucceeded(client);
      const totalMs = performance.now() - started;
      const { rows } = await client.query(
        `SELECT extract(epoch FROM finished_at - created_at) * 1000 AS ms FROM video_jobs ORDER BY 1`,
      );
      const e2e = rows.map((r) => Number(r.ms));
      return {
        jobs: JOBS,
        concurrency: CONCURRENCY,
        upstreamAccounts: ACCOUNTS,
        submitsPerSecond: Math.round((JOBS / submittedMs) * 1000),
        jobsPerSecond: Math.round((JOBS / totalMs) * 1000 * 10) / 10,
        cpu,
        submitLatencyMs: { p50: Math.round(percentile(submit, 50)), p99: Math.round(percentile(submit, 99)) },
        endToEndMs: {
          p50: Math.round(percentile(e2e, 50)),
          p99: Math.round(percentile(e2e, 99)),
          max: Math.round(e2e[e2e.length - 1]),
        },
        loadAverage: load(),
      };
    },
  });
  console.log(throughput);
  if (!SCENARIOS.includes('lag')) return;
  const lag = await lagScenario(throughput.submitsPerSecond);
  console.log(lag);
  record(loadBefore, throughput, lag);
}

async function lagScenario(submitsPerSecond) {
  // Every task must still be generating when the last one is submitted, or fewer than IN_FLIGHT are ever in
  // flight at once: without GENERATION_S, the generation time is the measured submit time plus a margin.
  const generationS = GENERATION_S ?? Math.max(120, Math.ceil((IN_FLIGHT / Math.max(1, submitsPerSecond)) * 1.5) + 60);
  return scenario('status lag', {
    fakeOptions: {
      seed: 2,
      timeScale: 1,
      scenario: {
        submitLatencyMs: [0, 0],
        pollLatencyMs: [0, 0],
        queueMs: [0, 0],
        generationMs: [generationS * 1000, generationS * 1000],
        progressRegressRate: 0,
      },
    },
    env: {
      VIDEO_SUBMIT_CONCURRENCY: '32',
      // A fixed poll interval: the first poll and every later one POLL_INTERVAL_MS apart.
      VIDEO_POLL_INITIAL_MS: String(POLL_INTERVAL_MS),
      VIDEO_POLL_MAX_MS: String(POLL_INTERVAL_MS),
      VIDEO_POLL_CONCURRENCY: String(POLL_CONCURRENCY),
    },
    run: async ({ server, client, tokens }) => {
      const started = performance.now();
      await submitMany(server, tokens, IN_FLIGHT, CONCURRENCY, 'lag');
      const submitSeconds = Math.round((performance.now() - started) / 100) / 10;
      const peak = await waitUntil(
        client,
        `SELECT count(*) FILTER (WHERE status = 'running')::int AS running,
                count(*) FILTER (WHERE status IN ('succeeded', 'failed', 'canceled'))::int AS done FROM video_jobs`,
        (r) => r.running + r.done === IN_FLIGHT,
        600_000,
      );
      const loadInFlight = load();
      await waitUntil(client, TERMINAL_SQL, (r) => r.done === IN_FLIGHT, 600_000 + generationS * 1000);
      await assertAllSucceeded(client);
      // The upstream finished each task generationS after it accepted it (submitted_at is just after).
      const { rows } = await client.query(
        `SELECT extract(epoch FROM finished_at - submitted_at) * 1000 - $1 AS lag, poll_count FROM video_jobs ORDER BY 1`,
        [generationS * 1000],
      );
      const lags = rows.map((r) => Math.max(0, Number(r.lag)));
      const polls = rows.map((r) => Number(r.poll_count)).sort((a, b) => a - b);
      return {
        inFlight: IN_FLIGHT,
        runningAtOnce: peak.running,
        submitSeconds,
        generationSeconds: generationS,
        pollIntervalMs: POLL_INTERVAL_MS,
        pollConcurrency: POLL_CONCURRENCY,
        lagMs: {
          p50: Math.round(percentile(lags, 50)),
          p95: Math.round(percentile(lags, 95)),
          p99: Math.round(percentile(lags, 99)),
          max: Math.round(lags[lags.length - 1]),
        },
        pollsPerJob: { p50: percentile(polls, 50), max: polls[polls.length - 1] },
        // Polls the tasks needed per second on average (one per task per interval) over the generation.
        pollsPerSecondNeeded: Math.round((peak.running * 1000) / POLL_INTERVAL_MS),
        loadAverageInFlight: loadInFlight,
        loadAverage: load(),
      };
    },
  });
}

function record(loadBefore, throughput, lag) {
  const result = { at: new Date().toISOString(), machine: { ...machine(), loadAverageBefore: loadBefore }, throughput, lag };
  const file = saveResult('pipeline', result);
  const verdict = (ok) => (ok ? 'met' : 'missed');
  updateBenchmarksDoc(
    'pipeline',
    'Video pipeline',
    `Measured ${result.at} on ${result.machine.cpus} CPUs (${result.machine.cpuModel}), Node ${result.machine.node}; the API,
its PostgreSQL, the fake upstream and the load generator share the machine: load average (1/5/15 min) ${loadBefore.join(' / ')}
before the run, ${throughput.loadAverage.join(' / ')} after the throughput scenario, ${lag.loadAverageInFlight.join(' / ')} with
all lag tasks in flight. Raw numbers: \`bench/results/pipeline.json\`.

| scenario | result | target (issue 10) |
| --- | --- | --- |
| throughput: ${throughput.jobs} jobs, ${throughput.concurrency} concurrent submitters, zero-latency upstream | **${throughput.jobsPerSecond} jobs/s** end to end (submit ${throughput.submitsPerSecond}/s; submit p50 ${throughput.submitLatencyMs.p50} ms, p99 ${throughput.submitLatencyMs.p99} ms; job p50 ${throughput.endToEndMs.p50} ms, p99 ${throughput.endToEndMs.p99} ms) | ≥ 300 jobs/s — ${verdict(throughput.jobsPerSecond >= 300)} |
| status lag: ${lag.inFlight} tasks (${lag.runningAtOnce} in flight at once, submitted in ${lag.submitSeconds} s), ${lag.generationSeconds} s each, polled every ${lag.pollIntervalMs / 1000} s, ${lag.pollConcurrency} polls in flight | lag from upstream completion to \`succeeded\`: p50 ${lag.lagMs.p50} ms, p95 ${lag.lagMs.p95} ms, **p99 ${lag.lagMs.p99} ms**, max ${lag.lagMs.max} ms; ${lag.pollsPerJob.p50} polls per job (p50) | p99 ≤ 15 s — ${verdict(lag.lagMs.p99 <= 15_000)} |

CPU per job in the throughput run (ms of CPU time from \`/proc\`): API ${throughput.cpu.msPerOperation.api}, PostgreSQL
${throughput.cpu.msPerOperation.postgres}, this process (the HTTP submitters and the fake upstream) ${throughput.cpu.msPerOperation.loadGenerator};
the whole machine ${throughput.cpu.msPerOperation.machine} (kernel included), busy ${Math.round(throughput.cpu.machineBusyShare * 100)} % of both cores.
`,
  );
  console.log(`wrote ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
