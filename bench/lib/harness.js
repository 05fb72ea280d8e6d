/**
 * Shared benchmark plumbing: an embedded PostgreSQL with a migrated database, the built API
 * server as a child process, and result files. Benchmarks talk only to loopback.
 */
const { spawn, spawnSync } = require('node:child_process');
const { mkdtempSync, chmodSync, rmSync, writeFileSync, readFileSync, readdirSync, mkdirSync, existsSync } = require('node:fs');
const { tmpdir, cpus, totalmem } = require('node:os');
const { join } = require('node:path');
const { Client } = require('pg');

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'apps', 'api', 'dist');

function requireDist(path) {
  const file = join(DIST, path);
  if (!existsSync(`${file}.js`)) throw new Error(`${file}.js is missing: run "npm run build:server" first`);
  return require(file);
}

async function startDatabase() {
  const { startEmbeddedPostgres, freePort } = requireDist('database/embedded-postgres');
  const { runMigrations } = requireDist('database/data-source');
  const dir = mkdtempSync(join(tmpdir(), 'reelmeter-bench-'));
  chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({
    dataDir: join(dir, 'pg'),
    port: await freePort(),
    // BENCH_PG_STAT_STATEMENTS=1: record per-statement times (see topStatements) to find what a benchmark spends on.
    settings: {
      max_connections: 300,
      shared_buffers: '512MB',
      ...(process.env.BENCH_PG_STAT_STATEMENTS ? { shared_preload_libraries: 'pg_stat_statements' } : {}),
    },
  });
  const admin = new Client({ connectionString: pg.url('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE bench');
  await admin.end();
  const url = pg.url('bench');
  await runMigrations(url);
  if (process.env.BENCH_PG_STAT_STATEMENTS) {
    const c = new Client({ connectionString: url });
    await c.connect();
    await c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await c.end();
  }
  return {
    url,
    port: pg.port,
    async stop() {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startServer(databaseUrl, extraEnv = {}) {
  const { freePort } = requireDist('database/embedded-postgres');
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '40',
    PORT: String(port),
    HOST: '127.0.0.1',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
    UPSTREAM_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
    ADMIN_PASSWORD: 'bench-admin-password',
    BCRYPT_ROUNDS: '4',
    LOG_LEVEL: 'warn',
    SCHEDULER_ENABLED: 'false',
    WEB_DIST_DIR: '/nonexistent',
    ...extraEnv,
  };
  // BENCH_NODE_ARGS: flags for the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile a benchmark.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(DIST, 'main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error('server exited during start-up');
    const ok = await fetch(`${url}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid,
    secret: env.JWT_SECRET,
    stop: () =>
      new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM')))),
  };
}

function machine() {
  const pgbench = spawnSync('pgbench', ['--version'], { encoding: 'utf8' });
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    pgbench: pgbench.status === 0 ? pgbench.stdout.trim() : null,
  };
}

/** With BENCH_PG_STAT_STATEMENTS=1: the statements that took the most time, printed (for profiling a run). */
async function printTopStatements(url, limit = 25) {
  if (!process.env.BENCH_PG_STAT_STATEMENTS) return;
  const c = new Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query(
    `SELECT calls, round(total_exec_time) AS ms, round((total_exec_time / calls)::numeric, 3) AS per_call,
            left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query
       FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT $1`,
    [limit],
  );
  await c.end();
  for (const r of rows) console.log(`${String(r.ms).padStart(8)} ms ${String(r.calls).padStart(7)} × ${r.per_call} ms  ${r.query}`);
}

/** CPU seconds used so far by the machine (all cores, busy time) and by processes: the API, PostgreSQL, this one. */
function cpuSnapshot(apiPid) {
  const tick = 100; // USER_HZ on Linux
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
  const f = cpu.trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + f[4];
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  const byProcess = { api: 0, postgres: 0, loadGenerator: 0 };
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Own time plus that of children already reaped: pgbench (run to its end by this process) and the
    // backends of closed connections (reaped by the postmaster).
    const used = (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / tick;
    const pid = Number(entry);
    if (pid === apiPid) byProcess.api += used;
    else if (pid === process.pid || comm === 'pgbench') byProcess.loadGenerator += used;
    else if (comm === 'postgres') byProcess.postgres += used;
  }
  return { at: performance.now(), busy: (total - idle) / tick, byProcess };
}

/** CPU milliseconds per operation between two snapshots, by process and for the whole machine, and the machine's busy share (1 = every core busy). */
function cpuPerOperation(before, after, operations) {
  const per = (a, b) => +(((b - a) * 1000) / Math.max(1, operations)).toFixed(3);
  const seconds = (after.at - before.at) / 1000;
  return {
    msPerOperation: {
      api: per(before.byProcess.api, after.byProcess.api),
      postgres: per(before.byProcess.postgres, after.byProcess.postgres),
      loadGenerator: per(before.byProcess.loadGenerator, after.byProcess.loadGenerator),
      machine: per(before.busy, after.busy),
    },
    machineBusyShare: +((after.busy - before.busy) / (seconds * cpus().length)).toFixed(2),
  };
}

/**
 * One sentence on how busy the machine was, for the doc: a benchmark run beside other work measures the
 * CPU share it got, not the code, so the reader must know which it was.
 */
function describeLoad(loadAverage, when = 'at the end of the run') {
  const figures = loadAverage.map((n) => Number(n).toFixed(1)).join(' / ');
  return loadAverage[0] <= cpus().length * 1.5
    ? `Nothing else ran on the machine (load average ${figures} ${when}, the benchmark's own processes).`
    : `The machine was shared with other work (load average ${figures} ${when}), so these are upper bounds.`;
}

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function saveResult(name, result) {
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** Replaces the text between <!-- bench:NAME --> markers in docs/BENCHMARKS.md (or appends a section). */
function updateBenchmarksDoc(name, title, markdown) {
  const file = join(ROOT, 'docs', 'BENCHMARKS.md');
  let doc = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Benchmarks\n\nMeasured by `npm run bench` (results as JSON in `bench/results/`).\n';
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  if (doc.includes(start)) doc = doc.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block);
  else doc = `${doc.trimEnd()}\n\n## ${title}\n\n${block}\n`;
  writeFileSync(file, doc);
}

module.exports = {
  ROOT,
  requireDist,
  startDatabase,
  startServer,
  machine,
  cpuSnapshot,
  cpuPerOperation,
  printTopStatements,
  describeLoad,
  percentile,
  saveResult,
  updateBenchmarksDoc,
};
