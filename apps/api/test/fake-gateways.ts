import { createCipheriv, createSign, createVerify, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins for Alipay's and WeChat Pay's servers, for tests. They check our request
 * signatures with our public keys, sign their responses with their own keys (generated here),
 * keep trades in memory, and build notifications signed exactly as the real gateways sign them.
 */

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  privatePem: string;
  publicPem: string;
}

export function rsaKeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    publicKey,
    privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

interface Trade {
  outTradeNo: string;
  amountFen: number;
  status: string;
  tradeNo: string;
  refunds: Map<string, number>;
}

// ------------------------------------------------------------------------------------ Alipay

export const ALIPAY_APP_ID = '2021000000000001';

export function alipaySignContent(params: Record<string, string>, exclude: string[]): string {
  return Object.keys(params)
    .filter((k) => !exclude.includes(k) && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

export class FakeAlipay {
  readonly app = rsaKeyPair();
  readonly alipay = rsaKeyPair();
  readonly trades = new Map<string, Trade>();
  readonly calls: { method: string; bizContent: Record<string, unknown> }[] = [];
  badSignatures = 0;
  url = '';
  private server?: Server;

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.url = await listen(this.server);
    return this;
  }

  stop = () => (this.server ? close(this.server) : Promise.resolve());

  get gatewayUrl() {
    return `${this.url}/gateway.do`;
  }

  /** The server's environment for this fake. */
  env(): Record<string, string> {
    return {
      ALIPAY_APP_ID,
      ALIPAY_PRIVATE_KEY: this.app.privatePem,
      ALIPAY_PUBLIC_KEY: this.alipay.publicPem,
      ALIPAY_GATEWAY_URL: this.gatewayUrl,
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', this.url);
    const body = new URLSearchParams(await readBody(req));
    const params: Record<string, string> = {};
    for (const [k, v] of url.searchParams) params[k] = v;
    for (const [k, v] of body) params[k] = v;
    const signed = createVerify('RSA-SHA256')
      .update(alipaySignContent(params, ['sign']))
      .verify(this.app.publicKey, params.sign ?? '', 'base64');
    const method = params.method;
    const key = `${method.replaceAll('.', '_')}_response`;
    if (!signed || params.app_id !== ALIPAY_APP_ID) {
      this.badSignatures += 1;
      return this.reply(res, key, {
        code: '40002',
        msg: 'Invalid Arguments',
        sub_code: 'isv.invalid-signature',
        sub_msg: 'bad sign',
      });
    }
    const biz = JSON.parse(params.biz_content ?? '{}') as Record<string, string>;
    this.calls.push({ method, bizContent: biz });
    const trade = this.trades.get(biz.out_trade_no);
    const notExist = { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.TRADE_NOT_EXIST', sub_msg: '交易不存在' };
    switch (method) {
      case 'alipay.trade.precreate': {
        const [yuan, fen = '00'] = biz.total_amount.split('.');
        this.trades.set(biz.out_trade_no, {
          outTradeNo: biz.out_trade_no,
          amountFen: Number(yuan) * 100 + Number(fen.padEnd(2, '0')),
          status: 'WAIT_BUYER_PAY',
          tradeNo: `2026${randomBytes(8).toString('hex')}`,
          refunds: new Map(),
        });
        return this.reply(res, key, {
          code: '10000',
          msg: 'Success',
          out_trade_no: biz.out_trade_no,
          qr_code: `https://qr.alipay.com/${biz.out_trade_no}`,
        });
      }
      case 'alipay.trade.query':
        if (!trade || trade.status === 'WAIT_BUYER_PAY_UNSCANNED') return this.reply(res, key, notExist);
        return this.reply(res, key, {
          code: '10000',
          msg: 'Success',
          out_trade_no: trade.outTradeNo,
          trade_no: trade.tradeNo,
          trade_status: trade.status,
          total_amount: yuan(trade.amountFen),
        });
      case 'alipay.trade.close':
        if (!trade) return this.reply(res, key, notExist);
        if (trade.status !== 'WAIT_BUYER_PAY')
          return this.reply(res, key, { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.TRADE_STATUS_ERROR' });
        trade.status = 'TRADE_CLOSED';
        return this.reply(res, key, { code: '10000', msg: 'Success', out_trade_no: trade.outTradeNo });
      case 'alipay.trade.refund': {
        if (!trade || trade.status !== 'TRADE_SUCCESS') return this.reply(res, key, notExist);
        trade.refunds.set(biz.out_request_no, Number(biz.refund_amount.replace('.', '')));
        return this.reply(res, key, {
          code: '10000',
          msg: 'Success',
          out_trade_no: trade.outTradeNo,
          refund_fee: biz.refund_amount,
          fund_change: 'Y',
        });
      }
      default:
        return this.reply(res, key, { code: '40004', msg: 'Business Failed', sub_code: 'isv.unknown-method' });
    }
  }

  /** `{"<method>_response":{…},"sign":"…"}`, signed over the inner JSON text as Alipay does. */
  private reply(res: ServerResponse, key: string, data: Record<string, unknown>) {
    const inner = JSON.stringify(data);
    const sign = createSign('RSA-SHA256').update(inner, 'utf8').sign(this.alipay.privateKey, 'base64');
    res.writeHead(200, { 'content-type': 'text/html;charset=utf-8' });
    res.end(`{"${key}":${inner},"sign":"${sign}"}`);
  }

  /** The buyer pays: the trade succeeds; returns the async notification Alipay would post. */
  pay(outTradeNo: string): Record<string, string> {
    const trade = this.trades.get(outTradeNo);
    if (!trade) throw new Error(`no trade ${outTradeNo}`);
    trade.status = 'TRADE_SUCCESS';
    return this.notification({ out_trade_no: outTradeNo, total_amount: yuan(trade.amountFen), trade_no: trade.tradeNo });
  }

  /** A notification signed with Alipay's key (RSA2 over the sorted params without sign/sign_type). */
  notification(fields: Record<string, string>, signer: KeyObject = this.alipay.privateKey): Record<string, string> {
    const params: Record<string, string> = {
      gmt_create: '2026-11-23 10:00:00',
      charset: 'utf-8',
      seller_id: '2088000000000001',
      subject: 'ReelMeter 专业',
      buyer_id: '2088000000000002',
      notify_type: 'trade_status_sync',
      notify_id: randomBytes(16).toString('hex'),
      app_id: ALIPAY_APP_ID,
      trade_status: 'TRADE_SUCCESS',
      notify_time: '2026-11-23 10:00:05',
      version: '1.0',
      sign_type: 'RSA2',
      auth_app_id: ALIPAY_APP_ID,
      ...fields,
    };
    params.sign = createSign('RSA-SHA256')
      .update(alipaySignContent(params, ['sign', 'sign_type']), 'utf8')
      .sign(signer, 'base64');
    return params;
  }
}

function yuan(fen: number): string {
  return `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

// ------------------------------------------------------------------------------------ WeChat Pay v3

export const WECHAT_MCHID = '1900000109';
export const WECHAT_APPID = 'wxd678efh567hg6787';
export const WECHAT_APIV3_KEY = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6';
export const WECHAT_MERCHANT_SERIAL = '3775B6A45ACD588826D15E583A95F5DD12345678';
export const WECHAT_PUB_KEY_ID = 'PUB_KEY_ID_0119000001092025112300000000000001';

export class FakeWechatPay {
  readonly merchant = rsaKeyPair();
  readonly platform = rsaKeyPair();
  readonly trades = new Map<string, Trade>();
  readonly calls: { method: string; path: string; body: unknown }[] = [];
  badSignatures = 0;
  url = '';
  private server?: Server;

  constructor(readonly platformSerial = WECHAT_PUB_KEY_ID) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.url = await listen(this.server);
    return this;
  }

  stop = () => (this.server ? close(this.server) : Promise.resolve());

  env(): Record<string, string> {
    return {
      WECHAT_MCHID,
      WECHAT_APPID,
      WECHAT_APIV3_KEY,
      WECHAT_MERCHANT_PRIVATE_KEY: this.merchant.privatePem,
      WECHAT_MERCHANT_SERIAL,
      WECHAT_PLATFORM_PUBLIC_KEY: this.platform.publicPem,
      WECHAT_PLATFORM_SERIAL: this.platformSerial,
      WECHAT_BASE_URL: `${this.url}/`,
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    const method = req.method ?? 'GET';
    const pathWithQuery = req.url ?? '/';
    const auth = /^WECHATPAY2-SHA256-RSA2048 (.*)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const a = Object.fromEntries([...auth.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const ok =
      a.mchid === WECHAT_MCHID &&
      a.serial_no === WECHAT_MERCHANT_SERIAL &&
      Math.abs(Date.now() / 1000 - Number(a.timestamp)) <= 300 &&
      createVerify('RSA-SHA256')
        .update(`${method}\n${pathWithQuery}\n${a.timestamp}\n${a.nonce_str}\n${raw}\n`)
        .verify(this.merchant.publicKey, a.signature ?? '', 'base64');
    if (!ok) {
      this.badSignatures += 1;
      return this.reply(res, 401, { code: 'SIGN_ERROR', message: '签名错误' });
    }
    const path = pathWithQuery.split('?')[0];
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    this.calls.push({ method, path, body });
    if (method === 'POST' && path === '/v3/pay/transactions/native') {
      const outTradeNo = String(body.out_trade_no);
      if (body.mchid !== WECHAT_MCHID || body.appid !== WECHAT_APPID || typeof body.notify_url !== 'string') {
        return this.reply(res, 400, { code: 'PARAM_ERROR', message: 'bad request' });
      }
      this.trades.set(outTradeNo, {
        outTradeNo,
        amountFen: (body.amount as { total: number }).total,
        status: 'NOTPAY',
        tradeNo: `4200${randomBytes(8).toString('hex')}`,
        refunds: new Map(),
      });
      return this.reply(res, 200, { code_url: `weixin://wxpay/bizpayurl?pr=${outTradeNo}` });
    }
    const query = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(path);
    if (method === 'GET' && query) {
      const trade = this.trades.get(decodeURIComponent(query[1]));
      if (!trade) return this.reply(res, 404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
      return this.reply(res, 200, this.transaction(trade));
    }
    const closing = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(path);
    if (method === 'POST' && closing) {
      const trade = this.trades.get(decodeURIComponent(closing[1]));
      if (!trade) return this.reply(res, 404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
      if (trade.status === 'NOTPAY') trade.status = 'CLOSED';
      return this.reply(res, 204);
    }
    if (method === 'POST' && path === '/v3/refund/domestic/refunds') {
      const trade = this.trades.get(String(body.out_trade_no));
      if (!trade || trade.status !== 'SUCCESS') return this.reply(res, 400, { code: 'INVALID_REQUEST', message: 'not paid' });
      const amount = body.amount as { refund: number; total: number };
      if (amount.total !== trade.amountFen) return this.reply(res, 400, { code: 'PARAM_ERROR', message: 'total mismatch' });
      trade.refunds.set(String(body.out_refund_no), amount.refund);
      return this.reply(res, 200, {
        refund_id: `5030${randomBytes(6).toString('hex')}`,
        out_refund_no: body.out_refund_no,
        status: 'PROCESSING',
      });
    }
    return this.reply(res, 404, { code: 'NOT_FOUND', message: 'no such API' });
  }

  /** Signs every answer with the platform key, headers as WeChat Pay sends them. */
  private reply(res: ServerResponse, status: number, data?: unknown) {
    const body = data === undefined ? '' : JSON.stringify(data);
    res.writeHead(status, { 'content-type': 'application/json', ...this.signatureHeaders(body) });
    res.end(body);
  }

  signatureHeaders(
    body: string,
    timestamp = Math.floor(Date.now() / 1000),
    signer: KeyObject = this.platform.privateKey,
    serial = this.platformSerial,
  ) {
    const nonce = randomBytes(16).toString('hex');
    return {
      'Wechatpay-Timestamp': String(timestamp),
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Serial': serial,
      'Wechatpay-Signature': createSign('RSA-SHA256').update(`${timestamp}\n${nonce}\n${body}\n`).sign(signer, 'base64'),
      'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
    };
  }

  private transaction(trade: Trade, overrides: Record<string, unknown> = {}) {
    return {
      appid: WECHAT_APPID,
      mchid: WECHAT_MCHID,
      out_trade_no: trade.outTradeNo,
      transaction_id: trade.tradeNo,
      trade_type: 'NATIVE',
      trade_state: trade.status,
      trade_state_desc: trade.status,
      success_time: '2026-11-23T10:00:05+08:00',
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
      amount: { total: trade.amountFen, payer_total: trade.amountFen, currency: 'CNY', payer_currency: 'CNY' },
      ...overrides,
    };
  }

  /** The buyer pays; returns the notification (raw body + headers) WeChat Pay would post. */
  pay(outTradeNo: string) {
    const trade = this.trades.get(outTradeNo);
    if (!trade) throw new Error(`no trade ${outTradeNo}`);
    trade.status = 'SUCCESS';
    return this.notification(this.transaction(trade));
  }

  /** A v3 notification: resource encrypted with AEAD_AES_256_GCM and the APIv3 key, headers signed over the raw body. */
  notification(
    transaction: Record<string, unknown>,
    options: { timestamp?: number; signer?: KeyObject; apiV3Key?: string; serial?: string } = {},
  ): { body: string; headers: Record<string, string> } {
    const nonce = randomBytes(6).toString('hex');
    const aad = 'transaction';
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(options.apiV3Key ?? WECHAT_APIV3_KEY), Buffer.from(nonce)).setAAD(
      Buffer.from(aad),
    );
    const ciphertext = Buffer.concat([
      cipher.update(JSON.stringify(transaction), 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]).toString('base64');
    const body = JSON.stringify({
      id: randomBytes(16).toString('hex'),
      create_time: '2026-11-23T10:00:06+08:00',
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: aad, nonce },
    });
    return {
      body,
      headers: {
        'content-type': 'application/json',
        ...this.signatureHeaders(body, options.timestamp, options.signer, options.serial),
      },
    };
  }

  transactionFor(outTradeNo: string, overrides: Record<string, unknown> = {}) {
    const trade = this.trades.get(outTradeNo);
    if (!trade) throw new Error(`no trade ${outTradeNo}`);
    return this.transaction({ ...trade, status: 'SUCCESS' }, overrides);
  }
}
