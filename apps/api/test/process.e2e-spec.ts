import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { freePort } from '../src/database/embedded-postgres';
import { createTestDatabase } from './test-database';
import { testEnv } from './test-app';

const ROOT = join(__dirname, '../../..');
const MAIN = join(ROOT, 'apps/api/dist/main.js');
const VERIFY = join(ROOT, 'apps/api/dist/credits/ledger-verify.cli.js');

/** These tests run the built server (`npm test` builds it first), as `npm start` would. */
/** Every server this file started: whatever a failing test left running is stopped in afterAll. */
const started: ChildProcess[] = [];

function startServer(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  return { child, output: () => output };
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  // Generous: a first start initialises a PostgreSQL cluster, which is slow on a busy 2-core machine.
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output()}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not become healthy:\n${output()}`);
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );

function postgresProcessesFor(dataDir: string): number {
  const ps = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout;
  return ps.split('\n').filter((line) => line.includes('postgres') && line.includes(dataDir)).length;
}

describe('the server process on an embedded PostgreSQL', () => {
  let dir: string;
  beforeAll(() => {
    expect(existsSync(MAIN)).toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'reelmeter-proc-'));
    chmodSync(dir, 0o755);
  });
  afterAll(async () => {
    // SIGINT, the graceful way, so that no server nor its embedded PostgreSQL outlives a failed test.
    const running = started.filter((child) => child.exitCode === null && child.signalCode === null);
    for (const child of running) child.kill('SIGINT');
    await Promise.all(running.map(exited));
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts, keeps data across restarts, recovers after kill -9 and leaves no postgres behind on SIGINT', async () => {
    const dataDir = join(dir, 'pg');
    const port = await freePort();
    const env = {
      ...process.env,
      ...testEnv('', {
        PORT: String(port),
        EMBEDDED_PG_DIR: dataDir,
        EMBEDDED_PG_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
      }),
      DATABASE_URL: '',
      ADMIN_PASSWORD: '',
    };
    const url = `http://127.0.0.1:${port}`;

    // First start: initialises the data folder, migrates, seeds, prints the generated admin password once.
    let server = startServer(env);
    await waitForHealth(url, server.child, server.output);
    expect(server.output()).toMatch(/created admin admin@test\.local with password: \S+/);
    await request(url)
      .post('/api/v1/auth/register')
      .send({ email: 'keep@example.com', password: 'persist-me-please' })
      .expect(201);
    const docs = await request(url).get('/api/docs');
    expect(docs.status).toBe(200);

    // Requests that fail are logged (warn), but never with passwords or tokens.
    const login = await request(url)
      .post('/api/v1/auth/login')
      .send({ email: 'keep@example.com', password: 'persist-me-please' })
      .expect(200);
    await request(url).post('/api/v1/auth/login').send({ email: 'keep@example.com', password: 'wrong-secret-pw' }).expect(401);
    await request(url).get('/api/v1/admin/users').set('Authorization', `Bearer ${login.body.accessToken}`).expect(403);
    await new Promise((r) => setTimeout(r, 300));
    expect(server.output()).toMatch(/"statusCode":403/);
    for (const secret of ['persist-me-please', 'wrong-secret-pw', login.body.accessToken, login.body.refreshToken]) {
      expect(server.output()).not.toContain(secret);
    }

    // kill -9 leaves an orphaned postgres; the next start must recover and keep the data.
    server.child.kill('SIGKILL');
    await exited(server.child);
    expect(postgresProcessesFor(dataDir)).toBeGreaterThan(0);
    server = startServer(env);
    await waitForHealth(url, server.child, server.output);
    expect(server.output()).toMatch(/orphaned PostgreSQL/);
    expect(server.output()).not.toMatch(/created admin/);
    await request(url).post('/api/v1/auth/login').send({ email: 'keep@example.com', password: 'persist-me-please' }).expect(200);

    // A second command attaches to the running server instead of killing it.
    const verify = spawnSync(process.execPath, [VERIFY], { env, encoding: 'utf8', timeout: 60_000 });
    expect(verify.stdout).toMatch(/^OK: 2 accounts/m);
    expect(verify.status).toBe(0);
    await request(url).get('/api/health').expect(200);

    // Ctrl-C: HTTP closes, the database stops, nothing is left running.
    server.child.kill('SIGINT');
    expect(await exited(server.child)).toBe(0);
    expect(postgresProcessesFor(dataDir)).toBe(0);
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
  }, 300_000); // three starts of a real server, the first initialising a PostgreSQL cluster

  it('refuses to start with a bad setting, naming the variable', () => {
    const result = spawnSync(process.execPath, [MAIN], {
      env: { ...process.env, ...testEnv('postgres://x@127.0.0.1:1/x', { PORT: 'eighty' }) },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/PORT/);
    const prod = spawnSync(process.execPath, [MAIN], {
      env: { ...process.env, ...testEnv('postgres://x@127.0.0.1:1/x', { NODE_ENV: 'production', JWT_SECRET: '' }) },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(prod.status).toBe(78);
    expect(prod.stderr).toMatch(/JWT_SECRET/);
  });

  it('ledger:verify exits non-zero naming a broken account', async () => {
    const db = await createTestDatabase();
    try {
      const env = { ...process.env, ...testEnv(db.url) };
      const { Client } = await import('pg');
      const client = new Client({ connectionString: db.url });
      await client.connect();
      const [{ id }] = (
        await client.query(`INSERT INTO users (email, password_hash) VALUES ('broken@example.com', 'x') RETURNING id`)
      ).rows;
      await client.query(`INSERT INTO credit_accounts (user_id, available, total_granted) VALUES ($1, 50, 40)`, [id]);
      await client.query(
        `INSERT INTO credit_ledger_entries (user_id, kind, amount, balance_after) VALUES ($1, 'purchase', 40, 40)`,
        [id],
      );
      await client.end();
      const result = spawnSync(process.execPath, [VERIFY], { env, encoding: 'utf8', timeout: 60_000 });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`account ${id}: available differs from the sum of ledger amounts (expected 40, found 50)`);
      expect(result.stdout).toMatch(/BROKEN/);
    } finally {
      await db.drop();
    }
  });
});
