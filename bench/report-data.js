/**
 * Generates a large, realistic history for the report benchmark, entirely inside PostgreSQL with
 * generate_series (no rows travel through Node):
 *   users + credit accounts, LEDGER ledger rows (default 10,000,000), LEDGER / 10 video jobs with a
 *   completion usage record per finished job, paid and refunded orders, redeemed codes, and hourly
 *   upstream balance snapshots — spread over DAYS days ending now (default 90), ids rising with time
 *   as in a real ledger.
 *
 * Fast load: the session runs with session_replication_role = replica (no FK or append-only trigger
 * work; the rows are consistent by construction) and the big tables' secondary indexes are dropped
 * before the load and rebuilt after it, exactly as the migrations defined them.
 *
 * Standalone: DATABASE_URL=postgres://… node bench/report-data.js [ledgerRows] [days]
 * (a migrated, empty ReelMeter database; the bench creates its own).
 */
const { Client } = require('pg');

const BIG_TABLES = ['credit_ledger_entries', 'video_jobs', 'upstream_usage_records', 'payment_orders', 'redeem_codes'];

async function generate(url, { ledgerRows = 10_000_000, days = 90, log = console.log } = {}) {
  const client = new Client({ connectionString: url });
  await client.connect();
  const t0 = Date.now();
  const step = async (what, sql, params = []) => {
    const started = Date.now();
    const res = await client.query(sql, params);
    log(`  ${what}: ${res.rowCount ?? ''} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return res;
  };
  try {
    await client.query(`SET session_replication_role = replica`);
    await client.query(`SET synchronous_commit = off`);
    await client.query(`SET maintenance_work_mem = '512MB'`);
    await client.query(`SET max_parallel_maintenance_workers = 2`);
    const users = Math.max(1_000, Math.round(ledgerRows / 100));
    const jobs = Math.round(ledgerRows / 10);
    const orders = Math.round(ledgerRows / 50);
    const span = `${days} days`;

    // Secondary indexes of the big tables, to rebuild after the load.
    const { rows: indexes } = await client.query(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i
         JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid
        WHERE i.schemaname = 'public' AND i.tablename = ANY($1) AND NOT x.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)`,
      [BIG_TABLES],
    );
    for (const ix of indexes) await client.query(`DROP INDEX ${ix.indexname}`);
    log(`  dropped ${indexes.length} secondary indexes for the load`);

    await step(
      'users',
      `INSERT INTO users (email, password_hash, created_at)
       SELECT 'bench-' || g || '@bench.local', 'x', now() - $2::interval FROM generate_series(1, $1) g`,
      [users, span],
    );
    await client.query(`CREATE TEMP TABLE u AS SELECT row_number() OVER () - 1 AS n, id FROM users WHERE email LIKE 'bench-%'`);
    await client.query(`CREATE INDEX ON u (n)`);
    await client.query(`ANALYZE u`);
    // Skewed usage: a few heavy users (for the top-users lists), the rest light.
    await step(
      'credit accounts',
      `INSERT INTO credit_accounts (user_id, available, total_granted, total_used)
       SELECT id, 100 + (n % 500), 100 + (n % 500) + (1000000 / (n + 10)), 1000000 / (n + 10) FROM u`,
    );

    // Ledger: row g at time start + g/N of the span (plus jitter); kinds in realistic proportions.
    await step(
      'ledger rows',
      `INSERT INTO credit_ledger_entries (user_id, kind, amount, balance_after, action, reference_type, reference_id, created_at)
       SELECT u.id, k.kind,
              CASE k.kind WHEN 'consume' THEN -15 WHEN 'expire' THEN -7 WHEN 'order_refund' THEN -50
                          WHEN 'purchase' THEN 150 WHEN 'purchase_bonus' THEN 30 WHEN 'signup_bonus' THEN 520
                          WHEN 'refund' THEN 15 WHEN 'redeem' THEN 20 ELSE 25 END,
              1000, CASE WHEN k.kind IN ('consume', 'refund') THEN 'video' END,
              CASE WHEN k.kind IN ('consume', 'refund') THEN 'video_job' END,
              CASE WHEN k.kind IN ('consume', 'refund') THEN 'bench-' || g END,
              now() - $2::interval + (g::float8 / $1) * $2::interval + (random() * interval '10 minutes') - interval '10 minutes'
         FROM generate_series(1, $1) g
         JOIN u ON u.n = (hashint4(g)::bigint & 2147483647) % $3 % (CASE WHEN g % 3 = 0 THEN 50 ELSE $3 END)
         CROSS JOIN LATERAL (SELECT CASE
              WHEN g % 100 < 70 THEN 'consume' WHEN g % 100 < 75 THEN 'refund' WHEN g % 100 < 83 THEN 'purchase'
              WHEN g % 100 < 87 THEN 'purchase_bonus' WHEN g % 100 < 90 THEN 'signup_bonus' WHEN g % 100 < 93 THEN 'expire'
              WHEN g % 100 < 96 THEN 'redeem' WHEN g % 100 < 97 THEN 'order_refund' ELSE 'admin_adjust' END AS kind) k`,
      [ledgerRows, span, users],
    );

    const { rows: accounts } = await client.query(
      `INSERT INTO upstream_accounts (provider, name, base_url, api_key_encrypted, api_key_hint, cost_model, cost_fen, total_topup_fen, total_cost_fen, balance_fen, balance_source)
       SELECT 'vivaapi', 'bench-' || g, 'http://127.0.0.1:9', 'x', 'xxxx', 'per_video', 110, 500000000, 0, 100000000, 'reported'
         FROM generate_series(1, 3) g RETURNING id`,
    );
    await client.query(
      `CREATE TEMP TABLE acc AS SELECT row_number() OVER () - 1 AS n, id FROM upstream_accounts WHERE name LIKE 'bench-%'`,
    );

    await step(
      'video jobs',
      `INSERT INTO video_jobs (id, user_id, status, model, duration_seconds, orientation, prompt, credits, progress,
                               upstream_account_id, provider_task_id, cost_fen, error_kind, refunded, deadline_at, created_at, finished_at)
       SELECT gen_random_uuid(), u.id, s.status, 'veo3', 8, 'landscape', 'bench prompt ' || g, 15,
              CASE WHEN s.status = 'succeeded' THEN 100 ELSE 40 END,
              acc.id, CASE WHEN s.status IN ('succeeded', 'failed') THEN 'task-' || g END,
              CASE WHEN s.status = 'succeeded' THEN 110 END,
              CASE WHEN s.status = 'failed' THEN 'generation_failed' END, s.status <> 'succeeded',
              t.at + interval '30 minutes', t.at, t.at + interval '2 minutes'
         FROM generate_series(1, $1) g
         CROSS JOIN LATERAL (SELECT now() - $2::interval + (g::float8 / $1) * $2::interval AS at) t
         CROSS JOIN LATERAL (SELECT CASE WHEN g % 100 < 90 THEN 'succeeded' WHEN g % 100 < 98 THEN 'failed' ELSE 'canceled' END AS status) s
         JOIN u ON u.n = (hashint4(g)::bigint & 2147483647) % $3
         JOIN acc ON acc.n = g % 3`,
      [jobs, span, users],
    );
    await step(
      'upstream usage records',
      `INSERT INTO upstream_usage_records (account_id, operation, outcome, latency_ms, user_id, job_id, model, credits, cost_fen, created_at)
       SELECT upstream_account_id, 'completion', 'success', 1500, user_id, id::text, model, credits, cost_fen, finished_at
         FROM video_jobs WHERE status = 'succeeded'`,
    );
    await step(
      'balance snapshots (hourly)',
      `INSERT INTO upstream_balance_snapshots (account_id, balance_fen, source, created_at)
       SELECT acc.id, 100000000 - h * 1000, 'reported', now() - $1::interval + h * interval '1 hour'
         FROM acc, generate_series(0, extract(epoch FROM $1::interval)::int / 3600) h`,
      [span],
    );

    const { rows: pkgs } = await client.query(`SELECT id, name, price_fen, credits FROM credit_packages ORDER BY price_fen`);
    await step(
      'paid orders (1 in 50 refunded)',
      `INSERT INTO payment_orders (out_trade_no, user_id, package_id, package_name, channel, amount_fen, credits, status,
                                   expires_at, paid_at, refunded_at, created_at)
       SELECT 'BENCH' || lpad(g::text, 12, '0'), u.id, ($4::uuid[])[1 + g % 3], ($5::text[])[1 + g % 3],
              CASE WHEN g % 2 = 0 THEN 'alipay' ELSE 'wechat' END, ($6::bigint[])[1 + g % 3], ($7::bigint[])[1 + g % 3],
              CASE WHEN g % 50 = 0 THEN 'refunded' ELSE 'paid' END,
              t.at + interval '30 minutes', t.at + interval '1 minute',
              CASE WHEN g % 50 = 0 THEN t.at + interval '1 day' END, t.at
         FROM generate_series(1, $1) g
         CROSS JOIN LATERAL (SELECT now() - $2::interval + (g::float8 / $1) * $2::interval - interval '1 day' AS at) t
         JOIN u ON u.n = (hashint4(g)::bigint & 2147483647) % $3`,
      [
        orders,
        span,
        users,
        pkgs.map((p) => p.id),
        pkgs.map((p) => p.name),
        pkgs.map((p) => p.price_fen),
        pkgs.map((p) => p.credits),
      ],
    );

    // Storefront batches (the maximum 10,000 codes each), two thirds of the codes redeemed over the span.
    const batches = Math.max(1, Math.round(ledgerRows / 500_000));
    await client.query(
      `INSERT INTO redeem_batches (name, channel, credits, price_fen, code_count)
       SELECT 'bench-' || g, 'xianyu', 20, 990, 10000 FROM generate_series(1, $1) g`,
      [batches],
    );
    await step(
      'redemption codes',
      `INSERT INTO redeem_codes (batch_id, code_hash, status, redeemed_by, redeemed_at)
       SELECT b.id, encode(sha256(('bench-' || b.name || '-' || g)::bytea), 'hex'),
              CASE WHEN g % 3 = 0 THEN 'active' ELSE 'redeemed' END,
              CASE WHEN g % 3 = 0 THEN NULL ELSE u.id END,
              CASE WHEN g % 3 = 0 THEN NULL ELSE now() - $1::interval + (g::float8 / 10000) * $1::interval END
         FROM redeem_batches b CROSS JOIN generate_series(1, 10000) g
         JOIN u ON u.n = g % 1000
        WHERE b.name LIKE 'bench-%'`,
      [span],
    );

    for (const ix of indexes) {
      const started = Date.now();
      await client.query(ix.indexdef);
      log(`  rebuilt ${ix.indexname} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    await client.query(`SET session_replication_role = origin`);
    const started = Date.now();
    await client.query(`VACUUM ANALYZE`);
    log(`  vacuum analyze in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const { rows: counts } = await client.query(
      `SELECT (SELECT count(*) FROM credit_ledger_entries) AS ledger, (SELECT count(*) FROM video_jobs) AS jobs,
              (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM payment_orders) AS orders,
              (SELECT count(*) FROM upstream_usage_records) AS usage, (SELECT count(*) FROM redeem_codes) AS codes,
              pg_size_pretty(pg_database_size(current_database())) AS size`,
    );
    const seconds = Math.round((Date.now() - t0) / 100) / 10;
    log(`  generated in ${seconds} s: ${JSON.stringify(counts[0])}`);
    return { seconds, days, accounts: accounts.length, ...counts[0] };
  } finally {
    await client.end();
  }
}

module.exports = { generate };

if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('set DATABASE_URL to a migrated, empty ReelMeter database');
    process.exit(2);
  }
  generate(url, { ledgerRows: Number(process.argv[2] ?? 10_000_000), days: Number(process.argv[3] ?? 90) }).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
