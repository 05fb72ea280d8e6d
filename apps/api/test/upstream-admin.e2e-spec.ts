import { FakeUpstream, startFakeUpstream } from '@reelmeter/fake-upstream';
import request from 'supertest';
import { seedDefaults } from '../src/database/seed';
import { UpstreamBalanceService } from '../src/provider-quota/upstream-balance.service';
import { UpstreamEvent, UpstreamEventsService } from '../src/provider-quota/upstream-events.service';
import { UPSTREAM_ROUTER, UpstreamRouterContract } from '../src/provider-quota/upstream-router.contract';
import { loginAdmin, registerUser, TestUser } from './factories';
import { createTestApp, TestApp } from './test-app';

const VIVA_KEY = 'sk-admin-viva-key-0123456789abcd';
const SUCH_KEY = 'such-admin-key-0123456789abcdef';

describe('admin: upstream accounts, groups, balances and the simulated account', () => {
  let t: TestApp;
  let fake: FakeUpstream;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    fake = await startFakeUpstream({
      timeScale: 0.001,
      keys: [
        { key: VIVA_KEY, balanceFen: 20_000 },
        { key: SUCH_KEY, balanceFen: 5_000 },
      ],
    });
    admin = await loginAdmin(t);
  });
  afterAll(async () => {
    await fake.close();
    await t.close();
  });

  it('seeds exactly one simulated account (idempotently) that works over the in-process fake upstream', async () => {
    await seedDefaults(t.ds, t.config);
    const list = await request(t.url).get('/api/v1/admin/provider-accounts').set(admin.auth).expect(200);
    const simulated = list.body.items.filter((a: { provider: string }) => a.provider === 'simulated');
    expect(simulated).toHaveLength(1);
    expect(simulated[0]).toMatchObject({
      name: 'Simulated upstream',
      status: 'active',
      mode: 'shared',
      apiKeyMasked: expect.stringMatching(/^\*{4}.{4}$/),
    });
    const test = await request(t.url).post(`/api/v1/admin/provider-accounts/${simulated[0].id}/test`).set(admin.auth).expect(200);
    expect(test.body).toMatchObject({ ok: true, balanceFen: 100_000, balanceSource: 'reported' });
    expect(test.body.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('creates, reads, updates and deletes accounts with the key encrypted and masked', async () => {
    const created = await request(t.url)
      .post('/api/v1/admin/provider-accounts')
      .set(admin.auth)
      .send({
        provider: 'vivaapi',
        name: 'Viva main',
        baseUrl: fake.url,
        apiKey: VIVA_KEY,
        priority: 3,
        weight: 2,
        concurrencyLimit: 5,
        costModel: 'per_credit',
        costFen: 25,
        lowBalanceThresholdFen: 50_000,
      })
      .expect(201);
    expect(created.body).toMatchObject({
      apiKeyMasked: 'sk-****abcd',
      status: 'active',
      priority: 3,
      weight: 2,
      balanceFen: null,
    });
    expect(JSON.stringify(created.body)).not.toContain(VIVA_KEY);
    const [row] = await t.ds.query(`SELECT api_key_encrypted FROM upstream_accounts WHERE id = $1`, [created.body.id]);
    expect(row.api_key_encrypted).toMatch(/^v1\./);
    expect(row.api_key_encrypted).not.toContain(VIVA_KEY);

    const dup = await request(t.url)
      .post('/api/v1/admin/provider-accounts')
      .set(admin.auth)
      .send({ provider: 'vivaapi', name: 'viva MAIN', baseUrl: fake.url, apiKey: 'sk-other-key-123456' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('UPSTREAM_NAME_TAKEN');
    for (const bad of [
      { provider: 'nope', name: 'x', baseUrl: fake.url, apiKey: 'k-123456' },
      { provider: 'vivaapi', name: 'x', baseUrl: 'ftp://x', apiKey: 'k-123456' },
      { provider: 'vivaapi', name: 'x', baseUrl: fake.url, apiKey: 'k-123456', settings: { paths: { submit: 'http://evil' } } },
      { provider: 'vivaapi', name: 'x', baseUrl: fake.url, apiKey: 'k-123456', weight: 0 },
    ]) {
      const res = await request(t.url).post('/api/v1/admin/provider-accounts').set(admin.auth).send(bad);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    }

    // Low balance: the check reports ¥200 under the ¥500 threshold → balance_low event.
    const events: UpstreamEvent[] = [];
    const sub = t.app.get(UpstreamEventsService).events$.subscribe((e) => events.push(e));
    const test = await request(t.url).post(`/api/v1/admin/provider-accounts/${created.body.id}/test`).set(admin.auth).expect(200);
    expect(test.body).toMatchObject({ ok: true, balanceFen: 20_000 });
    sub.unsubscribe();
    expect(events).toEqual([
      expect.objectContaining({ type: 'balance_low', accountId: created.body.id, balanceFen: 20_000, thresholdFen: 50_000 }),
    ]);

    const rotated = await request(t.url)
      .patch(`/api/v1/admin/provider-accounts/${created.body.id}`)
      .set(admin.auth)
      .send({ apiKey: 'sk-unknown-rotated-key-9999', status: 'disabled' })
      .expect(200);
    expect(rotated.body).toMatchObject({ apiKeyMasked: 'sk-****9999', status: 'disabled', statusReason: 'disabled by an admin' });
    const failed = await request(t.url)
      .post(`/api/v1/admin/provider-accounts/${created.body.id}/test`)
      .set(admin.auth)
      .expect(200);
    expect(failed.body).toMatchObject({ ok: false, errorKind: 'invalid_key' });
    expect(failed.body.message).not.toContain('sk-unknown-rotated-key-9999');
    const detail = await request(t.url).get(`/api/v1/admin/provider-accounts/${created.body.id}`).set(admin.auth).expect(200);
    expect(detail.body.usage).toMatchObject({
      calls: 2,
      successes: 1,
      failures: 1,
      failuresByKind: { invalid_key: 1 },
      successRate: 0.5,
    });

    await request(t.url).delete(`/api/v1/admin/provider-accounts/${created.body.id}`).set(admin.auth).expect(204);
    await request(t.url).get(`/api/v1/admin/provider-accounts/${created.body.id}`).set(admin.auth).expect(404);
    // The name is free again.
    await request(t.url)
      .post('/api/v1/admin/provider-accounts')
      .set(admin.auth)
      .send({ provider: 'vivaapi', name: 'Viva main', baseUrl: fake.url, apiKey: VIVA_KEY })
      .expect(201);
  });

  it('estimates the balance of an account without a balance API from top-ups minus cost, and revives it on a top-up', async () => {
    const acct = await request(t.url)
      .post('/api/v1/admin/provider-accounts')
      .set(admin.auth)
      .send({
        provider: 'suchuang',
        name: 'Suchuang no balance API',
        baseUrl: fake.url,
        apiKey: SUCH_KEY,
        costModel: 'per_video',
        costFen: 110,
        costFenByModel: { 'veo3-pro': 500 },
        settings: { paths: { balance: null } },
      })
      .expect(201);
    const id = acct.body.id;
    const top = await request(t.url)
      .post(`/api/v1/admin/provider-accounts/${id}/topups`)
      .set(admin.auth)
      .send({ amountFen: 1_000, note: 'first' })
      .expect(201);
    expect(top.body.balanceFen).toBe(1_000);
    const user = await registerUser(t);
    const balances = t.app.get(UpstreamBalanceService);
    // Two videos recorded against it: 110 + 500 fen (a failed one costs nothing).
    const r = t.app.get<UpstreamRouterContract>(UPSTREAM_ROUTER);
    await r.recordCompletion({
      accountId: id,
      userId: user.id,
      jobId: `j-${id}-1`,
      model: 'veo3',
      credits: 15,
      succeeded: true,
      latencyMs: 1,
    });
    await r.recordCompletion({
      accountId: id,
      userId: user.id,
      jobId: `j-${id}-2`,
      model: 'veo3-pro',
      credits: 15,
      succeeded: true,
      latencyMs: 1,
    });
    await r.recordCompletion({
      accountId: id,
      userId: user.id,
      jobId: `j-${id}-3`,
      model: 'veo3',
      credits: 15,
      succeeded: false,
      latencyMs: 1,
    });
    const check = (await balances.checkBalances()).find((x) => x.accountId === id);
    expect(check).toMatchObject({ ok: true, source: 'estimated', balanceFen: 390 });
    // Exhausted (as the router would mark it) → a top-up brings it back.
    await t.ds.query(`UPDATE upstream_accounts SET status = 'exhausted' WHERE id = $1`, [id]);
    await request(t.url)
      .post(`/api/v1/admin/provider-accounts/${id}/topups`)
      .set(admin.auth)
      .send({ amountFen: 2_000 })
      .expect(201);
    const after = await request(t.url).get(`/api/v1/admin/provider-accounts/${id}`).set(admin.auth).expect(200);
    expect(after.body).toMatchObject({
      status: 'active',
      balanceFen: 2_390,
      balanceSource: 'estimated',
      totalTopupFen: 3_000,
      totalCostFen: 610,
    });
    const history = await request(t.url)
      .get(`/api/v1/admin/provider-accounts/${id}/balance-history?limit=10`)
      .set(admin.auth)
      .expect(200);
    expect(history.body.items.map((p: { balanceFen: number }) => p.balanceFen)).toEqual([1_000, 390, 2_390]);
    const quota = await request(t.url).get('/api/v1/quota').set(user.auth).expect(200);
    expect(quota.body).toEqual({ quota: 0, used: 30, remaining: 0 });
  });

  it('manages groups and refuses to delete one in use', async () => {
    const g = await request(t.url)
      .post('/api/v1/admin/provider-groups')
      .set(admin.auth)
      .send({ name: 'VIP', description: 'paying users' })
      .expect(201);
    expect(g.body).toMatchObject({ name: 'VIP', accountCount: 0 });
    await request(t.url).post('/api/v1/admin/provider-groups').set(admin.auth).send({ name: 'vip' }).expect(409);
    const a = await request(t.url)
      .post('/api/v1/admin/provider-accounts')
      .set(admin.auth)
      .send({ provider: 'vivaapi', name: 'VIP account', baseUrl: fake.url, apiKey: VIVA_KEY, groupId: g.body.id })
      .expect(201);
    expect(a.body).toMatchObject({ groupId: g.body.id, groupName: 'VIP' });
    const inUse = await request(t.url).delete(`/api/v1/admin/provider-groups/${g.body.id}`).set(admin.auth);
    expect(inUse.status).toBe(409);
    expect(inUse.body.code).toBe('UPSTREAM_GROUP_IN_USE');
    await request(t.url)
      .patch(`/api/v1/admin/provider-accounts/${a.body.id}`)
      .set(admin.auth)
      .send({ groupId: null })
      .expect(200);
    const renamed = await request(t.url)
      .patch(`/api/v1/admin/provider-groups/${g.body.id}`)
      .set(admin.auth)
      .send({ name: 'VIP 2' })
      .expect(200);
    expect(renamed.body).toMatchObject({ name: 'VIP 2', accountCount: 0 });
    await request(t.url).delete(`/api/v1/admin/provider-groups/${g.body.id}`).set(admin.auth).expect(204);
    const groups = await request(t.url).get('/api/v1/admin/provider-groups').set(admin.auth).expect(200);
    expect(groups.body.items.map((x: { id: string }) => x.id)).not.toContain(g.body.id);
  });

  it('shows each user only their own quota card', async () => {
    const user = await registerUser(t);
    await request(t.url).get('/api/v1/quota').expect(401);
    expect((await request(t.url).get('/api/v1/quota').set(user.auth).expect(200)).body).toEqual({
      quota: 0,
      used: 0,
      remaining: 0,
    });
  });
});
