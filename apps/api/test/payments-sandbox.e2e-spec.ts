import request from 'supertest';
import { verifyLedger } from '../src/credits/ledger-verifier';
import { loadConfig } from '../src/config/app-config';
import { SandboxGateway } from '../src/payments/gateways/sandbox.gateway';
import { PaymentEvent, PaymentEvents } from '../src/payments/payment-events';
import { PaymentsService } from '../src/payments/payments.service';
import { VIP_LEVELS_SETTING, vipBonus } from '../src/payments/vip.service';
import { SettingsService } from '../src/settings/settings.service';
import { balanceOf, loginAdmin, registerUser, TestUser } from './factories';
import { createTestApp, TestApp } from './test-app';

const MINUTE = 60_000;

describe('payments through the sandbox gateway', () => {
  let t: TestApp;
  let admin: TestUser;
  let events: PaymentEvent[];
  let packageId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    events = [];
    t.app.get(PaymentEvents).events$.subscribe((e) => events.push(e));
    const created = await t
      .http()
      .post('/api/v1/admin/packages')
      .set(admin.auth)
      .send({ code: 'test-bonus', name: 'Bonus pack', priceFen: 9900, credits: 150, bonusCredits: 30, validityDays: 365 })
      .expect(201);
    packageId = created.body.id;
  });
  afterAll(() => t.close());

  async function createOrder(user: TestUser, channel = 'sandbox', pkg = packageId) {
    const res = await t.http().post('/api/v1/orders').set(user.auth).send({ packageId: pkg, channel }).expect(201);
    return res.body as { id: string; outTradeNo: string; amountFen: number; status: string; qrCode?: string };
  }

  const ledgerOf = async (user: TestUser) =>
    (await t.http().get('/api/v1/credits/ledger?limit=100').set(user.auth).expect(200)).body.items as {
      kind: string;
      amount: number;
      referenceType: string | null;
      referenceId: string | null;
    }[];

  const quotaOf = async (userId: string) =>
    Number((await t.ds.query(`SELECT quota FROM user_upstream_quotas WHERE user_id = $1`, [userId]))[0]?.quota ?? 0);

  it('lists the seeded packages: 基础 ¥49 → 50, 专业 ¥99 → 150, 企业 ¥299 → 500 with API keys', async () => {
    const res = await t.http().get('/api/v1/packages').expect(200);
    const seeded = res.body.filter((p: { code: string }) => ['basic', 'pro', 'enterprise'].includes(p.code));
    expect(
      seeded.map((p: { name: string; priceFen: number; credits: number; grantsApiKeys: boolean }) => [
        p.name,
        p.priceFen,
        p.credits,
        p.grantsApiKeys,
      ]),
    ).toEqual([
      ['基础', 4900, 50, false],
      ['专业', 9900, 150, false],
      ['企业', 29900, 500, true],
    ]);
    const created = await t
      .http()
      .post('/api/v1/admin/packages')
      .set(admin.auth)
      .send({ code: 'edit-me', name: 'Edit', priceFen: 100, credits: 1, validityDays: 7 })
      .expect(201);
    const edited = await t
      .http()
      .patch(`/api/v1/admin/packages/${created.body.id}`)
      .set(admin.auth)
      .send({ validityDays: null, active: false })
      .expect(200);
    expect(edited.body).toMatchObject({ validityDays: null, active: false, credits: 1 });
    await t.http().patch(`/api/v1/admin/packages/${created.body.id}`).set(admin.auth).send({ name: null }).expect(400);
    const listed = await t.http().get('/api/v1/packages').expect(200);
    expect(listed.body.some((p: { id: string }) => p.id === created.body.id)).toBe(false);
    // Buying the enterprise package lets the buyer create API keys.
    const enterprise = res.body.find((p: { code: string }) => p.code === 'enterprise').id;
    const buyer = await registerUser(t);
    expect((await t.http().post('/api/v1/api-keys').set(buyer.auth).send({ name: 'mine' })).status).toBe(403);
    const eo = await t
      .http()
      .post('/api/v1/orders')
      .set(buyer.auth)
      .send({ packageId: enterprise, channel: 'sandbox' })
      .expect(201);
    await t.http().post(`/api/v1/payments/sandbox/${eo.body.id}/pay`).expect(200);
    const key = await t.http().post('/api/v1/api-keys').set(buyer.auth).send({ name: 'mine' });
    expect(key.status).toBe(201);
    const buy = await t
      .http()
      .post('/api/v1/orders')
      .set((await registerUser(t)).auth)
      .send({ packageId: created.body.id, channel: 'sandbox' })
      .expect(400);
    expect(buy.body.code).toBe('PACKAGE_UNAVAILABLE');
  });

  it('end to end over HTTP: create order → pay → balance rises by credits + bonus, once', async () => {
    const user = await registerUser(t);
    const before = await balanceOf(t, user);
    const first = await t
      .http()
      .post('/api/v1/orders')
      .set(user.auth)
      .set('Idempotency-Key', 'buy-1')
      .send({ packageId, channel: 'sandbox' })
      .expect(201);
    const replay = await t
      .http()
      .post('/api/v1/orders')
      .set(user.auth)
      .set('Idempotency-Key', 'buy-1')
      .send({ packageId, channel: 'sandbox' })
      .expect(201);
    expect(replay.body.id).toBe(first.body.id);
    expect(first.body).toMatchObject({ status: 'pending', amountFen: 9900, credits: 150, bonusCredits: 30, channel: 'sandbox' });
    expect(first.body.outTradeNo).toMatch(/^RM\d{14}[0-9A-F]{10}$/);
    expect(first.body.qrCode).toContain(`/api/v1/payments/sandbox/${first.body.id}/page`);
    expect(new Date(first.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(29 * MINUTE);

    const page = await t.http().get(`/api/v1/payments/sandbox/${first.body.id}/page`).expect(200);
    expect(page.text).toContain(first.body.outTradeNo);

    const paid = await t.http().post(`/api/v1/payments/sandbox/${first.body.id}/pay`).expect(200);
    expect(paid.body.status).toBe('paid');
    expect(await balanceOf(t, user)).toBe(before + 180);
    const again = await t.http().post(`/api/v1/payments/sandbox/${first.body.id}/pay`).expect(409);
    expect(again.body.code).toBe('ORDER_NOT_PAYABLE');
    expect(await balanceOf(t, user)).toBe(before + 180);

    const ledger = await ledgerOf(user);
    expect(
      ledger
        .filter((e) => e.referenceId === first.body.id)
        .map((e) => [e.kind, e.amount])
        .sort(),
    ).toEqual([
      ['purchase', 150],
      ['purchase_bonus', 30],
    ]);
    expect(await quotaOf(user.id)).toBe(180);
    const mine = await t.http().get('/api/v1/orders').set(user.auth).expect(200);
    expect(mine.body.items.map((o: { id: string; status: string }) => [o.id, o.status])).toEqual([[first.body.id, 'paid']]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'order_paid', orderId: first.body.id, via: 'notification' }));
  });

  it('100 identical notifications at once (and again later) pay the order once, each answered 204', async () => {
    const user = await registerUser(t);
    const before = await balanceOf(t, user);
    const order = await createOrder(user);
    const sandbox = t.app.get(SandboxGateway);
    const n = sandbox.signNotification({
      out_trade_no: order.outTradeNo,
      amount_fen: order.amountFen,
      trade_no: 'SBX-1',
      trade_state: 'SUCCESS',
    });
    const post = () => request(t.url).post('/api/v1/payments/sandbox/notify').set(n.headers).send(n.rawBody.toString('utf8'));
    const burst = await Promise.all(Array.from({ length: 100 }, post));
    expect(burst.map((r) => r.status)).toEqual(Array(100).fill(204));
    const later = await Promise.all(Array.from({ length: 5 }, post));
    expect(later.map((r) => r.status)).toEqual(Array(5).fill(204));

    expect(await balanceOf(t, user)).toBe(before + 180);
    const rows = await t.ds.query(`SELECT kind, amount FROM credit_ledger_entries WHERE reference_id = $1 ORDER BY kind`, [
      order.id,
    ]);
    expect(rows.map((r: { kind: string; amount: string }) => [r.kind, Number(r.amount)])).toEqual([
      ['purchase', 150],
      ['purchase_bonus', 30],
    ]);
    expect(await quotaOf(user.id)).toBe(180);
    expect(events.filter((e) => e.type === 'order_paid' && e.orderId === order.id)).toHaveLength(1);
    expect((await verifyLedger(t.ds)).ok).toBe(true);
  });

  it('forged, tampered, mismatched, unknown and stale notifications credit nothing and are stored and reported', async () => {
    const user = await registerUser(t);
    const before = await balanceOf(t, user);
    const order = await createOrder(user);
    const sandbox = t.app.get(SandboxGateway);
    const valid = { out_trade_no: order.outTradeNo, amount_fen: order.amountFen, trade_no: 'SBX-2', trade_state: 'SUCCESS' };
    const send = (n: { headers: Record<string, string>; rawBody: Buffer }, body = n.rawBody.toString('utf8')) =>
      request(t.url).post('/api/v1/payments/sandbox/notify').set(n.headers).send(body);

    const signed = sandbox.signNotification(valid);
    const tampered = await send(signed, signed.rawBody.toString('utf8').replace('9900', '1'));
    const wrongAmount = await send(sandbox.signNotification({ ...valid, amount_fen: 1 }));
    const unknown = await send(sandbox.signNotification({ ...valid, out_trade_no: 'RM00000000000000NOPE' }));
    const stale = await send(sandbox.signNotification(valid, Math.floor(Date.now() / 1000) - 6 * 60));
    const badSig = await send({
      ...signed,
      headers: { ...signed.headers, 'sandbox-signature': Buffer.alloc(256, 1).toString('base64') },
    });
    for (const r of [tampered, wrongAmount, unknown, stale, badSig]) {
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('FAIL');
    }
    expect(await balanceOf(t, user)).toBe(before);
    expect((await t.http().get(`/api/v1/orders/${order.id}`).set(user.auth).expect(200)).body.status).toBe('pending');

    const stored = await t.http().get('/api/v1/admin/payments/rejected-notifications').set(admin.auth).expect(200);
    const reasons = stored.body
      .filter((r: { outTradeNo: string }) => r.outTradeNo === order.outTradeNo)
      .map((r: { reason: string }) => r.reason);
    expect(reasons.sort()).toEqual(['amount_mismatch', 'bad_signature', 'bad_signature', 'stale_timestamp']);
    expect(
      stored.body.some(
        (r: { reason: string; outTradeNo: string }) => r.reason === 'unknown_order' && r.outTradeNo === 'RM00000000000000NOPE',
      ),
    ).toBe(true);
    const reported = events.filter((e) => e.type === 'notification_rejected');
    expect(reported.length).toBeGreaterThanOrEqual(5);
    // …and raised as one alert incident for the channel, counting every rejection.
    let incident: { occurrences: number } | undefined;
    for (let i = 0; i < 50 && (incident?.occurrences ?? 0) < 5; i++) {
      const open = await t.http().get('/api/v1/admin/alerts?status=open').set(admin.auth).expect(200);
      incident = open.body.items.find(
        (a: { ruleKey: string; subject: string }) => a.ruleKey === 'payments.rejected_notification' && a.subject === 'sandbox',
      );
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(incident?.occurrences).toBeGreaterThanOrEqual(5);

    // The genuine notification still works afterwards.
    expect((await send(signed)).status).toBe(204);
    expect(await balanceOf(t, user)).toBe(before + 180);
  });

  it('reconciliation recovers a lost notification; expired orders are closed', async () => {
    const payments = t.app.get(PaymentsService);
    const user = await registerUser(t);
    const before = await balanceOf(t, user);
    const lost = await createOrder(user);
    const abandoned = await createOrder(user);
    const res = await t.http().post(`/api/v1/payments/sandbox/${lost.id}/pay?deliver=false`).expect(200);
    expect(res.body.status).toBe('pending');
    expect(await balanceOf(t, user)).toBe(before);

    // Too young for reconciliation: left to the notification.
    await payments.reconcilePending(new Date());
    expect((await payments.getOrder(lost.id)).status).toBe('pending');

    const stats = await payments.reconcilePending(new Date(Date.now() + 3 * MINUTE));
    expect(stats.fulfilled).toBeGreaterThanOrEqual(1);
    const recovered = await payments.getOrder(lost.id);
    expect(recovered).toMatchObject({ status: 'paid', paidVia: 'reconciliation' });
    expect(await balanceOf(t, user)).toBe(before + 180);
    expect((await payments.getOrder(abandoned.id)).status).toBe('pending');

    await payments.closeExpired(new Date(Date.now() + 31 * MINUTE));
    const closed = await t.http().get(`/api/v1/orders/${abandoned.id}`).set(user.auth).expect(200);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.qrCode).toBeUndefined();
    expect((await payments.getOrder(lost.id)).status).toBe('paid');
    expect(await balanceOf(t, user)).toBe(before + 180);
  });

  it('admin refund after partial consumption claws back what is there, records the shortfall, and is idempotent', async () => {
    const user = await registerUser(t);
    const start = await balanceOf(t, user);
    const order = await createOrder(user);
    await t.http().post(`/api/v1/payments/sandbox/${order.id}/pay`).expect(200);
    // Spend all but 100 of the balance (sign-up bonus + 180 bought).
    await t
      .http()
      .post('/api/v1/credits/consume')
      .set(user.auth)
      .send({ amount: start + 180 - 100, action: 'video' })
      .expect(200);

    const refund = () =>
      t.http().post(`/api/v1/admin/orders/${order.id}/refund`).set(admin.auth).send({ reason: 'Customer request' });
    const [a, b] = await Promise.all([refund(), refund()]);
    for (const r of [a, b]) {
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ status: 'refunded', refundClawedBack: 100, refundShortfall: 80 });
    }
    expect(await balanceOf(t, user)).toBe(0);
    const keyed = await t
      .http()
      .post(`/api/v1/admin/orders/${order.id}/refund`)
      .set(admin.auth)
      .set('Idempotency-Key', 'r1')
      .send({ reason: 'Customer request' });
    expect(keyed.body.refundClawedBack).toBe(100);
    const rows = await t.ds.query(`SELECT amount FROM credit_ledger_entries WHERE kind = 'order_refund' AND reference_id = $1`, [
      order.id,
    ]);
    expect(rows.map((r: { amount: string }) => Number(r.amount))).toEqual([-100]);
    expect((await verifyLedger(t.ds)).ok).toBe(true);

    const pending = await createOrder(user);
    const refused = await t
      .http()
      .post(`/api/v1/admin/orders/${pending.id}/refund`)
      .set(admin.auth)
      .send({ reason: 'nope' })
      .expect(409);
    expect(refused.body.code).toBe('ORDER_NOT_REFUNDABLE');
    const page1 = await t.http().get('/api/v1/orders?limit=1').set(user.auth).expect(200);
    const page2 = await t.http().get(`/api/v1/orders?limit=1&cursor=${page1.body.nextCursor}`).set(user.auth).expect(200);
    expect([page1.body.items[0].id, page2.body.items[0].id]).toEqual([pending.id, order.id]);
    expect(page2.body.nextCursor).toBeNull();
    const adminList = await t.http().get(`/api/v1/admin/orders?userId=${user.id}&status=refunded`).set(admin.auth).expect(200);
    expect(adminList.body.items.map((o: { id: string }) => o.id)).toEqual([order.id]);

    // By creation time: the pending order was created last; an empty window finds nothing; a reversed one is refused.
    await t.ds.query(`UPDATE payment_orders SET created_at = '2026-01-10T12:00:00Z' WHERE id = $1`, [order.id]);
    const ids = async (query: string) =>
      (
        (await t.http().get(`/api/v1/admin/orders?userId=${user.id}&${query}`).set(admin.auth).expect(200)).body.items as {
          id: string;
        }[]
      ).map((o) => o.id);
    expect(await ids('from=2026-01-10T00:00:00Z&to=2026-01-11T00:00:00Z')).toEqual([order.id]);
    expect(await ids('from=2026-01-11T00:00:00Z')).toEqual([pending.id]);
    expect(await ids('to=2026-01-10T12:00:00Z')).toEqual([]);
    const reversed = await t.http().get('/api/v1/admin/orders?from=2026-01-11T00:00:00Z&to=2026-01-10T00:00:00Z').set(admin.auth);
    expect({ status: reversed.status, code: reversed.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    const garbage = await t.http().get('/api/v1/admin/orders?from=yesterday').set(admin.auth);
    expect(garbage.status).toBe(400);
  });

  it('reports unconfigured channels as unavailable and never offers the sandbox in production', async () => {
    const user = await registerUser(t);
    const res = await t.http().post('/api/v1/orders').set(user.auth).send({ packageId, channel: 'alipay' }).expect(400);
    expect(res.body.code).toBe('PAYMENT_CHANNEL_UNAVAILABLE');
    const channels = await t.http().get('/api/v1/payments/channels').expect(200);
    expect(channels.body).toEqual([
      { channel: 'alipay', available: false },
      { channel: 'wechat', available: false },
      { channel: 'sandbox', available: true },
    ]);
    const rejectedBefore = (await t.ds.query(`SELECT count(*)::int AS n FROM payment_notification_rejections`))[0].n;
    const noise = await request(t.url).post('/api/v1/payments/alipay/notify').type('form').send({ out_trade_no: 'x', sign: 'y' });
    expect(noise.text).toBe('fail');
    expect((await t.ds.query(`SELECT count(*)::int AS n FROM payment_notification_rejections`))[0].n).toBe(rejectedBefore);
    const prod = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      UPSTREAM_SECRET_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
      PAYMENT_SANDBOX_ENABLED: 'true',
    });
    expect(prod.payments.sandboxEnabled).toBe(false);
    const other = await registerUser(t);
    const order = await createOrder(user);
    await t.http().get(`/api/v1/orders/${order.id}`).set(other.auth).expect(404);
  });

  it('VIP levels by cumulative paid amount add a purchase bonus at fulfilment and show on /me', async () => {
    const settings = t.app.get(SettingsService);
    const put = await t
      .http()
      .put('/api/v1/admin/vip-levels')
      .set(admin.auth)
      .send({
        levels: [
          { level: 'gold', minPaidFen: 9900, bonusPercent: 20 },
          { level: 'silver', minPaidFen: 5000, bonusPercent: 10 },
        ],
      })
      .expect(200);
    expect(put.body.levels.map((l: { level: string }) => l.level)).toEqual(['silver', 'gold']);
    await t
      .http()
      .put('/api/v1/admin/vip-levels')
      .set(admin.auth)
      .send({ levels: [{ level: 'x', minPaidFen: 1, bonusPercent: 500 }] })
      .expect(400);
    try {
      const user = await registerUser(t);
      const me0 = await t.http().get('/api/v1/me').set(user.auth).expect(200);
      expect(me0.body.vip).toEqual({
        level: null,
        bonusPercent: 0,
        paidTotalFen: 0,
        next: { level: 'silver', minPaidFen: 5000 },
      });
      const first = await createOrder(user);
      await t.http().post(`/api/v1/payments/sandbox/${first.id}/pay`).expect(200);
      const me1 = await t.http().get('/api/v1/me').set(user.auth).expect(200);
      expect(me1.body.vip).toEqual({ level: 'gold', bonusPercent: 20, paidTotalFen: 9900, next: null });

      const before = await balanceOf(t, user);
      const second = await createOrder(user);
      await t.http().post(`/api/v1/payments/sandbox/${second.id}/pay`).expect(200);
      // 150 credits + 30 package bonus + 20% of 150 = 30 VIP bonus.
      expect(await balanceOf(t, user)).toBe(before + 150 + 30 + 30);
      const order = await t.http().get(`/api/v1/orders/${second.id}`).set(user.auth).expect(200);
      expect(order.body).toMatchObject({ vipLevel: 'gold', vipBonusCredits: 30 });
      const bonus = await t.ds.query(
        `SELECT amount FROM credit_ledger_entries WHERE kind = 'purchase_bonus' AND reference_id = $1`,
        [second.id],
      );
      expect(Number(bonus[0].amount)).toBe(60);
      expect([vipBonus(49, 10), vipBonus(150, 20), vipBonus(1, 99)]).toEqual([4, 30, 0]);
    } finally {
      await settings.set(VIP_LEVELS_SETTING, []);
    }
  });
});
