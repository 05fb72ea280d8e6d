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

const JOBS = 30;
const USERS = 3;

/**
 * SIGTERM (what an orchestrator sends) while jobs are queued, being submitted and running: the
 * process drains — submits in flight finish, none is left half-done — and exits 0. After a restart
 * every job ends, none reached the upstream twice, none was charged twice, failures are refunded
 * once, and no job had to be failed as an interrupted submit (that is what a crash costs).
 */
describe('graceful shutdown (child process, SIGTERM mid-flight)', () => {
  const rig = usePipelineProcess(7);

  it('drains on SIGTERM, exits 0, and after a restart every job ends exactly once with nothing charged twice', async () => {
    let server = await rig.start();
    await addUpstreamAccount(server.url, rig.fake, 'graceful');
    const users = await registerUsers(server.url, USERS, 'graceful');
    await submitJobs(server, users, JOBS, 'graceful');

    const { ds, fake } = rig;
    const states = jobStates(ds);
    await until(async () => {
      const s = await states();
      return (s.running ?? 0) >= 3 && (s.queued ?? 0) + (s.submitting ?? 0) > 0 && s;
    }, 'jobs queued, submitting and running');

    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const atExit = await states();
    // Drained: every submit that had started finished (running) or gave its job back; none is half-done.
    expect(atExit.submitting ?? 0).toBe(0);
    expect((atExit.queued ?? 0) + (atExit.running ?? 0)).toBeGreaterThan(0);
    expect(server.output()).not.toMatch(/did not stop cleanly/);

    server = await rig.start();
    await until(async () => openJobs(await states()) === 0, 'every job to reach a terminal state after the restart');
    await server.stop();

    const jobs: { id: string; status: string; prompt: string; error_kind: string | null }[] = await ds.query(
      `SELECT id, status, prompt, error_kind FROM video_jobs`,
    );
    expect(jobs).toHaveLength(JOBS);
    // A graceful stop never leaves a submit to be written off as interrupted.
    expect(jobs.filter((j) => j.error_kind === 'submit_interrupted')).toEqual([]);
    expect(promptsSubmittedTwice(fake)).toEqual([]);
    expect(await ledgerMismatches(ds, jobs)).toEqual([]);
    expect(jobs.filter((j) => j.status === 'succeeded').length).toBeGreaterThan(0);
    expect(jobs.filter((j) => j.prompt.includes('[fake:fail]') && j.status === 'succeeded')).toHaveLength(0);
    expect((await verifyLedger(ds)).problems).toEqual([]);
  }, 240_000);
});
