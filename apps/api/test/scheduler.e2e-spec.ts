import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { Client } from 'pg';
import { freePort } from '../src/database/embedded-postgres';
import { JobScheduler } from '../src/scheduler/job-scheduler.service';
import { loginAdmin, TestUser } from './factories';
import { createTestApp, TestApp, testEnv } from './test-app';
import { createTestDatabase } from './test-database';

const MAIN = join(__dirname, '../dist/main.js');

describe('scheduled jobs', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
  });
  afterAll(() => t.close());

  it('records manual runs with their outcome and lists them for admins', async () => {
    const scheduler = t.app.get(JobScheduler);
    const failures: string[] = [];
    scheduler.completions$.subscribe((c) => c.outcome === 'failed' && failures.push(c.jobName));
    let calls = 0;
    scheduler.register({ name: 'test.ok', cron: '0 0 1 1 *', description: 'counts', run: async () => ({ calls: ++calls }) });
    scheduler.register({
      name: 'test.broken',
      cron: '0 0 1 1 *',
      description: 'fails',
      run: async () => {
        throw new Error('upstream said no');
      },
    });

    const ok = await request(t.url).post('/api/v1/admin/scheduled-jobs/test.ok/run').set(admin.auth).expect(200);
    expect(ok.body).toMatchObject({ jobName: 'test.ok', outcome: 'succeeded', trigger: 'manual', details: { calls: 1 } });
    const broken = await request(t.url).post('/api/v1/admin/scheduled-jobs/test.broken/run').set(admin.auth).expect(200);
    expect(broken.body).toMatchObject({ jobName: 'test.broken', outcome: 'failed', error: 'upstream said no' });
    expect(failures).toEqual(['test.broken']);

    const list = await request(t.url).get('/api/v1/admin/scheduled-runs').set(admin.auth).expect(200);
    expect(list.body.items.map((r: { jobName: string }) => r.jobName).slice(0, 2)).toEqual(['test.broken', 'test.ok']);
    expect(list.body.jobs.map((j: { name: string }) => j.name)).toEqual(
      expect.arrayContaining(['idempotency.purge', 'auth.purge-login-failures', 'test.ok']),
    );
    const filtered = await request(t.url).get('/api/v1/admin/scheduled-runs?job=test.ok').set(admin.auth).expect(200);
    expect(filtered.body.items).toHaveLength(1);
    await request(t.url).post('/api/v1/admin/scheduled-jobs/nope/run').set(admin.auth).expect(404);
  });

  it('runs the built-in purge jobs', async () => {
    await t.ds.query(`INSERT INTO login_failures (email, ip, created_at) VALUES ('x@y.z', '1.2.3.4', now() - interval '2 days')`);
    const res = await request(t.url)
      .post('/api/v1/admin/scheduled-jobs/auth.purge-login-failures/run')
      .set(admin.auth)
      .expect(200);
    expect(res.body).toMatchObject({ outcome: 'succeeded', details: { deleted: 1 } });
    const lots = await request(t.url).post('/api/v1/admin/scheduled-jobs/credits.expire-lots/run').set(admin.auth).expect(200);
    expect(lots.body).toMatchObject({ outcome: 'succeeded', details: { lots: 0, credits: 0 } });
  });
});

describe('scheduled jobs across two API processes', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

  it('runs each cron tick once, whichever instance wins', async () => {
    const db = await createTestDatabase();
    try {
      const start = async () => {
        const port = await freePort();
        const env = {
          ...process.env,
          ...testEnv(db.url, {
            PORT: String(port),
            SCHEDULER_ENABLED: 'true',
            SCHEDULER_CRON_OVERRIDES: 'idempotency.purge=* * * * * *',
          }),
        };
        const child = spawn(process.execPath, [MAIN], { env, stdio: 'ignore' });
        children.push(child);
        for (let i = 0; i < 300; i++) {
          if ((await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined))?.ok) return child;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error('server did not start');
      };
      const [a, b] = await Promise.all([start(), start()]);
      const client = new Client({ connectionString: db.url });
      await client.connect();
      const runs = async () =>
        (
          await client.query(
            `SELECT slot, instance_id, outcome FROM scheduled_runs WHERE job_name = 'idempotency.purge' ORDER BY slot`,
          )
        ).rows;
      // Both instances tick every second; wait (bounded) until several ticks have been recorded.
      for (let i = 0; i < 300 && (await runs()).length < 4; i++) await new Promise((r) => setTimeout(r, 100));
      a.kill('SIGTERM');
      b.kill('SIGTERM');
      await Promise.all([a, b].map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
      const rows = await runs();
      await client.end();
      expect(rows.length).toBeGreaterThanOrEqual(3);
      // One run per one-second tick: consecutive runs are at least a second apart, never two in a tick.
      for (let i = 1; i < rows.length; i++) {
        expect(rows[i].slot.getTime() - rows[i - 1].slot.getTime()).toBeGreaterThanOrEqual(1000);
      }
      expect(rows.every((r) => r.outcome === 'succeeded')).toBe(true);
    } finally {
      await db.drop();
    }
  });
});
