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

const JOBS = 50;
const USERS = 5;

/**
 * The built server is killed with SIGKILL while 50 jobs are queued, submitting and running against a
 * slow fake upstream, then started again: every job must end, none may be submitted twice (the fake's
 * request log), every failed job is refunded exactly once and the books verify.
 */
describe('video pipeline crash safety (child process, SIGKILL mid-flight)', () => {
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
    // Submits take 0.2–0.6 s and generation 1–4 s: a kill finds jobs in every state.
    fake = await startFakeUpstream({
      seed: 42,
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

  it('every job ends, none is submitted twice, each failure is refunded once, the ledger verifies', async () => {
    server = await startServerProcess(db.url, env);
    const http = () => request(server!.url);
    const admin = await http().post('/api/v1/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).expect(200);
    const adminAuth = { Authorization: `Bearer ${admin.body.accessToken}` };
    fake.upsertKey({ key: 'sk-crash-test-key', balanceFen: 1_000_000 });
    await http()
      .post('/api/v1/admin/provider-accounts')
      .set(adminAuth)
      .send({ provider: 'vivaapi', name: 'crash', baseUrl: fake.url, apiKey: 'sk-crash-test-key' })
      .expect(201);

    const users = await Promise.all(
      Array.from({ length: USERS }, async (_, i) => {
        const res = await http()
          .post('/api/v1/auth/register')
          .send({ email: `crash-${i}-${randomBytes(3).toString('hex')}@example.com`, password: 'a-good-password' })
          .expect(201);
        return { id: res.body.user.id as string, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
      }),
    );
    const prompts: string[] = [];
    for (let i = 0; i < JOBS; i++) {
      const prompt = `crash job ${i}${i % 10 === 3 ? ' [fake:fail]' : ''}`;
      prompts.push(prompt);
      const res = await http()
        .post('/api/v1/videos')
        .set(users[i % USERS].auth)
        .set('Idempotency-Key', `crash-${i}`)
        .send({ prompt, model: 'veo3', durationSeconds: 8, orientation: 'landscape' });
      if (res.status !== 202) {
        throw new Error(
          `submit ${i} answered ${res.status} ${JSON.stringify(res.body)}; server log:\n${server.output().slice(-4000)}`,
        );
      }
    }

    ds = await new DataSource(dataSourceOptions(db.url, 2)).initialize();
    const states = async () =>
      Object.fromEntries(
        (
          (await ds.query(`SELECT status, count(*)::int AS n FROM video_jobs GROUP BY status`)) as { status: string; n: number }[]
        ).map((r) => [r.status, r.n]),
      ) as Record<string, number>;
    await until(async () => ((await states()).running ?? 0) >= 5, 'some jobs running');
    server.child.kill('SIGKILL');
    await new Promise((r) => server!.child.once('exit', r));
    const atKill = await states();
    expect((atKill.queued ?? 0) + (atKill.submitting ?? 0) + (atKill.running ?? 0)).toBeGreaterThan(0);

    server = await startServerProcess(db.url, env);
    await until(async () => {
      const s = await states();
      return (s.queued ?? 0) + (s.submitting ?? 0) + (s.running ?? 0) === 0;
    }, 'every job to reach a terminal state after the restart');
    await server.stop();

    const jobs: {
      id: string;
      user_id: string;
      status: string;
      prompt: string;
      provider_task_id: string | null;
      refunded: boolean;
    }[] = await ds.query(`SELECT id, user_id, status, prompt, provider_task_id, refunded FROM video_jobs`);
    expect(jobs).toHaveLength(JOBS);

    // No prompt (each job has its own) reached the upstream's submit twice.
    const submits = fake.requests().filter((r) => r.operation === 'submit');
    const perPrompt = new Map<string, number>();
    for (const r of submits) {
      const prompt = (r.body as { prompt?: string })?.prompt ?? '';
      perPrompt.set(prompt, (perPrompt.get(prompt) ?? 0) + 1);
    }
    for (const [prompt, n] of perPrompt) expect({ prompt, n }).toEqual({ prompt, n: 1 });
    expect(new Set(fake.tasks().map((task) => task.prompt)).size).toBe(fake.tasks().length);

    const ledger: { reference_id: string; kind: string; n: number }[] = await ds.query(
      `SELECT reference_id, kind, count(*)::int AS n FROM credit_ledger_entries WHERE reference_type = 'video_job' GROUP BY 1, 2`,
    );
    const count = (id: string, kind: string) => ledger.find((l) => l.reference_id === id && l.kind === kind)?.n ?? 0;
    for (const job of jobs) {
      expect(count(job.id, 'consume')).toBe(1);
      expect({ id: job.id, status: job.status, refunds: count(job.id, 'refund') }).toEqual({
        id: job.id,
        status: job.status,
        refunds: job.status === 'succeeded' ? 0 : 1,
      });
      if (job.status === 'succeeded') expect(job.provider_task_id).toBeTruthy();
    }
    expect(jobs.filter((j) => j.status === 'succeeded').length).toBeGreaterThan(0);
    expect(jobs.filter((j) => j.prompt.includes('[fake:fail]') && j.status === 'succeeded')).toHaveLength(0);
    expect((await verifyLedger(ds)).problems).toEqual([]);
  });
});
