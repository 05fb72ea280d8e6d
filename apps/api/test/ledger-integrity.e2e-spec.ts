import request from 'supertest';
import { verifyLedger } from '../src/credits/ledger-verifier';
import { balanceOf, registerUser } from './factories';
import { createTestApp, TestApp } from './test-app';

describe('the ledger is append-only and verifiable', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('rejects UPDATE, DELETE and TRUNCATE on ledger rows at the database', async () => {
    const user = await registerUser(t);
    await expect(t.ds.query(`UPDATE credit_ledger_entries SET amount = 1000000 WHERE user_id = $1`, [user.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(t.ds.query(`DELETE FROM credit_ledger_entries WHERE user_id = $1`, [user.id])).rejects.toThrow(/append-only/);
    await expect(t.ds.query(`TRUNCATE credit_ledger_entries CASCADE`)).rejects.toThrow(/append-only/);
    const rows = await t.ds.query(`SELECT amount FROM credit_ledger_entries WHERE user_id = $1`, [user.id]);
    expect(rows).toEqual([{ amount: '520' }]);
  });

  it('refuses to delete an entry over the API with 403 and a clear message', async () => {
    const user = await registerUser(t);
    const ledger = await request(t.url).get('/api/v1/credits/ledger').set(user.auth).expect(200);
    const res = await request(t.url).delete(`/api/v1/credits/ledger/${ledger.body.items[0].id}`).set(user.auth);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ statusCode: 403, code: 'LEDGER_IMMUTABLE' });
    expect(res.body.message).toMatch(/cannot be deleted/);
  });

  it('refuses a balance that would go negative at the database', async () => {
    const user = await registerUser(t);
    await expect(t.ds.query(`UPDATE credit_accounts SET available = -1 WHERE user_id = $1`, [user.id])).rejects.toThrow(/check/i);
  });

  it('pages the ledger newest first with a cursor and filters by kind', async () => {
    const user = await registerUser(t);
    for (let i = 1; i <= 5; i++) {
      await request(t.url).post('/api/v1/credits/consume').set(user.auth).send({ amount: i, action: 'script' }).expect(200);
    }
    const first = await request(t.url).get('/api/v1/credits/ledger?limit=4').set(user.auth).expect(200);
    expect(first.body.items.map((e: { amount: number }) => e.amount)).toEqual([-5, -4, -3, -2]);
    expect(first.body.items[0].balanceAfter).toBe(520 - 15);
    const second = await request(t.url)
      .get(`/api/v1/credits/ledger?limit=4&cursor=${first.body.nextCursor}`)
      .set(user.auth)
      .expect(200);
    expect(second.body.items.map((e: { kind: string }) => e.kind)).toEqual(['consume', 'signup_bonus']);
    expect(second.body.nextCursor).toBeNull();
    const bonus = await request(t.url).get('/api/v1/credits/ledger?kind=signup_bonus').set(user.auth).expect(200);
    expect(bonus.body.items).toHaveLength(1);
    expect(bonus.body.items[0]).toMatchObject({ amount: 520, balanceAfter: 520, referenceType: 'user', referenceId: user.id });
    await request(t.url).get('/api/v1/credits/ledger?kind=nonsense').set(user.auth).expect(400);
    await request(t.url).get('/api/v1/credits/ledger?cursor=abc').set(user.auth).expect(400);
  });

  it('reports consumption per action', async () => {
    const user = await registerUser(t);
    await request(t.url).post('/api/v1/credits/consume').set(user.auth).send({ amount: 10, action: 'script' }).expect(200);
    await request(t.url).post('/api/v1/credits/consume').set(user.auth).send({ amount: 10, action: 'script' }).expect(200);
    await request(t.url).post('/api/v1/credits/consume').set(user.auth).send({ amount: 5, action: 'character' }).expect(200);
    const res = await request(t.url).get('/api/v1/credits/stats').set(user.auth).expect(200);
    expect(res.body.totalConsumed).toBe(25);
    expect(res.body.byAction).toEqual(
      expect.arrayContaining([
        { action: 'script', count: 2, consumed: 20, refunded: 0, net: 20 },
        { action: 'character', count: 1, consumed: 5, refunded: 0, net: 5 },
      ]),
    );
    const empty = await request(t.url).get('/api/v1/credits/stats?from=2020-01-01&to=2020-02-01').set(user.auth).expect(200);
    expect(empty.body.totalConsumed).toBe(0);
    await request(t.url).get('/api/v1/credits/stats?from=2020-02-01&to=2020-01-01').set(user.auth).expect(400);
  });

  it('finds a tampered account and names it', async () => {
    const user = await registerUser(t);
    expect(await balanceOf(t, user)).toBe(520);
    expect((await verifyLedger(t.ds)).ok).toBe(true);
    await t.ds.query(
      `UPDATE credit_accounts SET available = available + 1, total_granted = total_granted + 1 WHERE user_id = $1`,
      [user.id],
    );
    const result = await verifyLedger(t.ds);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.userId)).toEqual(expect.arrayContaining([user.id]));
    expect(result.problems.find((p) => p.problem.includes('sum of ledger'))).toMatchObject({ expected: 520, actual: 521 });
    await t.ds.query(
      `UPDATE credit_accounts SET available = available - 1, total_granted = total_granted - 1 WHERE user_id = $1`,
      [user.id],
    );
  });
});
