/**
 * Redemption codes at storefront scale (issue 11): create a batch of 10,000 codes, export it, then
 * redeem every code over HTTP, CONCURRENCY requests at a time from USERS users.
 * Usage: npm run bench -- redeem   (BATCHES=n batches to create and export; CONCURRENCY=n; USERS=n)
 */
const { createHmac } = require('node:crypto');
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

const CODES = 10_000;
const BATCHES = Number(process.env.BATCHES ?? 3);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const USERS = Number(process.env.USERS ?? 1_000);

/** An HS256 access token exactly as the API issues them (signed with the server's JWT_SECRET). */
function accessToken(secret, userId) {
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: userId, role: 'user', typ: 'access', iat: now, exp: now + 3600 })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

async function timed(fn) {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

const summary = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    p50: Math.round(percentile(sorted, 50)),
    p99: Math.round(percentile(sorted, 99)),
    max: Math.round(sorted[sorted.length - 1]),
  };
};

async function main() {
  const db = await startDatabase();
  const server = await startServer(db.url);
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@reelmeter.local', password: 'bench-admin-password' }),
    }).then((r) => r.json());
    const admin = { authorization: `Bearer ${login.accessToken}`, 'content-type': 'application/json' };

    // Create and export BATCHES batches of 10,000 codes each.
    const createMs = [];
    const exportMs = [];
    let codes;
    let batchId;
    for (let i = 0; i < BATCHES; i++) {
      const created = await timed(async () => {
        const res = await fetch(`${server.url}/api/v1/admin/redeem-batches`, {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({ name: `bench ${i}`, count: CODES, credits: 20, priceFen: 990, channel: 'xianyu' }),
        });
        if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
        return res.json();
      });
      createMs.push(created.ms);
      if (created.value.codes.length !== CODES) throw new Error(`created ${created.value.codes.length} codes`);
      const exported = await timed(async () => {
        const res = await fetch(`${server.url}/api/v1/admin/redeem-batches/${created.value.id}/export?format=csv`, {
          headers: admin,
        });
        if (res.status !== 200) throw new Error(`export: ${res.status} ${await res.text()}`);
        return res.text();
      });
      exportMs.push(exported.ms);
      const lines = exported.value
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]);
      if (lines.length !== CODES || lines.some((c, j) => c !== created.value.codes[j]))
        throw new Error('export differs from the batch');
      codes = lines;
      batchId = created.value.id;
    }
    console.log(`create ${JSON.stringify(summary(createMs))}, export ${JSON.stringify(summary(exportMs))}`);

    // Users to redeem with (straight into the tables, as the consume benchmark does).
    const { rows } = await client.query(
      `WITH u AS (INSERT INTO users (email, password_hash) SELECT 'redeem-' || g || '@bench.local', 'x' FROM generate_series(1, $1) g RETURNING id),
            a AS (INSERT INTO credit_accounts (user_id) SELECT id FROM u RETURNING user_id)
       SELECT user_id AS id FROM a`,
      [USERS],
    );
    const tokens = rows.map((r) => `Bearer ${accessToken(server.secret, r.id)}`);

    // Redeem the last batch's 10,000 codes.
    const latencies = [];
    const statuses = new Map();
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < codes.length) {
          const i = next++;
          const r = await timed(() =>
            fetch(`${server.url}/api/v1/redeem`, {
              method: 'POST',
              headers: { authorization: tokens[i % tokens.length], 'content-type': 'application/json' },
              body: JSON.stringify({ code: codes[i] }),
            }).then(async (res) => {
              await res.arrayBuffer();
              return res.status;
            }),
          );
          latencies.push(r.ms);
          statuses.set(r.value, (statuses.get(r.value) ?? 0) + 1);
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const ok = statuses.get(200) ?? 0;
    const [books] = (
      await client.query(
        `SELECT (SELECT count(*) FROM redeem_codes WHERE batch_id = $1 AND status = 'redeemed')::int AS redeemed,
                (SELECT count(*) FROM credit_ledger_entries WHERE kind = 'redeem')::int AS ledger_rows,
                (SELECT coalesce(sum(available), 0) FROM credit_accounts a JOIN users u ON u.id = a.user_id WHERE u.email LIKE 'redeem-%')::int AS credits`,
        [batchId],
      )
    ).rows;
    console.log({ ok, statuses: Object.fromEntries(statuses), seconds, books });
    if (ok !== CODES || books.redeemed !== CODES || books.ledger_rows !== CODES || books.credits !== CODES * 20) {
      throw new Error('not every code was redeemed exactly once; the run is not a measurement');
    }

    const result = {
      scenario: 'redeem',
      date: new Date().toISOString(),
      machine: machine(),
      loadAverageAtEnd: loadavg().map((x) => Math.round(x * 10) / 10),
      settings: { codesPerBatch: CODES, batches: BATCHES, concurrency: CONCURRENCY, users: USERS },
      createBatchMs: summary(createMs),
      exportMs: summary(exportMs),
      redeem: {
        codes: CODES,
        seconds: Math.round(seconds * 10) / 10,
        perSecond: Math.round(CODES / seconds),
        latencyMs: summary(latencies),
        books,
      },
    };
    const file = saveResult('redeem', result);
    const m = result.machine;
    const r = result.redeem;
    updateBenchmarksDoc(
      'redeem',
      'Redemption codes: a 10,000-code batch',
      `Run ${result.date} on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}; API and PostgreSQL on the
same machine, timed over HTTP on loopback. ${describeLoad(result.loadAverageAtEnd)}

| step | result |
| --- | --- |
| create a batch of 10,000 codes (\`POST /api/v1/admin/redeem-batches\`: draw, hash, one insert, codes in the response), ${BATCHES} runs | p50 **${result.createBatchMs.p50} ms**, max ${result.createBatchMs.max} ms |
| export it once as CSV (\`GET …/{id}/export\`: read and erase in one statement) | p50 **${result.exportMs.p50} ms**, max ${result.exportMs.max} ms |
| redeem all 10,000 codes, ${CONCURRENCY} concurrent requests from ${USERS.toLocaleString('en')} users | **${r.perSecond} redemptions/s** (${r.seconds} s); latency p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms |

Each redemption is one transaction: the conditional claim of the code, the \`redeem\` ledger row and its lot.
Checked after the run: ${r.books.redeemed.toLocaleString('en')} codes redeemed, ${r.books.ledger_rows.toLocaleString('en')} \`redeem\` ledger rows,
${r.books.credits.toLocaleString('en')} credits on the users' accounts — each code exactly once (the run fails otherwise).
Raw figures: \`bench/results/redeem.json\`.`,
    );
    console.log(`wrote ${file}`);
  } finally {
    await client.end();
    await server.stop();
    await db.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
