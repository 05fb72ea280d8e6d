import { FakeUpstream, startFakeUpstream } from '@reelmeter/fake-upstream';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { verifyLedger } from '../src/credits/ledger-verifier';
import { dataSourceOptions } from '../src/database/data-source';
import { MAIN, ServerProcess, startServerProcess } from './server-process';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './test-app';
import { createTestDatabase } from './test-database';
import { until } from './until';

const JOBS = 30;
const USERS = 3;

/**
 * SIGTERM (what an orchestrator sends) while jobs are queued, being submitted and running: the
 * process drains — submits in flight finish, none is left half-done — and exits 0. After a restart
 * every job ends, none reached the upstream twice, none was charged twice, failures are refunded
 * once, and no job had to be failed as an interrupted submit (that is what a crash costs).
 */
describe('graceful shutdown (child process, SIGTERM mid-flight)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let fake: FakeUpstream;
  let server: ServerProcess | undefined;
  let ds: DataSource;

  const env = {
    UPSTREAM_SECRET_KEY: randomBytes(32).toString('base64'),
    SIMULATED_UPSTREAM_ENABLED: 'false',
    UPSTREAM_RETRY_BASE_MS: '5',
    VIDEO_POLL_INITIAL_MS: '100',
    VIDEO_POLL_MAX_MS: '300',
    VIDEO_POLL_TICK_MS: '50',
    VIDEO_POLL_LEASE_SECONDS: '2',
    VIDEO_SUBMIT_STALE_SECONDS: '5',
    VIDEO_SUBMIT_CONCURRENCY: '4',
    SCHEDULER_ENABLED: 'true',
    SCHEDULER_CRON_OVERRIDES: 'video.reap-stuck=*/1 * * * * *',
    LOG_LEVEL: 'warn',
  };

  beforeAll(async () => {
    expect(existsSync(MAIN)).toBe(true);
    db = await createTestDatabase();
    // Submits take 0.2–0.6 s and generation 1–4 s: the signal finds jobs in every state.
    fake = await startFakeUpstream({
      seed: 7,
      timeScale: 0.01,
      scenario: {
        submitLatencyMs: [20_000, 60_000],
        queueMs: [0, 10_000],
        generationMs: [100_000, 400_000],
        progressRegressRate: 0,
      },
    });
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await ds?.destroy();
    await fake?.close();
    await db?.drop();
  });

  it('drains on SIGTERM, exits 0, and after a restart every job ends exactly once with nothing charged twice', async () => {
    server = await startServerProcess(db.url, env);
    const http = () => request(server!.url);
    const admin = await http().post('/api/v1/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).expect(200);
    fake.upsertKey({ key: 'sk-graceful-test-key', balanceFen: 1_000_000 });
    await http()
      .post('/api/v1/admin/provider-accounts')
      .set({ Authorization: `Bearer ${admin.body.accessToken}` })
      .send({ provider: 'vivaapi', name: 'graceful', baseUrl: fake.url, apiKey: 'sk-graceful-test-key' })
      .expect(201);
    const users = await Promise.all(
      Array.from({ length: USERS }, async (_, i) => {
        const res = await http()
          .post('/api/v1/auth/register')
          .send({ email: `graceful-${i}-${randomBytes(3).toString('hex')}@example.com`, password: 'a-good-password' })
          .expect(201);
        return { Authorization: `Bearer ${res.body.accessToken}` };
      }),
    );
    for (let i = 0; i < JOBS; i++) {
      await http()
        .post('/api/v1/videos')
        .set(users[i % USERS])
        .set('Idempotency-Key', `graceful-${i}`)
        .send({
          prompt: `graceful job ${i}${i % 10 === 3 ? ' [fake:fail]' : ''}`,
          model: 'veo3',
          durationSeconds: 8,
          orientation: 'landscape',
        })
        .expect(202);
    }

    ds = await new DataSource(dataSourceOptions(db.url, 2)).initialize();
    const states = async () =>
      Object.fromEntries(
        (
          (await ds.query(`SELECT status, count(*)::int AS n FROM video_jobs GROUP BY status`)) as { status: string; n: number }[]
        ).map((r) => [r.status, r.n]),
      ) as Record<string, number>;
    await until(async () => {
      const s = await states();
      return (s.running ?? 0) >= 3 && (s.queued ?? 0) + (s.submitting ?? 0) > 0 && s;
    }, 'jobs queued, submitting and running');

    const exited = new Promise<number | null>((resolve) => server!.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const atExit = await states();
    // Drained: every submit that had started finished (running) or gave its job back; none is half-done.
    expect(atExit.submitting ?? 0).toBe(0);
    expect((atExit.queued ?? 0) + (atExit.running ?? 0)).toBeGreaterThan(0);
    expect(server.output()).not.toMatch(/did not stop cleanly/);

    server = await startServerProcess(db.url, env);
    await until(async () => {
      const s = await states();
      return (s.queued ?? 0) + (s.submitting ?? 0) + (s.running ?? 0) === 0;
    }, 'every job to reach a terminal state after the restart');
    await server.stop();

    const jobs: { id: string; status: string; prompt: string; error_kind: string | null }[] = await ds.query(
      `SELECT id, status, prompt, error_kind FROM video_jobs`,
    );
    expect(jobs).toHaveLength(JOBS);
    // A graceful stop never leaves a submit to be written off as interrupted.
    expect(jobs.filter((j) => j.error_kind === 'submit_interrupted')).toEqual([]);
    const submits = fake.requests().filter((r) => r.operation === 'submit');
    const perPrompt = new Map<string, number>();
    for (const r of submits) {
      const prompt = (r.body as { prompt?: string })?.prompt ?? '';
      perPrompt.set(prompt, (perPrompt.get(prompt) ?? 0) + 1);
    }
    for (const [prompt, n] of perPrompt) expect({ prompt, n }).toEqual({ prompt, n: 1 });

    const ledger: { reference_id: string; kind: string; n: number }[] = await ds.query(
      `SELECT reference_id, kind, count(*)::int AS n FROM credit_ledger_entries WHERE reference_type = 'video_job' GROUP BY 1, 2`,
    );
    const count = (id: string, kind: string) => ledger.find((l) => l.reference_id === id && l.kind === kind)?.n ?? 0;
    for (const job of jobs) {
      expect({ id: job.id, consumed: count(job.id, 'consume'), refunds: count(job.id, 'refund') }).toEqual({
        id: job.id,
        consumed: 1,
        refunds: job.status === 'succeeded' ? 0 : 1,
      });
    }
    expect(jobs.filter((j) => j.status === 'succeeded').length).toBeGreaterThan(0);
    expect(jobs.filter((j) => j.prompt.includes('[fake:fail]') && j.status === 'succeeded')).toHaveLength(0);
    expect((await verifyLedger(ds)).problems).toEqual([]);
  }, 240_000);
});
