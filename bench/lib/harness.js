/**
 * Shared benchmark plumbing: an embedded PostgreSQL with a migrated database, the built API
 * server as a child process, and result files. Benchmarks talk only to loopback.
 */
const { spawn, spawnSync } = require('node:child_process');
const { mkdtempSync, chmodSync, rmSync, writeFileSync, readFileSync, mkdirSync, existsSync } = require('node:fs');
const { tmpdir, cpus, totalmem } = require('node:os');
const { join } = require('node:path');
const { randomBytes } = require('node:crypto');
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
    settings: { max_connections: 300, shared_buffers: '512MB' },
  });
  const admin = new Client({ connectionString: pg.url('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE bench');
  await admin.end();
  const url = pg.url('bench');
  await runMigrations(url);
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
    // Required in production since upstream accounts exist (encrypts their keys at rest).
    UPSTREAM_SECRET_KEY: randomBytes(32).toString('base64'),
    ADMIN_PASSWORD: 'bench-admin-password',
    BCRYPT_ROUNDS: '4',
    LOG_LEVEL: 'warn',
    SCHEDULER_ENABLED: 'false',
    WEB_DIST_DIR: '/nonexistent',
    ...extraEnv,
  };
  const child = spawn(process.execPath, [join(DIST, 'main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error('server exited during start-up');
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok).catch(() => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    secret: env.JWT_SECRET,
    stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM')))),
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
  let doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\nMeasured by `npm run bench` (results as JSON in `bench/results/`).\n';
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  if (doc.includes(start)) doc = doc.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block);
  else doc = `${doc.trimEnd()}\n\n## ${title}\n\n${block}\n`;
  writeFileSync(file, doc);
}

module.exports = { ROOT, requireDist, startDatabase, startServer, machine, percentile, saveResult, updateBenchmarksDoc };
