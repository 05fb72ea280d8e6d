import { FakeUpstream, startFakeUpstream } from '@reelmeter/fake-upstream';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source';
import { MAIN, ServerProcess, startServerProcess } from './server-process';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './test-app';
import { createTestDatabase } from './test-database';

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

/**
 * What the suites that run the built server as a child process and stop or kill it mid-flight share
 * (video-crash, graceful-shutdown, faults/crash-rounds): a fast-polling pipeline with the reaper every
 * second, a slow fake upstream, and the checks that nothing was submitted, charged or refunded twice.
 */
export function pipelineProcessEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
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
    ...overrides,
  };
}

/** Submits take 0.2–0.6 s and generation 1–4 s: a stop or a kill finds jobs in every state. */
export function startSlowUpstream(seed: number): Promise<FakeUpstream> {
  return startFakeUpstream({
    seed,
    timeScale: 0.01,
    scenario: {
      submitLatencyMs: [20_000, 60_000],
      queueMs: [0, 10_000],
      generationMs: [100_000, 400_000],
      progressRegressRate: 0,
    },
  });
}

/** Signs the admin in on `url` and adds an upstream account on the fake; returns the admin's auth header. */
export async function addUpstreamAccount(
  url: string,
  fake: FakeUpstream,
  name: string,
  balanceFen = 1_000_000,
): Promise<Record<string, string>> {
  const admin = await request(url).post('/api/v1/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).expect(200);
  const auth = { Authorization: `Bearer ${admin.body.accessToken}` };
  const key = `sk-${name}-key`;
  fake.upsertKey({ key, balanceFen });
  await request(url)
    .post('/api/v1/admin/provider-accounts')
    .set(auth)
    .send({ provider: 'vivaapi', name, baseUrl: fake.url, apiKey: key })
    .expect(201);
  return auth;
}

/** Every tenth job (i % 10 === 3) asks the fake to fail it, so refunds are exercised too. */
export const jobPrompt = (label: string, i: number) => `${label} ${i}${i % 10 === 3 ? ' [fake:fail]' : ''}`;

/** Jobs by status, read straight from the database. */
export function jobStates(ds: DataSource): () => Promise<Record<string, number>> {
  return async () =>
    Object.fromEntries(
      (
        (await ds.query(`SELECT status, count(*)::int AS n FROM video_jobs GROUP BY status`)) as { status: string; n: number }[]
      ).map((r) => [r.status, r.n]),
    );
}

export const openJobs = (s: Record<string, number>) => (s.queued ?? 0) + (s.submitting ?? 0) + (s.running ?? 0);

/** Prompts (each job has its own) that reached the upstream's submit more than once. */
export function promptsSubmittedTwice(fake: FakeUpstream): string[] {
  const perPrompt = new Map<string, number>();
  for (const r of fake.requests().filter((x) => x.operation === 'submit')) {
    const prompt = (r.body as { prompt?: string })?.prompt ?? '';
    perPrompt.set(prompt, (perPrompt.get(prompt) ?? 0) + 1);
  }
  return [...perPrompt].filter(([, n]) => n > 1).map(([prompt]) => prompt);
}

/** Jobs not charged exactly once, or not refunded exactly once when they did not succeed (none when all is well). */
export async function ledgerMismatches(ds: DataSource, jobs: { id: string; status: string }[]) {
  const ledger: { reference_id: string; kind: string; n: number }[] = await ds.query(
    `SELECT reference_id, kind, count(*)::int AS n FROM credit_ledger_entries WHERE reference_type = 'video_job' GROUP BY 1, 2`,
  );
  const count = (id: string, kind: string) => ledger.find((l) => l.reference_id === id && l.kind === kind)?.n ?? 0;
  return jobs
    .map((j) => ({ id: j.id, status: j.status, consumes: count(j.id, 'consume'), refunds: count(j.id, 'refund') }))
    .filter((j) => j.consumes !== 1 || j.refunds !== (j.status === 'succeeded' ? 0 : 1));
}

export interface PipelineRig {
  db: TestDatabase;
  fake: FakeUpstream;
  /** A small pool of its own on the test database, for reading job states and the ledger. */
  ds: DataSource;
  env: Record<string, string>;
  /** The server process started last (killed in afterAll if still running). */
  server?: ServerProcess;
  /** Starts a server process on the test database with `env`. */
  start(): Promise<ServerProcess>;
}

/**
 * Registers beforeAll/afterAll in the calling describe: a fresh database, a slow fake upstream seeded
 * with `seed`, and a DataSource; afterwards the last server is killed and everything is dropped.
 */
export function usePipelineProcess(seed: number, envOverrides: Record<string, string> = {}): PipelineRig {
  const rig = { env: pipelineProcessEnv(envOverrides) } as PipelineRig;
  rig.start = async () => (rig.server = await startServerProcess(rig.db.url, rig.env));
  beforeAll(async () => {
    expect(existsSync(MAIN)).toBe(true);
    rig.db = await createTestDatabase();
    rig.fake = await startSlowUpstream(seed);
    rig.ds = await new DataSource(dataSourceOptions(rig.db.url, 2)).initialize();
  });
  afterAll(async () => {
    if (rig.server && rig.server.child.exitCode === null) rig.server.child.kill('SIGKILL');
    await rig.ds?.destroy();
    await rig.fake?.close();
    await rig.db?.drop();
  });
  return rig;
}

/** Registers `count` users on the server at `url`: their ids and auth headers. */
export function registerUsers(url: string, count: number, label: string) {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const res = await request(url)
        .post('/api/v1/auth/register')
        .send({ email: `${label}-${i}-${randomBytes(3).toString('hex')}@example.com`, password: 'a-good-password' })
        .expect(201);
      return { id: res.body.user.id as string, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
    }),
  );
}

/** Submits `count` jobs one after another, round-robin over `users`; any refusal fails with the server's log. */
export async function submitJobs(server: ServerProcess, users: { auth: Record<string, string> }[], count: number, label: string) {
  for (let i = 0; i < count; i++) {
    const res = await request(server.url)
      .post('/api/v1/videos')
      .set(users[i % users.length].auth)
      .set('Idempotency-Key', `${label}-${i}`)
      .send({ prompt: jobPrompt(`${label} job`, i), model: 'veo3', durationSeconds: 8, orientation: 'landscape' });
    if (res.status !== 202) {
      throw new Error(
        `submit ${i} answered ${res.status} ${JSON.stringify(res.body)}; server log:\n${server.output().slice(-4000)}`,
      );
    }
  }
}
