import { verifyLedger } from '../src/credits/ledger-verifier';
import {
  addUpstreamAccount,
  jobStates,
  ledgerMismatches,
  openJobs,
  promptsSubmittedTwice,
  registerUsers,
  submitJobs,
  usePipelineProcess,
} from './pipeline-process';
import { until } from './until';

const JOBS = 50;
const USERS = 5;

/**
 * The built server is killed with SIGKILL while 50 jobs are queued, submitting and running against a
 * slow fake upstream, then started again: every job must end, none may be submitted twice (the fake's
 * request log), every failed job is refunded exactly once and the books verify.
 */
describe('video pipeline crash safety (child process, SIGKILL mid-flight)', () => {
  const rig = usePipelineProcess(42);

  it('every job ends, none is submitted twice, each failure is refunded once, the ledger verifies', async () => {
    let server = await rig.start();
    await addUpstreamAccount(server.url, rig.fake, 'crash');
    const users = await registerUsers(server.url, USERS, 'crash');
    await submitJobs(server, users, JOBS, 'crash');

    const { ds, fake } = rig;
    const states = jobStates(ds);
    await until(async () => ((await states()).running ?? 0) >= 5, 'some jobs running');
    server.child.kill('SIGKILL');
    await new Promise((r) => server.child.once('exit', r));
    const atKill = await states();
    expect(openJobs(atKill)).toBeGreaterThan(0);

    server = await rig.start();
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
