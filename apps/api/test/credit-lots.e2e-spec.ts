import { CreditsService } from '../src/credits/credits.service';
import { verifyLedger } from '../src/credits/ledger-verifier';
import { balanceOf, loginAdmin, registerUser, TestUser } from './factories';
import { createTestApp, TestApp } from './test-app';

const DAY = 86_400_000;

describe('credit lots and expiry', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ CREDITS_SIGNUP_BONUS_VALIDITY_DAYS: '60' });
    admin = await loginAdmin(t);
  });
  afterAll(() => t.close());

  async function pkg(code: string, body: Record<string, unknown>) {
    const res = await t
      .http()
      .post('/api/v1/admin/packages')
      .set(admin.auth)
      .send({ code, name: code, priceFen: 1000, ...body })
      .expect(201);
    return res.body.id as string;
  }

  async function buy(user: TestUser, packageId: string) {
    const order = await t.http().post('/api/v1/orders').set(user.auth).send({ packageId, channel: 'sandbox' }).expect(201);
    await t.http().post(`/api/v1/payments/sandbox/${order.body.id}/pay`).expect(200);
    return order.body.id as string;
  }

  const lotsOf = async (userId: string) =>
    (
      await t.ds.query(`SELECT source_kind, amount, remaining, expires_at FROM credit_lots WHERE user_id = $1 ORDER BY id`, [
        userId,
      ])
    ).map((r: { source_kind: string; amount: string; remaining: string }) => [
      r.source_kind,
      Number(r.amount),
      Number(r.remaining),
    ]);

  it('spends soonest-expiring lots first, sweeps exactly the remainder, and keeps the books exact', async () => {
    const shortPkg = await pkg('short-10d', { credits: 100, validityDays: 10 });
    const longPkg = await pkg('long-30d', { credits: 100, bonusCredits: 20, validityDays: 30, bonusValidityDays: 5 });
    const user = await registerUser(t);
    await buy(user, shortPkg);
    await buy(user, longPkg);
    expect(await balanceOf(t, user)).toBe(520 + 100 + 120);

    const balance = await t.http().get('/api/v1/credits/balance').set(user.auth).expect(200);
    const expiring = balance.body.expiring.map((e: { expiresAt: string; credits: number }) => [
      Math.round((new Date(e.expiresAt).getTime() - Date.now()) / DAY),
      e.credits,
    ]);
    expect(expiring).toEqual([
      [5, 20],
      [10, 100],
      [30, 100],
      [60, 520],
    ]);

    // 50 credits: the 5-day bonus (20) first, then 30 of the 10-day lot.
    await t.http().post('/api/v1/credits/consume').set(user.auth).send({ amount: 50, action: 'video' }).expect(200);
    expect(await lotsOf(user.id)).toEqual([
      ['signup_bonus', 520, 520],
      ['purchase', 100, 70],
      ['purchase', 100, 100],
      ['purchase_bonus', 20, 0],
    ]);

    const credits = t.app.get(CreditsService);
    expect(await credits.expireLots(new Date(Date.now() + 11 * DAY))).toEqual({ lots: 1, credits: 70 });
    expect(await credits.expireLots(new Date(Date.now() + 11 * DAY))).toEqual({ lots: 0, credits: 0 });
    expect(await balanceOf(t, user)).toBe(520 + 100);

    // An admin deduction drains the next-soonest lot (the 30-day purchase).
    await t
      .http()
      .post(`/api/v1/admin/users/${user.id}/credits/adjust`)
      .set(admin.auth)
      .send({ delta: -40, reason: 'Correction' })
      .expect(201);
    expect(await credits.expireLots(new Date(Date.now() + 31 * DAY))).toEqual({ lots: 1, credits: 60 });
    expect(await balanceOf(t, user)).toBe(520);

    const ledger = await t.http().get('/api/v1/credits/ledger?kind=expire').set(user.auth).expect(200);
    expect(ledger.body.items.map((e: { amount: number; referenceType: string }) => [e.amount, e.referenceType])).toEqual([
      [-60, 'credit_lot'],
      [-70, 'credit_lot'],
    ]);
    const account = await t.http().get('/api/v1/credits/balance').set(user.auth).expect(200);
    expect(account.body).toMatchObject({ available: 520, totalExpired: 130 });
    expect((await verifyLedger(t.ds)).ok).toBe(true);
  });

  it('a refund takes back the refunded order’s own lots first; concurrent spending keeps lots and balance equal', async () => {
    const longPkg = await pkg('refund-lots', { credits: 200, validityDays: 90 });
    const user = await registerUser(t);
    const orderId = await buy(user, longPkg);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        t.http().post('/api/v1/credits/consume').set(user.auth).send({ amount: 7, action: 'video' }),
      ),
    );
    // The 60-day sign-up bonus expires before the 90-day purchase, so it is spent first.
    const lotsBefore = await lotsOf(user.id);
    expect(lotsBefore).toEqual([
      ['signup_bonus', 520, 380],
      ['purchase', 200, 200],
    ]);
    await t.http().post(`/api/v1/admin/orders/${orderId}/refund`).set(admin.auth).send({ reason: 'Refund' }).expect(201);
    expect(await lotsOf(user.id)).toEqual([
      ['signup_bonus', 520, 380],
      ['purchase', 200, 0],
    ]);
    expect(await balanceOf(t, user)).toBe(380);
    const verification = await verifyLedger(t.ds);
    expect(verification).toMatchObject({ ok: true, problems: [] });
  });

  it('ledger:verify reports lots that disagree with the account', async () => {
    const user = await registerUser(t);
    await t.ds.query(`UPDATE credit_lots SET remaining = remaining - 1 WHERE user_id = $1`, [user.id]);
    const result = await verifyLedger(t.ds);
    expect(result.problems).toContainEqual({
      userId: user.id,
      problem: 'credit lots do not add up to available',
      expected: 520,
      actual: 519,
    });
    await t.ds.query(`UPDATE credit_lots SET remaining = remaining + 1 WHERE user_id = $1`, [user.id]);
    expect((await verifyLedger(t.ds)).ok).toBe(true);
  });
});
