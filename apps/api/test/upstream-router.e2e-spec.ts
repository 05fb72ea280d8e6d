import { FakeUpstream, startFakeUpstream } from '@reelmeter/fake-upstream';
import request from 'supertest';
import { ProviderError, SubmitVideoRequest } from '../src/provider-quota/providers/provider.types';
import { UpstreamBalanceService } from '../src/provider-quota/upstream-balance.service';
import { UpstreamEvent, UpstreamEventsService } from '../src/provider-quota/upstream-events.service';
import { UPSTREAM_ROUTER, UpstreamRouterContract } from '../src/provider-quota/upstream-router.contract';
import { loginAdmin, registerUser, TestUser } from './factories';
import { createTestApp, TestApp } from './test-app';

const video = (prompt = 'a lighthouse at dawn'): SubmitVideoRequest => ({
  model: 'veo3',
  prompt,
  durationSeconds: 8,
  orientation: 'landscape',
});
let seq = 0;
const job = () => `job-${Date.now()}-${++seq}`;

describe('upstream router over real HTTP against the fake upstream', () => {
  let t: TestApp;
  let fake: FakeUpstream;
  let admin: TestUser;
  let router: UpstreamRouterContract;
  let events: UpstreamEvent[];
  const keys: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ SIMULATED_UPSTREAM_ENABLED: 'false', UPSTREAM_RETRY_BASE_MS: '1', UPSTREAM_MAX_RETRIES: '2' });
    fake = await startFakeUpstream({ seed: 11, timeScale: 0.001, pricesFen: { veo3: 110 } });
    admin = await loginAdmin(t);
    router = t.app.get<UpstreamRouterContract>(UPSTREAM_ROUTER);
    events = [];
    t.app.get(UpstreamEventsService).events$.subscribe((e) => events.push(e));
  });
  afterAll(async () => {
    await fake.close();
    await t.close();
  });
  beforeEach(async () => {
    // Each test builds its own pool.
    await t.ds.query(`UPDATE upstream_accounts SET deleted_at = now(), status = 'disabled' WHERE deleted_at IS NULL`);
    await t.ds.query(`DELETE FROM upstream_sticky_routes`);
    fake.reset();
    events.length = 0;
  });

  async function account(
    name: string,
    options: {
      balanceFen?: number;
      provider?: string;
      body?: Record<string, unknown>;
      fakeScenario?: Record<string, unknown>;
    } = {},
  ): Promise<{ id: string; key: string }> {
    const key = `sk-${name}-${Math.random().toString(36).slice(2)}-secret`;
    keys.push(key);
    fake.upsertKey({ key, balanceFen: options.balanceFen ?? 100_000, scenario: options.fakeScenario });
    const res = await request(t.url)
      .post('/api/v1/admin/provider-accounts')
      .set(admin.auth)
      .send({
        provider: options.provider ?? 'vivaapi',
        name: `${name}-${seq++}`,
        baseUrl: fake.url,
        apiKey: key,
        ...options.body,
      })
      .expect(201);
    return { id: res.body.id, key };
  }
  const statusOf = async (id: string) =>
    (await t.ds.query(`SELECT status, status_reason, cooldown_until FROM upstream_accounts WHERE id = $1`, [id]))[0];
  const noKeyIn = (text: string) => {
    for (const key of keys) expect(text).not.toContain(key);
  };
  async function failure(promise: Promise<unknown>): Promise<ProviderError> {
    try {
      await promise;
    } catch (error) {
      expect(error).toBeInstanceOf(ProviderError);
      noKeyIn(`${(error as Error).message} ${JSON.stringify((error as ProviderError).options)}`);
      return error as ProviderError;
    }
    throw new Error('expected a ProviderError');
  }

  it('routes by binding: shared by priority, group only to its accounts, dedicated only to its account', async () => {
    const high = await account('high', { body: { priority: 10 } });
    await account('low', { body: { priority: 1 } });
    const group = await request(t.url)
      .post('/api/v1/admin/provider-groups')
      .set(admin.auth)
      .send({ name: `trial-${seq++}` })
      .expect(201);
    const grouped = await account('grouped', { body: { groupId: group.body.id, priority: 100 } });
    const dedicated = await account('dedicated', { body: { mode: 'dedicated', priority: 100 } });
    const user = await registerUser(t);

    const shared = await router.submit({ userId: user.id, jobId: job() }, video());
    expect(shared.accountId).toBe(high.id);
    const viaGroup = await router.submit({ userId: user.id, jobId: job(), binding: { groupId: group.body.id } }, video());
    expect(viaGroup.accountId).toBe(grouped.id);
    const viaAccount = await router.submit({ userId: user.id, jobId: job(), binding: { accountId: dedicated.id } }, video());
    expect(viaAccount.accountId).toBe(dedicated.id);
    // Neither a group account nor a dedicated one ever serves the shared pool.
    for (let i = 0; i < 5; i++) {
      const r = await router.submit({ userId: (await registerUser(t)).id, jobId: job() }, video());
      expect([grouped.id, dedicated.id]).not.toContain(r.accountId);
    }
    await request(t.url).delete(`/api/v1/admin/provider-groups/${group.body.id}`).set(admin.auth).expect(409);
  });

  it('keeps a user on the same account while it is healthy and moves them when it fails', async () => {
    const a = await account('a', { body: { priority: 5 } });
    const b = await account('b', { body: { priority: 1 } });
    const alice = await registerUser(t);
    expect((await router.submit({ userId: alice.id, jobId: job() }, video())).accountId).toBe(a.id);
    // B now outranks A, but Alice stays on A (sticky); a new user goes to B.
    await request(t.url).patch(`/api/v1/admin/provider-accounts/${b.id}`).set(admin.auth).send({ priority: 50 }).expect(200);
    for (let i = 0; i < 3; i++) expect((await router.submit({ userId: alice.id, jobId: job() }, video())).accountId).toBe(a.id);
    const bob = await registerUser(t);
    expect((await router.submit({ userId: bob.id, jobId: job() }, video())).accountId).toBe(b.id);

    // A's key is revoked: Alice's next job fails over to B, A is disabled with an event, and she stays on B.
    fake.queueFaults(['invalid_key'], { key: a.key, target: 'submit' });
    expect((await router.submit({ userId: alice.id, jobId: job() }, video())).accountId).toBe(b.id);
    expect(await statusOf(a.id)).toMatchObject({ status: 'disabled' });
    expect(events.map((e) => [e.type, e.accountId])).toEqual([['account_key_invalid', a.id]]);
    noKeyIn(JSON.stringify(events));
    await request(t.url)
      .patch(`/api/v1/admin/provider-accounts/${a.id}`)
      .set(admin.auth)
      .send({ status: 'active', priority: 100 })
      .expect(200);
    expect((await router.submit({ userId: alice.id, jobId: job() }, video())).accountId).toBe(b.id);
  });

  it('moves the rest of a batch to another account when one runs out of money mid-batch, losing or doubling nothing', async () => {
    const poor = await account('poor', { balanceFen: 330, body: { priority: 10 } });
    const rich = await account('rich', { body: { priority: 1 } });
    const user = await registerUser(t);
    const results = [];
    for (let i = 0; i < 8; i++)
      results.push({ jobId: job(), ...(await router.submit({ userId: user.id, jobId: job() }, video(`shot ${i}`))) });
    expect(results.map((r) => r.accountId)).toEqual([...Array(3).fill(poor.id), ...Array(5).fill(rich.id)]);
    // One upstream task per job: 8 tasks, 8 distinct ids, prompts each exactly once.
    const tasks = fake.tasks();
    expect(tasks).toHaveLength(8);
    expect(new Set(results.map((r) => r.taskId)).size).toBe(8);
    expect(tasks.map((x) => x.prompt).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `shot ${i}`).sort());
    expect(await statusOf(poor.id)).toMatchObject({ status: 'exhausted' });
    expect(events.filter((e) => e.type === 'account_exhausted').map((e) => e.accountId)).toEqual([poor.id]);
    expect(fake.balanceOf(poor.key)).toBe(0);

    // A balance check that shows money again brings it back; without money it stays exhausted.
    const balances = t.app.get(UpstreamBalanceService);
    await balances.checkBalances();
    expect(await statusOf(poor.id)).toMatchObject({ status: 'exhausted' });
    fake.setBalance(poor.key, 5_000);
    await balances.checkBalances();
    expect(await statusOf(poor.id)).toMatchObject({ status: 'active' });
    expect(events.map((e) => e.type)).toContain('account_recovered');
    const history = await request(t.url)
      .get(`/api/v1/admin/provider-accounts/${poor.id}/balance-history`)
      .set(admin.auth)
      .expect(200);
    expect(history.body.items.map((p: { balanceFen: number }) => p.balanceFen)).toEqual([0, 5_000]);
  });

  it('cools a rate-limited account down for Retry-After and takes it back afterwards', async () => {
    // Retry-After 3000 simulated s = 3 s real at this time scale: long enough for a busy machine.
    const limited = await account('limited', { body: { priority: 10 }, fakeScenario: { retryAfterSeconds: 3000 } });
    const other = await account('other', { body: { priority: 1 } });
    const [user, second, third] = [await registerUser(t), await registerUser(t), await registerUser(t)];
    fake.queueFaults(['rate_limited'], { key: limited.key, target: 'submit' });
    expect((await router.submit({ userId: user.id, jobId: job() }, video())).accountId).toBe(other.id);
    const cooling = await statusOf(limited.id);
    expect(cooling.status).toBe('cooling_down');
    expect(new Date(cooling.cooldown_until).getTime()).toBeGreaterThan(Date.now());
    // While cooling, new users go elsewhere.
    expect((await router.submit({ userId: second.id, jobId: job() }, video())).accountId).toBe(other.id);
    await new Promise((r) => setTimeout(r, Math.max(0, new Date(cooling.cooldown_until).getTime() - Date.now()) + 50));
    expect((await router.submit({ userId: third.id, jobId: job() }, video())).accountId).toBe(limited.id);
    expect(await statusOf(limited.id)).toMatchObject({ status: 'active' });
    expect(events.map((e) => e.type)).toEqual(['account_cooling_down', 'account_recovered']);
  });

  it('answers "rate limited, retry after the cooldown" when every eligible account is cooling down', async () => {
    const only = await account('only-limited', { fakeScenario: { retryAfterSeconds: 3000 } });
    const user = await registerUser(t);
    fake.queueFaults(['rate_limited'], { key: only.key, target: 'submit' });
    expect(await failure(router.submit({ userId: user.id, jobId: job() }, video()))).toMatchObject({ kind: 'rate_limited' });
    expect(await statusOf(only.id)).toMatchObject({ status: 'cooling_down' });
    // Nothing to try now, but nothing is broken either: a retryable rate limit, not "no upstream".
    const waiting = await failure(router.submit({ userId: user.id, jobId: job() }, video()));
    expect(waiting.kind).toBe('rate_limited');
    expect(waiting.retryable).toBe(true);
    expect(waiting.options.retryAfterMs).toBeGreaterThanOrEqual(1000);
    expect(waiting.options.retryAfterMs).toBeLessThanOrEqual(3000);
    expect(fake.requests()).toHaveLength(1);
    // Another account running dry meanwhile does not fail the job either while this one will be back.
    const broke = await account('broke-too', { balanceFen: 0 });
    const stillWaiting = await failure(router.submit({ userId: user.id, jobId: job() }, video()));
    expect(stillWaiting.kind).toBe('rate_limited');
    expect(stillWaiting.retryable).toBe(true);
    expect(stillWaiting.message).toContain('insufficient');
    expect(await statusOf(broke.id)).toMatchObject({ status: 'exhausted' });
    // A disabled pool is still an outage.
    await t.ds.query(`UPDATE upstream_accounts SET status = 'disabled' WHERE id = $1`, [only.id]);
    expect((await failure(router.submit({ userId: user.id, jobId: job() }, video()))).kind).toBe('upstream_unavailable');
  });

  it('retries 5xx on the same account with backoff, then fails over without marking the account', async () => {
    const flaky = await account('flaky', { body: { priority: 10 } });
    const steady = await account('steady', { body: { priority: 1 } });
    const user = await registerUser(t);
    fake.queueFaults(['server_error', 'html_error'], { key: flaky.key, target: 'submit' });
    expect((await router.submit({ userId: user.id, jobId: job() }, video())).accountId).toBe(flaky.id);
    fake.queueFaults(['server_error', 'server_error', 'server_error'], { key: flaky.key, target: 'submit' });
    expect((await router.submit({ userId: (await registerUser(t)).id, jobId: job() }, video())).accountId).toBe(steady.id);
    expect(await statusOf(flaky.id)).toMatchObject({ status: 'active' });
    expect(fake.tasks()).toHaveLength(2);
    const usage = await request(t.url).get(`/api/v1/admin/provider-accounts/${flaky.id}`).set(admin.auth).expect(200);
    expect(usage.body.usage).toMatchObject({ calls: 6, successes: 1, failures: 5, failuresByKind: { upstream_unavailable: 5 } });
  });

  it('never repeats a submit that may have reached the provider, and never fails over content rejections', async () => {
    const first = await account('first', { body: { priority: 10 } });
    await account('second', { body: { priority: 1 } });
    const user = await registerUser(t);
    fake.queueFaults(['reset'], { key: first.key, target: 'submit' });
    const reset = await failure(router.submit({ userId: user.id, jobId: job() }, video()));
    expect(reset.options.mayHaveReachedProvider).toBe(true);
    const rejected = await failure(router.submit({ userId: user.id, jobId: job() }, video('nsfw [fake:reject-submit]')));
    expect(rejected.kind).toBe('content_rejected');
    // One attempt each, both on the first account; nothing else was tried and nothing changed state.
    expect(fake.requests().map((r) => r.keyFingerprint)).toEqual([expect.any(String), expect.any(String)]);
    expect(new Set(fake.requests().map((r) => r.keyFingerprint)).size).toBe(1);
    expect(await statusOf(first.id)).toMatchObject({ status: 'active' });
    expect(events).toEqual([]);
  });

  it("never changes an account's state for a user's own credit problem", async () => {
    const only = await account('only');
    const user = await registerUser(t);
    const before = await t.ds.query(`SELECT status, status_since, updated_at FROM upstream_accounts WHERE id = $1`, [only.id]);
    const res = await request(t.url).post('/api/v1/credits/consume').set(user.auth).send({ amount: 100_000, action: 'video' });
    expect(res.body.code).toBe('INSUFFICIENT_CREDITS');
    expect(await t.ds.query(`SELECT status, status_since, updated_at FROM upstream_accounts WHERE id = $1`, [only.id])).toEqual(
      before,
    );
    expect(fake.requests()).toEqual([]);
    expect(events).toEqual([]);
  });

  it('fails with a normalized error when no account can take the job, and when all are busy', async () => {
    const user = await registerUser(t);
    expect((await failure(router.submit({ userId: user.id, jobId: job() }, video()))).kind).toBe('upstream_unavailable');
    const broke = await account('broke', { balanceFen: 0 });
    const err = await failure(router.submit({ userId: user.id, jobId: job() }, video()));
    expect(err.kind).toBe('insufficient_balance');
    expect(await statusOf(broke.id)).toMatchObject({ status: 'exhausted' });

    const one = await account('one-slot', { body: { concurrencyLimit: 1 } });
    const held = await router.submit({ userId: user.id, jobId: job() }, video());
    expect(held.accountId).toBe(one.id);
    const busy = await failure(router.submit({ userId: user.id, jobId: job() }, video()));
    expect(busy).toMatchObject({ kind: 'rate_limited' });
    expect(busy.retryable).toBe(true);
    await router.release(one.id, 'unknown-job');
    const heldJob = (await t.ds.query(`SELECT job_id FROM upstream_account_slots WHERE account_id = $1`, [one.id]))[0].job_id;
    await router.release(one.id, heldJob);
    expect((await router.submit({ userId: user.id, jobId: job() }, video())).accountId).toBe(one.id);
  });

  it('never lets concurrent submits take more slots than an account allows', async () => {
    const limited = await account('three-slots', { body: { concurrencyLimit: 3 } });
    const users = await Promise.all(Array.from({ length: 4 }, () => registerUser(t)));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) => router.submit({ userId: users[i % users.length].id, jobId: job() }, video())),
    );
    const taken = outcomes.filter((o) => o.status === 'fulfilled');
    expect(taken).toHaveLength(3);
    for (const o of outcomes) {
      if (o.status === 'rejected') expect(o.reason).toMatchObject({ kind: 'rate_limited' });
    }
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM upstream_account_slots WHERE account_id = $1`, [limited.id]);
    expect(n).toBe(3);
  });

  it('polls through the account, records cost and the user quota once per job', async () => {
    const acct = await account('costly', { body: { costModel: 'per_credit', costFen: 25 } });
    const user = await registerUser(t);
    const jobId = job();
    const { accountId, taskId } = await router.submit({ userId: user.id, jobId }, video());
    let snap = await router.poll(accountId, taskId);
    for (let i = 0; i < 400 && snap.status !== 'succeeded'; i++) {
      await new Promise((r) => setTimeout(r, 5));
      snap = await router.poll(accountId, taskId);
    }
    expect(snap.status).toBe('succeeded');
    const completion = { accountId, userId: user.id, jobId, model: 'veo3', credits: 15, succeeded: true, latencyMs: 1234 };
    expect(await router.recordCompletion(completion)).toEqual({ costFen: 375 });
    expect(await router.recordCompletion(completion)).toEqual({ costFen: 375 });
    const quota = await request(t.url).get('/api/v1/quota').set(user.auth).expect(200);
    expect(quota.body).toEqual({ quota: 0, used: 15, remaining: 0 });
    const detail = await request(t.url).get(`/api/v1/admin/provider-accounts/${acct.id}`).set(admin.auth).expect(200);
    expect(detail.body.totalCostFen).toBe(375);
    const summary = await request(t.url).get('/api/v1/admin/quota').set(admin.auth).expect(200);
    expect(summary.body.totalUsed).toBeGreaterThanOrEqual(15);
    expect(summary.body.topUsers[0]).toMatchObject({ userId: user.id, used: 15 });
  });
});
