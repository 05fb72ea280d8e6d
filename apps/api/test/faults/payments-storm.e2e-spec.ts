import request from 'supertest';
import { verifyLedger } from '../../src/credits/ledger-verifier';
import { balanceOf, registerUser, TestUser } from '../factories';
import { FakeAlipay, FakeWechatPay, rsaKeyPair } from '../fake-gateways';
import { createTestApp, TestApp } from '../test-app';
import { pool, prng, SEED, shuffle, size } from './soak';

/**
 * Payment notification storm: every paid order gets many genuine notifications (identical replays and
 * freshly signed duplicates, Alipay and WeChat Pay), all sent at once together with forged and
 * mismatched ones. Each paid order is credited exactly once; forged ones never credit anything, even
 * for orders nobody paid. Fast: 300 valid + 60 forged; soak: 1,000 + 200.
 */
const VALID = size(300, 1000);
const FORGED = size(60, 200);
const PAID_ORDERS = size(30, 100);
const VICTIM_ORDERS = size(6, 20);
const CONCURRENCY = 64;

type Channel = 'alipay' | 'wechat';
interface Order {
  id: string;
  outTradeNo: string;
  channel: Channel;
  user: TestUser;
  credits: number;
}
interface Shot {
  kind: 'valid' | 'forged';
  order: Order;
  label: string;
  send: () => Promise<request.Response>;
}

