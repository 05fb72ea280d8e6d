import request from 'supertest';
import { verifyLedger } from '../src/credits/ledger-verifier';
import { PaymentsService } from '../src/payments/payments.service';
import { balanceOf, loginAdmin, registerUser, TestUser } from './factories';
import { FakeWechatPay, rsaKeyPair, WECHAT_APPID, WECHAT_MCHID } from './fake-gateways';
import { createTestApp, TestApp } from './test-app';

const MINUTE = 60_000;
const NOTIFY = '/api/v1/payments/wechat/notify';

describe('WeChat Pay v3 adapter (wechatpay-axios-plugin) against a local fake WeChat Pay', () => {
  let fake: FakeWechatPay;
  let t: TestApp;
  let admin: TestUser;
  let basicId: string;

  beforeAll(async () => {
    fake = await new FakeWechatPay().start();
    t = await createTestApp({ ...fake.env(), PAYMENT_NOTIFY_BASE_URL: 'https://pay.example.com' });
    admin = await loginAdmin(t);
    const packages = await t.http().get('/api/v1/packages').expect(200);
    basicId = packages.body.find((p: { code: string }) => p.code === 'basic').id;
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  async function order(user: TestUser) {
    const res = await t.http().post('/api/v1/orders').set(user.auth).send({ packageId: basicId, channel: 'wechat' }).expect(201);
    return res.body as { id: string; outTradeNo: string; qrCode: string; status: string };
  }
  const notify = (n: { body: string; headers: Record<string, string> }, body = n.body) =>
    request(t.url).post(NOTIFY).set(n.headers).send(body);

  it('creates a Native payment (our request signature checked, the response signature verified)', async () => {
    const user = await registerUser(t);
    const o = await order(user);
    expect(o.qrCode).toBe(`weixin://wxpay/bizpayurl?pr=${o.outTradeNo}`);
    const call = fake.calls.find(
      (c) => c.path === '/v3/pay/transactions/native' && (c.body as { out_trade_no: string }).out_trade_no === o.outTradeNo,
    );
    expect(call?.body).toMatchObject({
      appid: WECHAT_APPID,
      mchid: WECHAT_MCHID,
      notify_url: 'https://pay.example.com/api/v1/payments/wechat/notify',
      amount: { total: 4900, currency: 'CNY' },
    });
    expect((call?.body as { time_expire: string }).time_expire).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(fake.badSignatures).toBe(0);
  });

  it('100 identical notifications at once (and later) credit once; every reply is 204', async () => {
    const user = await registerUser(t);
    const before = await balanceOf(t, user);
    const o = await order(user);
    const n = fake.pay(o.outTradeNo);
    const burst = await Promise.all(Array.from({ length: 100 }, () => notify(n)));
    expect(burst.map((r) => r.status)).toEqual(Array(100).fill(204));
    expect((await notify(n)).status).toBe(204);
    expect(await balanceOf(t, user)).toBe(before + 50);
    const rows = await t.ds.query(`SELECT count(*)::int AS n FROM credit_ledger_entries WHERE reference_id = $1`, [o.id]);
    expect(rows[0].n).toBe(1);
    expect((await verifyLedger(t.ds)).ok).toBe(true);
  });

  it('rejects tampered body, wrong signature, wrong key, wrong mchid/appid, unknown order, wrong amount, stale timestamp', async () => {
    const user = await registerUser(t);
    const before = await balanceOf(t, user);
    const o = await order(user);
    const genuine = fake.pay(o.outTradeNo);
    const tx = (overrides: Record<string, unknown> = {}) => fake.transactionFor(o.outTradeNo, overrides);
    const other = rsaKeyPair();
    const attempts: [string, { body: string; headers: Record<string, string> }, string?][] = [
      ['tampered body', genuine, genuine.body.replace('"summary":"支付成功"', '"summary":"x"')],
      [
        'wrong signature',
        {
          ...genuine,
          headers: { ...genuine.headers, 'Wechatpay-Signature': fake.notification(tx()).headers['Wechatpay-Signature'] },
        },
      ],
      ['foreign platform key', fake.notification(tx(), { signer: other.privateKey })],
      ['unknown serial', fake.notification(tx(), { serial: 'PUB_KEY_ID_NOT_OURS' })],
      ['wrong APIv3 key', fake.notification(tx(), { apiV3Key: 'ffffffffffffffffffffffffffffffff' })],
      ['wrong mchid', fake.notification(tx({ mchid: '1900009999' }))],
      ['wrong appid', fake.notification(tx({ appid: 'wx0000000000000000' }))],
      ['unknown order', fake.notification(tx({ out_trade_no: 'RM20261123000000EEEEEEEEEE' }))],
      ['wrong amount', fake.notification(tx({ amount: { total: 1, payer_total: 1, currency: 'CNY', payer_currency: 'CNY' } }))],
      ['stale timestamp', fake.notification(tx(), { timestamp: Math.floor(Date.now() / 1000) - 301 })],
    ];
    for (const [name, n, body] of attempts) {
      const res = await notify(n, body);
      expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status: 400, code: 'FAIL' });
    }
    expect(await balanceOf(t, user)).toBe(before);
    const rows = await t.ds.query(`SELECT reason FROM payment_notification_rejections WHERE channel = 'wechat' ORDER BY id`);
    expect(rows.map((r: { reason: string }) => r.reason)).toEqual([
      'bad_signature',
      'bad_signature',
      'bad_signature',
      'bad_signature',
      'bad_signature',
      'merchant_mismatch',
      'merchant_mismatch',
      'unknown_order',
      'amount_mismatch',
      'stale_timestamp',
    ]);
    expect((await notify(genuine)).status).toBe(204);
    expect(await balanceOf(t, user)).toBe(before + 50);
  });

  it('reconciles a lost notification by query, closes expired orders, refunds', async () => {
    const payments = t.app.get(PaymentsService);
    const user = await registerUser(t);
    const before = await balanceOf(t, user);
    const lost = await order(user);
    const abandoned = await order(user);
    fake.pay(lost.outTradeNo);

    await payments.reconcilePending(new Date(Date.now() + 3 * MINUTE));
    expect(await payments.getOrder(lost.id)).toMatchObject({ status: 'paid', paidVia: 'reconciliation' });
    expect(await balanceOf(t, user)).toBe(before + 50);

    await payments.closeExpired(new Date(Date.now() + 31 * MINUTE));
    expect((await payments.getOrder(abandoned.id)).status).toBe('closed');
    expect(fake.trades.get(abandoned.outTradeNo)?.status).toBe('CLOSED');

    const res = await t
      .http()
      .post(`/api/v1/admin/orders/${lost.id}/refund`)
      .set(admin.auth)
      .send({ reason: 'Refund test' })
      .expect(201);
    expect(res.body).toMatchObject({ status: 'refunded', refundClawedBack: 50, refundShortfall: 0 });
    expect([...fake.trades.get(lost.outTradeNo)!.refunds]).toEqual([[`R${lost.outTradeNo}`, 4900]]);
    expect(fake.badSignatures).toBe(0);
  });

  it('refuses a response not signed by the platform key, and the fake refuses requests not signed by our merchant key', async () => {
    const other = rsaKeyPair();
    const variants: Record<string, string>[] = [
      { WECHAT_PLATFORM_PUBLIC_KEY: other.publicPem },
      { WECHAT_MERCHANT_PRIVATE_KEY: other.privatePem },
    ];
    for (const env of variants) {
      const app = await createTestApp({ ...fake.env(), ...env, PAYMENT_NOTIFY_BASE_URL: 'https://pay.example.com' });
      try {
        const user = await registerUser(app);
        const bad = fake.badSignatures;
        const res = await app
          .http()
          .post('/api/v1/orders')
          .set(user.auth)
          .send({ packageId: basicId, channel: 'wechat' })
          .expect(502);
        expect(res.body.code).toBe('PAYMENT_GATEWAY_ERROR');
        expect(JSON.stringify(res.body)).not.toContain('PRIVATE');
        expect(fake.badSignatures).toBe(env.WECHAT_MERCHANT_PRIVATE_KEY ? bad + 1 : bad);
      } finally {
        await app.close();
      }
    }
  });

  it('accepts a second platform key while WeChat Pay rotates (WECHAT_PLATFORM_*_NEXT), and only the configured ones', async () => {
    const next = rsaKeyPair();
    const nextSerial = 'PUB_KEY_ID_0119000001092026120300000000000002';
    const app = await createTestApp({
      ...fake.env(),
      WECHAT_PLATFORM_PUBLIC_KEY_NEXT: next.publicPem,
      WECHAT_PLATFORM_SERIAL_NEXT: nextSerial,
      PAYMENT_NOTIFY_BASE_URL: 'https://pay.example.com',
    });
    try {
      const user = await registerUser(app);
      const before = await balanceOf(app, user);
      const created = await app
        .http()
        .post('/api/v1/orders')
        .set(user.auth)
        .send({ packageId: basicId, channel: 'wechat' })
        .expect(201);
      const tx = fake.transactionFor(created.body.outTradeNo, {});
      // Signed by the next key under its serial: accepted. The current key still works too (other tests).
      const mismatched = fake.notification(tx, { signer: next.privateKey });
      await request(app.url).post(NOTIFY).set(mismatched.headers).send(mismatched.body).expect(400);
      const n = fake.notification(tx, { signer: next.privateKey, serial: nextSerial });
      await request(app.url).post(NOTIFY).set(n.headers).send(n.body).expect(204);
      expect(await balanceOf(app, user)).toBe(before + 50);
    } finally {
      await app.close();
    }
    // Half a pair is a configuration error that names the missing half.
    await expect(createTestApp({ ...fake.env(), WECHAT_PLATFORM_SERIAL_NEXT: nextSerial })).rejects.toThrow(
      /WECHAT_PLATFORM_PUBLIC_KEY_NEXT/,
    );
  });

  it('supports the platform-certificate serial mode as well as PUB_KEY_ID', async () => {
    const certFake = await new FakeWechatPay('5157F09EFDC096DE15EBE81A47057A7232F1B8E1').start();
    const app = await createTestApp({ ...certFake.env(), PAYMENT_NOTIFY_BASE_URL: 'https://pay.example.com' });
    try {
      const user = await registerUser(app);
      const before = await balanceOf(app, user);
      const res = await app
        .http()
        .post('/api/v1/orders')
        .set(user.auth)
        .send({ packageId: basicId, channel: 'wechat' })
        .expect(201);
      const n = certFake.pay(res.body.outTradeNo);
      await request(app.url).post(NOTIFY).set(n.headers).send(n.body).expect(204);
      expect(await balanceOf(app, user)).toBe(before + 50);
    } finally {
      await app.close();
      await certFake.stop();
    }
  });
});
