/**
 * Consume over HTTP against the physical reference: the same conditional UPDATE + ledger INSERT
 * run by pgbench on the same database. Scenarios: 10k users spread, and one hot user.
 * Usage: npm run bench -- consume   (DURATION=seconds, CONNECTIONS=n to override)
 */
const autocannon = require('autocannon');
const { createHmac } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const { mkdtempSync, writeFileSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir, loadavg } = require('node:os');
const { join } = require('node:path');
const { Client } = require('pg');
const {
  startDatabase,
  startServer,
  machine,
  cpuSnapshot,
  cpuPerOperation,
  percentile,
  saveResult,
  updateBenchmarksDoc,
} = require('./lib/harness');

const USERS = 10_000;
const DURATION = Number(process.env.DURATION ?? 15);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 64);
const BIG = 1_000_000_000;
// Connections per API instance. Two cores run PostgreSQL, Node and the load generator; more
// backends than about five per core only add context switches (measured: PostgreSQL CPU per
// request 4.4 ms with 10 connections, 10.3 ms with 40, on a busy machine).
const POOL = Number(process.env.POOL ?? 10);

/** How busy the machine was (other processes compete for the same cores): load and CPU pressure. */
function contention() {
  let pressure = null;
  try {
    const line = readFileSync('/proc/pressure/cpu', 'utf8').split('\n')[0];
    pressure = Number(/avg60=([\d.]+)/.exec(line)?.[1]);
  } catch {
    // no PSI on this kernel
  }
  return { loadAverage1m: +loadavg()[0].toFixed(2), cpuPressureAvg60: pressure };
}

async function seedUsers(url, count, balance) {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE TABLE IF NOT EXISTS bench_users (n int PRIMARY KEY, id uuid NOT NULL)`);
  const { rows } = await client.query(
    `WITH u AS (
       INSERT INTO users (email, password_hash) SELECT 'bench-' || g || '-' || gen_random_uuid() || '@example.com', 'x'
         FROM generate_series(1, $1) g RETURNING id)
     SELECT id FROM u`,
    [count],
  );
  const ids = rows.map((r) => r.id);
  await client.query(`INSERT INTO credit_accounts (user_id, available, total_granted) SELECT unnest($1::uuid[]), $2, $2`, [
    ids,
    balance,
  ]);
  await client.query(
    `INSERT INTO credit_ledger_entries (user_id, kind, amount, balance_after, description)
     SELECT unnest($1::uuid[]), 'admin_adjust', $2, $2, 'bench seed'`,
    [ids, balance],
  );
  // Balances are held in lots (consumption drains them soonest-expiring first): one open lot per user.
  await client.query(
    `INSERT INTO credit_lots (user_id, source_kind, amount, remaining) SELECT unnest($1::uuid[]), 'admin_adjust', $2, $2`,
    [ids, balance],
  );
  const start = (await client.query(`SELECT coalesce(max(n), 0) AS n FROM bench_users`)).rows[0].n;
  await client.query(
    `INSERT INTO bench_users (n, id) SELECT $2 + ordinality, id FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id)`,
    [ids, start],
  );
  await client.query('ANALYZE');
  await client.end();
  return { ids, firstN: start + 1 };
}

/** An HS256 access token exactly as the API issues them (signed with the server's JWT_SECRET). */
function accessToken(secret, userId) {
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: userId, role: 'user', typ: 'access', iat: now, exp: now + 3600 })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

async function http(server, ids) {
  const tokens = ids.map((id) => `Bearer ${accessToken(server.secret, id)}`);
  const body = JSON.stringify({ amount: 1, action: 'bench' });
  const cpuBefore = cpuSnapshot(server.pid);
  const result = await autocannon({
    url: server.url,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/credits/consume',
        setupRequest: (req) => ({
          ...req,
          headers: { 'content-type': 'application/json', authorization: tokens[Math.floor(Math.random() * tokens.length)] },
          body,
        }),
      },
    ],
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    cpu: cpuPerOperation(cpuBefore, cpuSnapshot(server.pid), result.requests.total),
  };
}

function pgbench(url, users) {
  const dir = mkdtempSync(join(tmpdir(), 'reelmeter-pgbench-'));
  const script = join(dir, 'consume.sql');
  const pick =
    users.count === 1 ? `\\set n ${users.firstN}` : `\\set n random(${users.firstN}, ${users.firstN + users.count - 1})`;
  writeFileSync(
    script,
    `${pick}
