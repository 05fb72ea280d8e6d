import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { verifyLedger } from '../../src/credits/ledger-verifier';
import {
  addUpstreamAccount,
  jobPrompt,
  jobStates,
  ledgerMismatches,
  openJobs,
  promptsSubmittedTwice,
  usePipelineProcess,
} from '../pipeline-process';
import { ServerProcess } from '../server-process';
import { testEnv } from '../test-app';
import { pool, prng, SEED, size, until } from './soak';

/**
 * Crash rounds: the built server is killed with SIGKILL at a random point (while jobs are being
 * accepted, or while they are queued, submitting and running against a slow fake upstream), round
 * after round, each round adding a new batch on top of whatever the last crash left. At the end every
 * job is terminal, none was submitted upstream twice, each failure is refunded exactly once, and both
 * the verifier and `ledger:verify` (the CLI) find the books clean. Fast: 2 rounds of 25 jobs; soak:
 * 10 rounds of 200.
 */
const ROUNDS = size(2, 10);
const JOBS_PER_ROUND = size(25, 200);
const USERS = size(5, 10);
const LEDGER_VERIFY_CLI = join(__dirname, '../../../../apps/api/dist/credits/ledger-verify.cli.js');

describe(`video pipeline crash rounds (${ROUNDS} × kill -9 with ${JOBS_PER_ROUND} jobs in flight, seed ${SEED})`, () => {
  const rig = usePipelineProcess(SEED, { VIDEO_SUBMIT_CONCURRENCY: '8', DAILY_GENERATION_LIMIT: '1000000' });
  const rand = prng(SEED);
  beforeAll(() => expect(existsSync(LEDGER_VERIFY_CLI)).toBe(true));

  const states = () => jobStates(rig.ds)();

  async function kill(s: ServerProcess) {
    const exited = new Promise((r) => s.child.once('exit', r));
    s.child.kill('SIGKILL');
    await exited;
  }

  it(
    'every job ends, none is submitted twice, each failure is refunded once, ledger:verify is clean',
    async () => {
      const { ds, fake } = rig;
      let server = await rig.start();
      let http = () => request(server.url);
      const adminAuth = await addUpstreamAccount(server.url, fake, 'crash-rounds', 100_000_000);
      const users = await pool(
        Array.from({ length: USERS }, (_, i) => async () => {
          const res = await http()
            .post('/api/v1/auth/register')
            .send({ email: `rounds-${i}-${randomBytes(3).toString('hex')}@example.com`, password: 'a-good-password' })
            .expect(201);
          await http()
            .post(`/api/v1/admin/users/${res.body.user.id}/credits/adjust`)
            .set(adminAuth)
            .send({ delta: 1_000_000, reason: 'crash rounds budget' })
            .expect(201);
          return { auth: { Authorization: `Bearer ${res.body.accessToken}` } };
        }),
        4,
      );

      const accepted = new Set<string>();
      const kills: { round: number; when: string; atKill: Record<string, number> }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        if (round > 0) {
          server = await rig.start();
          http = () => request(server.url);
        }
        // Where this round's kill lands: while jobs are still being accepted, or some time after.
        const duringSubmits = rand() < 0.3;
        const killAfterAccepted = Math.floor(rand() * JOBS_PER_ROUND);
        const killDelayMs = Math.floor(rand() * 4000);
        let killed: Promise<void> | undefined;
        let acceptedThisRound = 0;
        const doKill = (when: string) => {
          killed ??= (async () => {
            const s = server;
            await kill(s);
            kills.push({ round, when, atKill: await states() });
          })();
          return killed;
        };
        await pool(
          Array.from({ length: JOBS_PER_ROUND }, (_, i) => async () => {
            if (killed) return;
            const n = round * JOBS_PER_ROUND + i;
            const prompt = jobPrompt(`round ${round} job`, n);
            try {
              const res = await http()
                .post('/api/v1/videos')
                .set(users[n % USERS].auth)
                .set('Idempotency-Key', `rounds-${n}`)
                .send({ prompt, model: 'veo3', durationSeconds: 8, orientation: 'landscape' });
              if (res.status !== 202) throw new Error(`submit ${n}: ${res.status} ${JSON.stringify(res.body)}`);
              accepted.add(res.body.id);
              if (duringSubmits && ++acceptedThisRound >= killAfterAccepted) await doKill(`after ${acceptedThisRound} accepted`);
            } catch (error) {
              // A request cut off by the kill has no answer; the database says whether it was taken.
              if (!killed) throw error;
            }
          }),
          8,
        );
        if (!killed) {
          await new Promise((r) => setTimeout(r, killDelayMs));
          await doKill(`${killDelayMs} ms after the batch`);
        }
        await killed;
      }
      expect(kills).toHaveLength(ROUNDS);
      // Some kill must have found work in flight, or the suite proves nothing.
      expect(kills.some((k) => openJobs(k.atKill) > 0)).toBe(true);

      server = await rig.start();
      await until(async () => openJobs(await states()) === 0, 'every job to reach a terminal state', size(120_000, 900_000));
      await server.stop();

      const jobs: { id: string; status: string; prompt: string; provider_task_id: string | null }[] = await ds.query(
        `SELECT id, status, prompt, provider_task_id FROM video_jobs`,
      );
      for (const id of accepted) expect(jobs.some((j) => j.id === id)).toBe(true);
      expect(jobs.length).toBeGreaterThanOrEqual(accepted.size);

      expect(promptsSubmittedTwice(fake)).toEqual([]);
      expect(await ledgerMismatches(ds, jobs)).toEqual([]);
      for (const j of jobs.filter((x) => x.status === 'succeeded')) expect(j.provider_task_id).toBeTruthy();
      expect(jobs.filter((j) => j.status === 'succeeded').length).toBeGreaterThan(0);
      expect(jobs.filter((j) => j.prompt.includes('[fake:fail]') && j.status === 'succeeded')).toEqual([]);
      expect((await verifyLedger(ds)).problems).toEqual([]);

      const cli = spawnSync(process.execPath, [LEDGER_VERIFY_CLI], {
        env: { ...process.env, ...testEnv(rig.db.url) },
        encoding: 'utf8',
      });
      expect({ status: cli.status, out: cli.stdout.trim(), err: cli.stderr.trim() }).toMatchObject({
        status: 0,
        out: expect.stringMatching(/^OK: /),
      });
    },
    size(600_000, 3_600_000),
  );
});
