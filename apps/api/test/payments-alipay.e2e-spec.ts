import request from 'supertest';
import { verifyLedger } from '../src/credits/ledger-verifier';
import { PaymentsService } from '../src/payments/payments.service';
import { balanceOf, loginAdmin, registerUser, TestUser } from './factories';
import { ALIPAY_APP_ID, FakeAlipay, rsaKeyPair } from './fake-gateways';
import { createTestApp, TestApp } from './test-app';

const MINUTE = 60_000;
const NOTIFY = '/api/v1/payments/alipay/notify';

describe('Alipay adapter (alipay-sdk) against a local fake Alipay', () => {
  let fake: FakeAlipay;
  let t: TestApp;
  let admin: TestUser;
  let proId: string;

  beforeAll(async () => {
    fake = await new FakeAlipay().start();
    t = await createTestApp({ ...fake.env(), PAYMENT_NOTIFY_BASE_URL: 'https://pay.example.com' });
    admin = await loginAdmin(t);
    const packages = await t.http().get('/api/v1/packages').expect(200);
    proId = packages.body.find((p: { code: string }) => p.code === 'pro').id;
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  async function order(user: TestUser) {
    const res = await t.http().post('/api/v1/orders').set(user.auth).send({ packageId: proId, channel: 'alipay' }).expect(201);
    return res.body as { id: string; outTradeNo: string; qrCode: string; payUrl: string; status: string };
  }
  const notify = (params: Record<string, string>) => request(t.url).post(NOTIFY).type('form').send(params);

  it('creates a QR payment with alipay.trade.precreate (our RSA2 signature checked) and a page-pay URL', async () => {
    const user = await registerUser(t);
    const o = await order(user);
    expect(o.qrCode).toBe(`https://qr.alipay.com/${o.outTradeNo}`);
    const pay = new URL(o.payUrl);
    expect(`${pay.origin}${pay.pathname}`).toBe(fake.gatewayUrl);
    expect(pay.searchParams.get('method')).toBe('alipay.trade.page.pay');
    expect(pay.searchParams.get('notify_url')).toBe('https://pay.example.com/api/v1/payments/alipay/notify');
    expect(pay.searchParams.get('sign')).toBeTruthy();
    const precreate = fake.calls.find((c) => c.method === 'alipay.trade.precreate' && c.bizContent.out_trade_no === o.outTradeNo);
    expect(precreate?.bizContent).toMatchObject({ total_amount: '99.00' });
    expect(fake.badSignatures).toBe(0);
  });

  it('100 identical verified notifications at once (and later) credit once; every reply is "success"', async () => {
    const user = await registerUser(t);
    const before = await balanceOf(t, user);
    const o = await order(user);
    const params = fake.pay(o.outTradeNo);
    const burst = await Promise.all(Array.from({ length: 100 }, () => notify(params)));
    expect(burst.map((r) => [r.status, r.text])).toEqual(Array(100).fill([200, 'success']));
    const later = await notify(params);
    expect(later.text).toBe('success');
    expect(await balanceOf(t, user)).toBe(before + 150);
    const paid = await t.http().get(`/api/v1/orders/${o.id}`).set(user.auth).expect(200);
    expect(paid.body.status).toBe('paid');
    const rows = await t.ds.query(`SELECT count(*)::int AS n FROM credit_ledger_entries WHERE reference_id = $1`, [o.id]);
    expect(rows[0].n).toBe(1);
    expect((await verifyLedger(t.ds)).ok).toBe(true);
  });

  it('rejects tampered, forged, foreign-app, unknown-order and wrong-amount notifications: "fail", nothing credited, stored', async () => {
    const user = await registerUser(t);
    const before = await balanceOf(t, user);
    const o = await order(user);
    const genuine = fake.pay(o.outTradeNo);
    const attempts = {
      tampered: { ...genuine, total_amount: '0.01' },
      forged: fake.notification({ out_trade_no: o.outTradeNo, total_amount: '99.00' }, rsaKeyPair().privateKey),
      foreignApp: fake.notification({ out_trade_no: o.outTradeNo, total_amount: '99.00', app_id: '2021000000009999' }),
      unknownOrder: fake.notification({ out_trade_no: 'RM20261123000000FFFFFFFFFF', total_amount: '99.00' }),
      wrongAmount: fake.notification({ out_trade_no: o.outTradeNo, total_amount: '9.90' }),
    };
    for (const [name, params] of Object.entries(attempts)) {
      const res = await notify(params);
      expect({ name, text: res.text }).toEqual({ name, text: 'fail' });
    }
    expect(await balanceOf(t, user)).toBe(before);
    const rejected = await t.ds.query(
      `SELECT reason FROM payment_notification_rejections WHERE channel = 'alipay' AND out_trade_no IN ($1, 'RM20261123000000FFFFFFFFFF') ORDER BY id`,
      [o.outTradeNo],
    );
    expect(rejected.map((r: { reason: string }) => r.reason)).toEqual([
      'bad_signature',
      'bad_signature',
      'merchant_mismatch',
      'unknown_order',
      'amount_mismatch',
    ]);
    // A genuine "not paid yet" notification is acknowledged and credits nothing.
    const waiting = fake.notification({ out_trade_no: o.outTradeNo, total_amount: '99.00', trade_status: 'WAIT_BUYER_PAY' });
    expect((await notify(waiting)).text).toBe('success');
    expect(await balanceOf(t, user)).toBe(before);
    expect((await notify(genuine)).text).toBe('success');
    expect(await balanceOf(t, user)).toBe(before + 150);
    expect(genuine.app_id).toBe(ALIPAY_APP_ID);
  });

  it('reconciliation finds a paid trade whose notification was lost (trade.query) and closes expired ones (trade.close)', async () => {
    const payments = t.app.get(PaymentsService);
    const user = await registerUser(t);
    const before = await balanceOf(t, user);
    const lost = await order(user);
    const abandoned = await order(user);
    fake.pay(lost.outTradeNo); // paid at Alipay, notification never arrives

    await payments.reconcilePending(new Date(Date.now() + 3 * MINUTE));
    expect(await payments.getOrder(lost.id)).toMatchObject({ status: 'paid', paidVia: 'reconciliation' });
    expect(await balanceOf(t, user)).toBe(before + 150);
    expect((await payments.getOrder(abandoned.id)).status).toBe('pending');

    await payments.closeExpired(new Date(Date.now() + 31 * MINUTE));
    expect((await payments.getOrder(abandoned.id)).status).toBe('closed');
    expect(fake.trades.get(abandoned.outTradeNo)?.status).toBe('TRADE_CLOSED');
    expect(fake.calls.some((c) => c.method === 'alipay.trade.close' && c.bizContent.out_trade_no === abandoned.outTradeNo)).toBe(
      true,
    );
    // A late notification for the recovered order changes nothing.
    expect((await notify(fake.notification({ out_trade_no: lost.outTradeNo, total_amount: '99.00' }))).text).toBe('success');
    expect(await balanceOf(t, user)).toBe(before + 150);
  });

  it('refunds through alipay.trade.refund with a stable out_request_no', async () => {
    const user = await registerUser(t);
    const o = await order(user);
    await notify(fake.pay(o.outTradeNo)).expect(200);
    const res = await t
      .http()
      .post(`/api/v1/admin/orders/${o.id}/refund`)
      .set(admin.auth)
      .send({ reason: 'Duplicate purchase' })
      .expect(201);
    expect(res.body).toMatchObject({ status: 'refunded', refundClawedBack: 150, refundShortfall: 0 });
    expect([...fake.trades.get(o.outTradeNo)!.refunds]).toEqual([[`R${o.outTradeNo}`, 9900]]);
  });

  it('a wrong app key is refused by the gateway and a wrong Alipay public key fails response verification', async () => {
    const otherKey = rsaKeyPair();
    const variants: Record<string, string>[] = [
      { ALIPAY_PRIVATE_KEY: otherKey.privatePem },
      { ALIPAY_PUBLIC_KEY: otherKey.publicPem },
    ];
    for (const env of variants) {
      const app = await createTestApp({ ...fake.env(), ...env });
      try {
        const user = await registerUser(app);
        const before = fake.badSignatures;
        const res = await app
          .http()
          .post('/api/v1/orders')
          .set(user.auth)
          .send({ packageId: proId, channel: 'alipay' })
          .expect(502);
        expect(res.body.code).toBe('PAYMENT_GATEWAY_ERROR');
        expect(JSON.stringify(res.body)).not.toContain('PRIVATE KEY');
        if (env.ALIPAY_PRIVATE_KEY) expect(fake.badSignatures).toBe(before + 1);
        const orders = await app.http().get('/api/v1/orders').set(user.auth).expect(200);
        expect(orders.body.items[0].status).toBe('closed');
      } finally {
        await app.close();
      }
    }
  });
});