BEGIN;
UPDATE credit_accounts SET available = available - 1, total_used = total_used + 1, updated_at = now()
 WHERE user_id = (SELECT id FROM bench_users WHERE n = :n) AND available >= 1 RETURNING available AS bal \\gset
INSERT INTO credit_ledger_entries (user_id, kind, amount, balance_after, action)
 VALUES ((SELECT id FROM bench_users WHERE n = :n), 'consume', -1, :bal, 'bench');
COMMIT;
`,
  );
  const cpuBefore = cpuSnapshot();
  const run = spawnSync(
    'pgbench',
    [
      '-n',
      '-c',
      String(CONNECTIONS),
      '-j',
      '2',
      '-T',
      String(DURATION),
      '-f',
      script,
      '-l',
      `--log-prefix=${join(dir, 'log')}`,
      url,
    ],
    { encoding: 'utf8' },
  );
  const cpuAfter = cpuSnapshot();
  if (run.status !== 0) throw new Error(`pgbench failed: ${run.stderr}`);
  const latencies = [];
  for (const file of readdirSync(dir).filter((f) => f.startsWith('log'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const parts = line.split(' ');
      if (parts.length >= 3) latencies.push(Number(parts[2]) / 1000);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  const tps = Number(/tps = ([\d.]+)/.exec(run.stdout)?.[1] ?? 0);
  const processed = Number(/number of transactions actually processed: (\d+)/.exec(run.stdout)?.[1] ?? 0);
  return {
    transactionsPerSecond: Math.round(tps),
    cpu: cpuPerOperation(cpuBefore, cpuAfter, processed),
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
  };
}

async function ledgerCheck(url, userId) {
  const client = new Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query(
    `SELECT a.available, (SELECT sum(amount) FROM credit_ledger_entries WHERE user_id = a.user_id) AS ledger
       FROM credit_accounts a WHERE user_id = $1`,
    [userId],
  );
  await client.end();
  return { available: Number(rows[0].available), ledgerSum: Number(rows[0].ledger) };
}

async function main() {
  const db = await startDatabase();
  const server = await startServer(db.url, { DATABASE_POOL_SIZE: String(POOL) });
  const before = contention();
  try {
    const spread = await seedUsers(db.url, USERS, BIG);
    const spreadHttp = await http(server, spread.ids);
    // Every spread request must succeed (the balances are huge); otherwise the run measured refusals.
    if (spreadHttp.non2xx > 0 || spreadHttp.errors > 0) {
      throw new Error(`invalid run: ${spreadHttp.non2xx} non-2xx and ${spreadHttp.errors} errors in the 10k-user scenario`);
    }
    const spreadPg = pgbench(db.url, { firstN: spread.firstN, count: USERS });

    // Hot user: a balance smaller than what the load would spend, to prove zero overdraft under contention.
    const hotBalance = 20_000;
    const hot = await seedUsers(db.url, 1, hotBalance);
    const hotHttp = await http(server, hot.ids);
    const hotBooks = await ledgerCheck(db.url, hot.ids[0]);
    const hotPgUser = await seedUsers(db.url, 1, BIG);
    const hotPg = pgbench(db.url, { firstN: hotPgUser.firstN, count: 1 });

    const after = contention();
    const result = {
      scenario: 'consume',
      date: new Date().toISOString(),
      machine: machine(),
      settings: { users: USERS, connections: CONNECTIONS, durationSeconds: DURATION, poolSize: POOL },
      contention: { before, after },
      spread: {
        http: spreadHttp,
        pgbench: spreadPg,
        ratio: +(spreadHttp.requestsPerSecond / spreadPg.transactionsPerSecond).toFixed(2),
      },
      hotUser: {
        http: hotHttp,
        pgbench: hotPg,
        ratio: +(hotHttp.requestsPerSecond / hotPg.transactionsPerSecond).toFixed(2),
        startingBalance: hotBalance,
        books: hotBooks,
        overdraft: hotBooks.available < 0 || hotBooks.available !== hotBooks.ledgerSum,
      },
    };
    const file = saveResult('consume', result);
    const cpuRow = (name, c) =>
      `| ${name} | ${c.msPerOperation.api || '–'} | ${c.msPerOperation.postgres} | ${c.msPerOperation.loadGenerator} | ${c.msPerOperation.machine} | ${Math.round(c.machineBusyShare * 100)} % |`;
    const row = (name, h, p, ratio) =>
      `| ${name} | ${h.requestsPerSecond} | ${h.latencyMs.p50} / ${h.latencyMs.p99} | ${p.transactionsPerSecond} | ${p.latencyMs.p50?.toFixed(1)} / ${p.latencyMs.p99?.toFixed(1)} | ${ratio} |`;
    updateBenchmarksDoc(
      'consume',
      'Consume credits over HTTP vs. PostgreSQL itself',
      `Run ${result.date} on ${result.machine.cpus} × ${result.machine.cpuModel}, ${result.machine.memoryGiB} GiB, Node ${result.machine.node};
