import { FakeUpstream, startFakeUpstream } from '@reelmeter/fake-upstream';
import { Client } from 'pg';
import request from 'supertest';
import { VideoJobsService } from '../src/video-generation/video-jobs.service';
import { VideoPipelineService } from '../src/video-generation/video-pipeline.service';
import { loginAdmin, registerUser } from './factories';
import { createTestApp, TestApp } from './test-app';

/**
 * A job finishing as succeeded and a submit claiming a slot on the same upstream account. The pipeline
 * benchmark hit "deadlock detected" here (two of 2,000 jobs failed and were refunded): the finisher's
 * usage row share-locked the account row through its foreign key, then the finisher waited to update
 * that row (behind another finisher's update) while a submit, queued for FOR UPDATE on the row ahead of
 * it, waited for the finisher's share lock. The finisher now takes the update lock first.
 */
describe('finishing a video job beside a submit on the same upstream account', () => {
  let t: TestApp;
  let fake: FakeUpstream;
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await createTestApp({ SIMULATED_UPSTREAM_ENABLED: 'false', VIDEO_WORKER_ENABLED: 'false' });
    fake = await startFakeUpstream({ seed: 3, timeScale: 0.001 });
  });
  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    await t?.close();
    await fake?.close();
  });

  async function connect(): Promise<Client> {
    const c = new Client({ connectionString: t.databaseUrl });
    await c.connect();
    clients.push(c);
    return c;
  }

  /** Waits until `n` backends of this database wait for a lock. */
  async function lockWaiters(n: number): Promise<void> {
    for (let i = 0; i < 400; i++) {
      const [{ waiting }] = await t.ds.query(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (waiting >= n) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`fewer than ${n} backends waiting for a lock`);
  }

  it('does not deadlock: both commit, the job succeeds and its cost is recorded once', async () => {
    const admin = await loginAdmin(t);
    const key = 'sk-finish-locks';
    fake.upsertKey({ key, balanceFen: 100_000 });
    const account = await request(t.url)
      .post('/api/v1/admin/provider-accounts')
      .set(admin.auth)
      .send({ provider: 'vivaapi', name: 'finish-locks', baseUrl: fake.url, apiKey: key, costModel: 'per_video', costFen: 120 })
      .expect(201);
    const accountId: string = account.body.id;
    const user = await registerUser(t);
    const submitted = await request(t.url)
      .post('/api/v1/videos')
      .set(user.auth)
      .send({ prompt: 'a lighthouse at dusk', model: 'veo3', durationSeconds: 8, orientation: 'landscape' })
      .expect(202);
    const jobId: string = submitted.body.id;
    // As if the worker had submitted it: running on the account with a task id.
    await t.ds.query(
      `UPDATE video_jobs SET status = 'running', upstream_account_id = $2, provider_task_id = 'task-locks', submitted_at = now()
        WHERE id = $1`,
      [jobId, accountId],
    );
    const [before] = await t.ds.query(`SELECT total_cost_fen FROM upstream_accounts WHERE id = $1`, [accountId]);

    // Someone holds a lock on the account row that the finisher's update must wait for.
    const other = await connect();
    await other.query('BEGIN');
    await other.query(`SELECT 1 FROM upstream_accounts WHERE id = $1 FOR SHARE`, [accountId]);
    const finishing = t.app.get(VideoJobsService).finish(jobId, ['running'], undefined, 'succeeded', {
      resultUrl: 'https://cdn.example.com/v.mp4',
    });
    await lockWaiters(1);
    // The finisher waits for the account's update lock before it writes anything referencing the account
    // (a usage row's foreign key would share-lock the row, and waiting while holding that lock is the
    // deadlock): nothing of it is visible to a conflicting insert yet.
    const [waiting] = await t.ds.query(
      `SELECT query FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    expect(waiting.query).toMatch(/FROM upstream_accounts WHERE id = \$1 FOR NO KEY UPDATE/);
    const probe = await connect();
    await probe.query('BEGIN');
    await probe.query(`SET LOCAL lock_timeout = '2s'`);
    await probe.query(
      `INSERT INTO upstream_usage_records (account_id, operation, outcome, latency_ms, job_id) VALUES ($1, 'completion', 'success', 0, $2)
       ON CONFLICT (job_id) WHERE operation = 'completion' DO NOTHING`,
      [accountId, jobId],
    );
    await probe.query('ROLLBACK');
    // A submit claiming a slot queues for the account's FOR UPDATE lock (the router's claim) meanwhile.
    const submit = await connect();
    await submit.query('BEGIN');
    const claim = submit.query(
      `SELECT concurrency_limit, status FROM upstream_accounts WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`,
      [accountId],
    );
    await lockWaiters(2);
    await other.query('COMMIT');

    // Both get through, in either order: no deadlock, nothing aborted.
    const [job, claimed] = await Promise.all([
      finishing,
      claim.then(async (r) => {
        await submit.query('COMMIT');
        return r;
      }),
    ]);
    expect(claimed.rows).toEqual([{ concurrency_limit: 0, status: 'active' }]);
    expect(job?.status).toBe('succeeded');
    expect(job?.costFen).toBe(120);

    const [after] = await t.ds.query(`SELECT total_cost_fen FROM upstream_accounts WHERE id = $1`, [accountId]);
    expect(Number(after.total_cost_fen) - Number(before.total_cost_fen)).toBe(120);
    const completions = await t.ds.query(
      `SELECT count(*)::int AS n FROM upstream_usage_records WHERE job_id = $1 AND operation = 'completion'`,
      [jobId],
    );
    expect(completions[0].n).toBe(1);
  });
  it("lets a submit claim an account slot while other transactions' usage rows share-lock the account", async () => {
    const admin = await loginAdmin(t);
    const key = 'sk-claim-locks';
    fake.upsertKey({ key, balanceFen: 100_000 });
    await t.ds.query(`UPDATE upstream_accounts SET deleted_at = now(), status = 'disabled' WHERE deleted_at IS NULL`);
    const account = await request(t.url)
      .post('/api/v1/admin/provider-accounts')
      .set(admin.auth)
      .send({ provider: 'vivaapi', name: 'claim-locks', baseUrl: fake.url, apiKey: key })
      .expect(201);
    const accountId: string = account.body.id;
    const user = await registerUser(t);
    const submitted = await request(t.url)
      .post('/api/v1/videos')
      .set(user.auth)
      .send({ prompt: 'a harbour in the rain', model: 'veo3', durationSeconds: 8, orientation: 'landscape' })
      .expect(202);

    // A finisher mid-transaction: its usage row's foreign key holds a share lock on the account row.
    const other = await connect();
    await other.query('BEGIN');
    await other.query(
      `INSERT INTO upstream_usage_records (account_id, operation, outcome, latency_ms) VALUES ($1, 'poll', 'success', 0)`,
      [accountId],
    );
    // The claim (FOR UPDATE before) waited for every such lock, and with another finisher's update in
    // the row's chain the two waited for each other; FOR NO KEY UPDATE does not conflict with them.
    const submitting = t.app.get(VideoPipelineService).submit(submitted.body.id as string);
    const first = await Promise.race([submitting.then(() => 'submitted'), lockWaiters(1).then(() => 'blocked')]);
    expect(first).toBe('submitted');
    await other.query('ROLLBACK');
    const [job] = await t.ds.query(`SELECT status, upstream_account_id FROM video_jobs WHERE id = $1`, [submitted.body.id]);
    expect(job).toEqual({ status: 'running', upstream_account_id: accountId });
  });
});