describe(`payment notification storm (${VALID} valid duplicates, ${FORGED} forged, seed ${SEED})`, () => {
  let alipay: FakeAlipay;
  let wechat: FakeWechatPay;
  let t: TestApp;
  const rand = prng(SEED);
  const attacker = rsaKeyPair();
  const packageFor: Record<Channel, { id: string; credits: number }> = {} as never;

  beforeAll(async () => {
    alipay = await new FakeAlipay().start();
    wechat = await new FakeWechatPay().start();
    t = await createTestApp({ ...alipay.env(), ...wechat.env(), PAYMENT_NOTIFY_BASE_URL: 'https://pay.example.com' });
    const packages = (await t.http().get('/api/v1/packages').expect(200)).body as {
      id: string;
      code: string;
      credits: number;
      bonusCredits: number;
    }[];
    const pick = (code: string) => {
      const p = packages.find((x) => x.code === code)!;
      return { id: p.id, credits: p.credits + p.bonusCredits };
    };
    packageFor.alipay = pick('pro');
    packageFor.wechat = pick('basic');
  });
  afterAll(async () => {
    await t?.close();
    await alipay?.stop();
    await wechat?.stop();
  });

  async function placeOrder(channel: Channel): Promise<Order> {
    const user = await registerUser(t);
    const res = await t
      .http()
      .post('/api/v1/orders')
      .set(user.auth)
      .send({ packageId: packageFor[channel].id, channel })
      .expect(201);
    return { id: res.body.id, outTradeNo: res.body.outTradeNo, channel, user, credits: packageFor[channel].credits };
  }

  const postAlipay = (params: Record<string, string>) =>
    request(t.url).post('/api/v1/payments/alipay/notify').type('form').send(params);
  const postWechat = (n: { body: string; headers: Record<string, string> }, body = n.body) =>
    request(t.url).post('/api/v1/payments/wechat/notify').set(n.headers).send(body);

  /** Genuine notifications for a paid order: the gateway's own one replayed, and freshly signed copies. */
  function validShots(order: Order, count: number): Shot[] {
    const shots: Shot[] = [];
    if (order.channel === 'alipay') {
      const first = alipay.pay(order.outTradeNo);
      for (let i = 0; i < count; i++) {
        const params =
          i % 2 === 0 ? first : alipay.notification({ out_trade_no: order.outTradeNo, total_amount: first.total_amount });
        shots.push({ kind: 'valid', order, label: 'alipay genuine', send: () => postAlipay(params) });
      }
    } else {
      const first = wechat.pay(order.outTradeNo);
      for (let i = 0; i < count; i++) {
        const n = i % 2 === 0 ? first : wechat.notification(wechat.transactionFor(order.outTradeNo));
        shots.push({ kind: 'valid', order, label: 'wechat genuine', send: () => postWechat(n) });
      }
    }
    return shots;
  }

  /** One forged or mismatched notification for `order`, of a kind chosen by the seeded PRNG. */
  function forgedShot(order: Order): Shot {
    if (order.channel === 'alipay') {
      const amount = '99.00'; // the pro package's genuine price
      const variants: [string, () => Record<string, string>][] = [
        [
          'alipay signed by another key',
          () => alipay.notification({ out_trade_no: order.outTradeNo, total_amount: amount }, attacker.privateKey),
        ],
        [
          'alipay tampered amount',
          () => ({ ...alipay.notification({ out_trade_no: order.outTradeNo, total_amount: amount }), total_amount: '0.01' }),
        ],
        [
          'alipay foreign app',
          () => alipay.notification({ out_trade_no: order.outTradeNo, total_amount: amount, app_id: '2021000000009999' }),
        ],
        ['alipay wrong amount', () => alipay.notification({ out_trade_no: order.outTradeNo, total_amount: '1.00' })],
        [
          'alipay no signature',
          () => {
            const p = alipay.notification({ out_trade_no: order.outTradeNo, total_amount: amount });
            delete (p as Partial<Record<string, string>>).sign;
            return p;
          },
        ],
      ];
      const [label, make] = variants[Math.floor(rand() * variants.length)];
      const params = make();
      return { kind: 'forged', order, label, send: () => postAlipay(params) };
    }
    const tx = (overrides: Record<string, unknown> = {}) => wechat.transactionFor(order.outTradeNo, overrides);
    const variants: [string, () => { body: string; headers: Record<string, string> }][] = [
      ['wechat signed by another key', () => wechat.notification(tx(), { signer: attacker.privateKey })],
      ['wechat wrong APIv3 key', () => wechat.notification(tx(), { apiV3Key: 'ffffffffffffffffffffffffffffffff' })],
      ['wechat unknown serial', () => wechat.notification(tx(), { serial: 'PUB_KEY_ID_NOT_OURS' })],
      ['wechat wrong mchid', () => wechat.notification(tx({ mchid: '1900009999' }))],
      [
        'wechat wrong amount',
        () => wechat.notification(tx({ amount: { total: 1, payer_total: 1, currency: 'CNY', payer_currency: 'CNY' } })),
      ],
      ['wechat stale timestamp', () => wechat.notification(tx(), { timestamp: Math.floor(Date.now() / 1000) - 3600 })],
    ];
    const [label, make] = variants[Math.floor(rand() * variants.length)];
    const n = make();
    return { kind: 'forged', order, label, send: () => postWechat(n) };
  }

  it(
    'credits every paid order exactly once and never credits a forged notification',
    async () => {
      const channels: Channel[] = ['alipay', 'wechat'];
      const paid = await pool(
        Array.from({ length: PAID_ORDERS }, (_, i) => () => placeOrder(channels[i % 2])),
        8,
      );
      // Orders nobody pays: only forged notifications ever arrive for them.
      const victims = await pool(
        Array.from({ length: VICTIM_ORDERS }, (_, i) => () => placeOrder(channels[i % 2])),
        8,
      );
      const before = new Map<string, number>();
      for (const o of [...paid, ...victims]) before.set(o.user.id, await balanceOf(t, o.user));

      const perOrder = Math.floor(VALID / PAID_ORDERS);
      const shots: Shot[] = paid.flatMap((o, i) => validShots(o, perOrder + (i < VALID % PAID_ORDERS ? 1 : 0)));
      const targets = [...paid, ...victims];
      for (let i = 0; i < FORGED; i++) shots.push(forgedShot(targets[Math.floor(rand() * targets.length)]));
      expect(shots.filter((s) => s.kind === 'valid')).toHaveLength(VALID);
      expect(shots.filter((s) => s.kind === 'forged')).toHaveLength(FORGED);
      // Forged notifications for victim orders must exist, or "never credited" proves little.
      for (const v of victims.slice(0, 2)) shots.push(forgedShot(v));

      const rejectionsBefore = (await t.ds.query(`SELECT count(*)::int AS n FROM payment_notification_rejections`))[0].n;
      const ordered = shuffle(shots, rand);
      const replies = await pool(
        ordered.map((s) => async () => {
          const res = await s.send();
          return { shot: s, status: res.status, text: res.text, code: res.body?.code as string | undefined };
        }),
        CONCURRENCY,
      );

      const wrong = replies.filter(({ shot, status, text, code }) => {
        if (shot.order.channel === 'alipay') return status !== 200 || text !== (shot.kind === 'valid' ? 'success' : 'fail');
        return shot.kind === 'valid' ? status !== 204 : status !== 400 || code !== 'FAIL';
      });
      expect(wrong.map((w) => ({ label: w.shot.label, status: w.status, text: w.text.slice(0, 200) }))).toEqual([]);

      for (const o of paid) {
        expect({ order: o.id, balance: await balanceOf(t, o.user) }).toEqual({
          order: o.id,
          balance: before.get(o.user.id)! + o.credits,
        });
        const status = (await t.http().get(`/api/v1/orders/${o.id}`).set(o.user.auth).expect(200)).body.status;
        expect(status).toBe('paid');
      }
      for (const o of victims) {
        expect({ order: o.id, balance: await balanceOf(t, o.user) }).toEqual({ order: o.id, balance: before.get(o.user.id) });
        const status = (await t.http().get(`/api/v1/orders/${o.id}`).set(o.user.auth).expect(200)).body.status;
        expect(status).toBe('pending');
      }
      // One ledger row of each kind at most per order; none at all for the victims.
      const rows: { reference_id: string; kind: string; n: number }[] = await t.ds.query(
        `SELECT reference_id, kind, count(*)::int AS n FROM credit_ledger_entries WHERE reference_type = 'order' OR reference_id = ANY($1)
       GROUP BY 1, 2`,
        [[...paid, ...victims].map((o) => o.id)],
      );
      expect(rows.filter((r) => r.n !== 1)).toEqual([]);
      const victimIds = new Set(victims.map((v) => v.id));
      expect(rows.filter((r) => victimIds.has(r.reference_id))).toEqual([]);
      expect(new Set(rows.filter((r) => r.kind === 'purchase').map((r) => r.reference_id))).toEqual(
        new Set(paid.map((o) => o.id)),
      );

      // Every forged notification is recorded, and raises one open alert per channel that counts them.
      const forged = shots.filter((s) => s.kind === 'forged').length;
      const rejections = (await t.ds.query(`SELECT count(*)::int AS n FROM payment_notification_rejections`))[0].n;
      expect(rejections - rejectionsBefore).toBe(forged);
      const alerts: { subject: string; occurrences: number }[] = await t.ds.query(
        `SELECT subject, occurrences FROM alerts WHERE rule_key = 'payments.rejected_notification' AND status = 'open'`,
      );
      expect(alerts.map((a) => a.subject).sort()).toEqual(['alipay', 'wechat']);
      expect(alerts.reduce((sum, a) => sum + a.occurrences, 0)).toBe(forged);
      expect((await verifyLedger(t.ds)).problems).toEqual([]);
    },
    size(300_000, 900_000),
  );
});
