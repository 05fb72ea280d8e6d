import { FakeUpstream } from '@reelmeter/fake-upstream';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { verifyLedger } from '../src/credits/ledger-verifier';
import { dataSourceOptions } from '../src/database/data-source';
import {
  addUpstreamAccount,
  jobPrompt,
  jobStates,
  ledgerMismatches,
  openJobs,
  pipelineProcessEnv,
  promptsSubmittedTwice,
  startSlowUpstream,
} from './pipeline-process';
import { MAIN, ServerProcess, startServerProcess } from './server-process';
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

  const env = pipelineProcessEnv();

  beforeAll(async () => {
    expect(existsSync(MAIN)).toBe(true);
    db = await createTestDatabase();
    fake = await startSlowUpstream(42);
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
    await addUpstreamAccount(server.url, fake, 'crash');

    const users = await Promise.all(
      Array.from({ length: USERS }, async (_, i) => {
        const res = await http()
          .post('/api/v1/auth/register')
          .send({ email: `crash-${i}-${randomBytes(3).toString('hex')}@example.com`, password: 'a-good-password' })
          .expect(201);
        return { id: res.body.user.id as string, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
      }),
    );
    for (let i = 0; i < JOBS; i++) {
      const prompt = jobPrompt('crash job', i);
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
    const states = jobStates(ds);
    await until(async () => ((await states()).running ?? 0) >= 5, 'some jobs running');
    server.child.kill('SIGKILL');
    await new Promise((r) => server!.child.once('exit', r));
    const atKill = await states();
    expect(openJobs(atKill)).toBeGreaterThan(0);

    server = await startServerProcess(db.url, env);
    await until(async () => openJobs(await states()) === 0, 'every job to reach a terminal state after the restart');
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
    expect(promptsSubmittedTwice(fake)).toEqual([]);
    expect(new Set(fake.tasks().map((task) => task.prompt)).size).toBe(fake.tasks().length);
    expect(await ledgerMismatches(ds, jobs)).toEqual([]);
    for (const job of jobs.filter((j) => j.status === 'succeeded')) expect(job.provider_task_id).toBeTruthy();
    expect(jobs.filter((j) => j.status === 'succeeded').length).toBeGreaterThan(0);
    expect(jobs.filter((j) => j.prompt.includes('[fake:fail]') && j.status === 'succeeded')).toHaveLength(0);
    expect((await verifyLedger(ds)).problems).toEqual([]);
  });
});
