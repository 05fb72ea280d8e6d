import { FakeUpstream, startFakeUpstream } from '@reelmeter/fake-upstream';
import { randomBytes } from 'node:crypto';
import { verifyLedger } from '../../src/credits/ledger-verifier';
import { loginAdmin, registerUser, TestUser } from '../factories';
import { createTestApp, TestApp } from '../test-app';
import { ChaosProxy, startChaosProxy } from './chaos-proxy';
import { pool, prng, SEED, size, until } from './soak';

/**
 * Upstream chaos: every upstream call (submit, poll, balance) goes through a proxy that answers 30%
 * of them with a 5xx and 10% with a 429, and the preferred account's balance runs out part-way
 * through the batch. No job may be lost (every one ends, each failure refunded exactly once), the
 * batch fails over to the backup account, and the exhausted account raises exactly one alert.
 * Fast: 60 jobs; soak: 300.
 */
const JOBS = size(60, 300);
const USERS = size(6, 20);
const PRICE_FEN = 110;

describe(`upstream chaos: 30% 5xx, 10% 429, balance exhausted mid-batch (${JOBS} jobs, seed ${SEED})`, () => {
  let t: TestApp;
  let fake: FakeUpstream;
  let proxy: ChaosProxy;
  let admin: TestUser;

  beforeAll(async () => {
    fake = await startFakeUpstream({
      seed: SEED,
      timeScale: 0.001,
      pricesFen: { veo3: PRICE_FEN },
      scenario: { submitLatencyMs: [0, 20_000], queueMs: [0, 20_000], generationMs: [50_000, 300_000], progressRegressRate: 0 },
    });
    proxy = await startChaosProxy(fake.url, { serverErrorRate: 0.3, rateLimitRate: 0.1, rand: prng(SEED ^ 0x5eed) });
    t = await createTestApp({
      SIMULATED_UPSTREAM_ENABLED: 'false',
      UPSTREAM_RETRY_BASE_MS: '2',
      UPSTREAM_MAX_RETRIES: '2',
      VIDEO_POLL_INITIAL_MS: '50',
      VIDEO_POLL_MAX_MS: '200',
      VIDEO_POLL_TICK_MS: '25',
      VIDEO_SUBMIT_CONCURRENCY: '8',
    });
    admin = await loginAdmin(t);
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.close();
    await fake?.close();
  });

  async function account(name: string, priority: number, balanceFen: number) {
    const key = `sk-chaos-${name}-${randomBytes(6).toString('hex')}`;
    fake.upsertKey({ key, balanceFen });
    const res = await t
      .http()
      .post('/api/v1/admin/provider-accounts')
      .set(admin.auth)
      .send({ provider: 'vivaapi', name, baseUrl: proxy.url, apiKey: key, priority, lowBalanceThresholdFen: 0 });
    if (res.status !== 201) throw new Error(`account ${name}: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id as string, key };
  }

  it(
    'loses no job, fails over to the backup, refunds each failure once and raises one alert',
    async () => {
      // The primary can pay for a quarter of the batch; the backup for all of it.
      const primary = await account('primary', 10, PRICE_FEN * Math.floor(JOBS / 4));
      const backup = await account('backup', 1, PRICE_FEN * JOBS * 2);
      const users = await pool(
        Array.from({ length: USERS }, () => () => registerUser(t)),
        4,
      );
      const submitted = await pool(
        Array.from({ length: JOBS }, (_, i) => async () => {
          const res = await t
            .http()
            .post('/api/v1/videos')
            .set(users[i % USERS].auth)
            .set('Idempotency-Key', `chaos-${i}`)
            .send({ prompt: `chaos job ${i}`, model: 'veo3', durationSeconds: 8, orientation: 'landscape' });
          if (res.status !== 202) throw new Error(`submit ${i}: ${res.status} ${JSON.stringify(res.body)}`);
          return res.body.id as string;
        }),
        8,
      );
      expect(new Set(submitted).size).toBe(JOBS);

      const open = async () =>
        (await t.ds.query(`SELECT count(*)::int AS n FROM video_jobs WHERE status IN ('queued', 'submitting', 'running')`))[0].n;
      // Jobs that found every account cooling down wait out growing back-offs (up to a minute each), so
      // how long the batch takes depends on how the 429s fell: 70–135 s alone here, more beside other suites.
      await until(async () => (await open()) === 0, 'every job to end', size(420_000, 1_500_000));

      const jobs: {
        id: string;
        status: string;
        upstream_account_id: string | null;
        error_kind: string | null;
        refunded: boolean;
      }[] = await t.ds.query(`SELECT id, status, upstream_account_id, error_kind, refunded FROM video_jobs`);
      expect(jobs).toHaveLength(JOBS);
      const byStatus = (s: string) => jobs.filter((j) => j.status === s);

      // Every job is accounted for: one charge each, one refund for each failure, none for a success.
      const ledger: { reference_id: string; kind: string; n: number }[] = await t.ds.query(
        `SELECT reference_id, kind, count(*)::int AS n FROM credit_ledger_entries WHERE reference_type = 'video_job' GROUP BY 1, 2`,
      );
      const count = (id: string, kind: string) => ledger.find((l) => l.reference_id === id && l.kind === kind)?.n ?? 0;
      for (const job of jobs) {
        expect({ id: job.id, status: job.status, consumes: count(job.id, 'consume'), refunds: count(job.id, 'refund') }).toEqual({
          id: job.id,
          status: job.status,
          consumes: 1,
          refunds: job.status === 'succeeded' ? 0 : 1,
        });
      }

      // The chaos happened, and the pipeline rode it out: most jobs succeed. A job fails only when every
      // account failed it at once (5xx past the retries on one, no money on the other); never silently.
      expect(proxy.counts.serverErrors).toBeGreaterThan(JOBS / 4);
      expect(proxy.counts.rateLimited).toBeGreaterThan(JOBS / 20);
      const failures: { error_kind: string; d: string; n: number }[] = await t.ds.query(
        `SELECT error_kind, left(error_detail, 200) AS d, count(*)::int AS n FROM video_jobs WHERE status = 'failed' GROUP BY 1, 2`,
      );
      expect({ succeeded: byStatus('succeeded').length >= Math.ceil(JOBS * 0.8), failures }).toMatchObject({ succeeded: true });
      for (const f of failures)
        expect(['upstream_unavailable', 'upstream_balance', 'rate_limited', 'timeout']).toContain(f.error_kind);
      expect(byStatus('canceled')).toEqual([]);

      // Fail-over: the primary ran dry and was marked exhausted; the backup took the rest.
      const accounts: { id: string; status: string }[] = await t.ds.query(
        `SELECT id, status FROM upstream_accounts WHERE id = ANY($1)`,
        [[primary.id, backup.id]],
      );
      expect(accounts.find((a) => a.id === primary.id)?.status).toBe('exhausted');
      expect(accounts.find((a) => a.id === backup.id)?.status).not.toMatch(/exhausted|disabled/);
      const served = (id: string) => byStatus('succeeded').filter((j) => j.upstream_account_id === id).length;
      expect(served(primary.id)).toBeGreaterThan(0);
      expect(served(backup.id)).toBeGreaterThan(0);
      expect(served(primary.id)).toBeLessThanOrEqual(Math.floor(JOBS / 4));
      expect(fake.balanceOf(primary.key)).toBeLessThan(PRICE_FEN);

      // Exactly one alert: the exhausted primary (5xx and 429 are routine, not incidents).
      await until(async () => (await t.ds.query(`SELECT count(*)::int AS n FROM alerts`))[0].n > 0, 'the alert');
      const alerts: { rule_key: string; subject: string; severity: string }[] = await t.ds.query(
        `SELECT rule_key, subject, severity FROM alerts`,
      );
      expect(alerts).toEqual([{ rule_key: 'upstream.insufficient_balance', subject: primary.id, severity: 'critical' }]);

      // Upstream: no task twice for the same job (every prompt is unique).
      const prompts = fake.tasks().map((task) => task.prompt);
      expect(new Set(prompts).size).toBe(prompts.length);
      expect((await verifyLedger(t.ds)).problems).toEqual([]);
    },
    size(600_000, 1_800_000),
  );
});