${CONNECTIONS} connections for ${DURATION} s each, API pool ${POOL} database connections. HTTP: \`POST /api/v1/credits/consume\`
through the whole stack (JWT auth — the user's role and status from the instance's cache —, validation, then one statement: \`credit_consume\` = conditional UPDATE,
ledger INSERT and lot allocation). Reference: \`pgbench\` running the same UPDATE + INSERT transaction (without the lots) on the
same database, same machine, same connection count. Machine load while it ran: load average ${before.loadAverage1m} → ${after.loadAverage1m},
CPU pressure (share of time something waited for a core) ${before.cpuPressureAvg60} % → ${after.cpuPressureAvg60} %.

| scenario | HTTP req/s | HTTP p50 / p99 ms | pgbench tps | pgbench p50 / p99 ms | ratio |
| --- | --- | --- | --- | --- | --- |
${row(`${USERS.toLocaleString('en')} users`, spreadHttp, spreadPg, result.spread.ratio)}
${row('one hot user', hotHttp, hotPg, result.hotUser.ratio)}

CPU per charge (ms of CPU time, from \`/proc\`; "machine" is all busy time of both cores, kernel included), and the share of
the machine's CPU in use while it ran:

| run | API (Node) | PostgreSQL | load generator | machine | machine busy |
| --- | --- | --- | --- | --- | --- |
${cpuRow('HTTP, 10,000 users', spreadHttp.cpu)}
${cpuRow('pgbench, 10,000 users', spreadPg.cpu)}
${cpuRow('HTTP, one hot user', hotHttp.cpu)}
${cpuRow('pgbench, one hot user', hotPg.cpu)}

Hot user: started with ${hotBalance} credits; ${hotHttp.total} requests; ended with ${hotBooks.available} available, ledger sum
${hotBooks.ledgerSum} — ${result.hotUser.overdraft ? '**OVERDRAFT**' : 'no overdraft'} (refused requests answered 400 INSUFFICIENT_CREDITS).
Raw figures: \`bench/results/consume.json\`.`,
    );
    console.log(JSON.stringify(result, null, 2));
    console.log(`wrote ${file}`);
  } finally {
    await server.stop();
    await db.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
