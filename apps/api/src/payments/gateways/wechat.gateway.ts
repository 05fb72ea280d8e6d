import { Inject, Injectable } from '@nestjs/common';
import { createPublicKey, KeyObject, X509Certificate } from 'node:crypto';
import { Aes, Formatter, Rsa, Wechatpay } from 'wechatpay-axios-plugin';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import {
  CreatedPayment,
  GatewayCallError,
  GatewayOrder,
  header,
  NotificationInput,
  NotificationRejected,
  PaymentGateway,
  toPem,
  TradeQueryResult,
  VerifiedNotification,
} from './payment-gateway';

/** WeChat Pay rejects notifications older (or newer) than this; so do we. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

interface RequestClient {
  request(
    pathname: string,
    method: string,
    data?: unknown,
    config?: Record<string, unknown>,
  ): Promise<{ status: number; data: unknown }>;
}

/** RFC 3339 in China Standard Time, as WeChat Pay expects for time_expire. */
export function wechatTime(date: Date): string {
  return `${new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

function platformKey(value: string): KeyObject {
  if (value.includes('BEGIN CERTIFICATE')) return new X509Certificate(value).publicKey;
  return createPublicKey(toPem(value, 'PUBLIC KEY'));
}

/**
 * WeChat Pay API v3 through `wechatpay-axios-plugin`: it signs our requests with the merchant key
 * and verifies every response against the platform key (certificate serial or `PUB_KEY_ID_…`).
 * Notifications are verified here over the raw body with the same helpers (Rsa.verify over
 * `timestamp\nnonce\nbody\n`, ±5 min) and the resource decrypted with AEAD_AES_256_GCM.
 */
@Injectable()
export class WechatGateway implements PaymentGateway {
  readonly channel = 'wechat' as const;
  private readonly client?: RequestClient;
  /** Platform keys by serial: the current one, and the next while WeChat Pay rotates (both are accepted). */
  private readonly platformKeys = new Map<string, KeyObject>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const c = config.payments.wechat;
    if (c) {
      this.platformKeys.set(c.platformSerial, platformKey(c.platformPublicKey));
      if (c.nextPlatform) this.platformKeys.set(c.nextPlatform.serial, platformKey(c.nextPlatform.publicKey));
      const certs = Object.fromEntries(
        [...this.platformKeys].map(([serial, key]) => [serial, key.export({ type: 'spki', format: 'pem' }).toString()]),
      );
      const wxpay = new Wechatpay({
        mchid: c.mchid,
        serial: c.merchantSerial,
        privateKey: toPem(c.merchantPrivateKey, 'PRIVATE KEY'),
        certs,
        baseURL: c.baseUrl.endsWith('/') ? c.baseUrl : `${c.baseUrl}/`,
        timeout: 10_000,
      });
      this.client = wxpay.client as unknown as RequestClient;
    }
  }

  isAvailable(): boolean {
    return this.client !== undefined;
  }

  async createPayment(order: GatewayOrder, notifyUrl: string | undefined): Promise<CreatedPayment> {
    const c = this.config.payments.wechat!;
    if (!notifyUrl) throw new GatewayCallError('wechat', 'PAYMENT_NOTIFY_BASE_URL must be set for WeChat Pay');
    const data = await this.call('post', 'v3/pay/transactions/native', {
      appid: c.appid,
      mchid: c.mchid,
      description: order.subject.slice(0, 127),
      out_trade_no: order.outTradeNo,
      time_expire: wechatTime(order.expiresAt),
      notify_url: notifyUrl,
      amount: { total: order.amountFen, currency: 'CNY' },
    });
    const codeUrl = (data as { code_url?: unknown })?.code_url;
    if (typeof codeUrl !== 'string') throw new GatewayCallError('wechat', 'native pay answered without code_url');
    return { qrCode: codeUrl };
  }

  async verifyNotification(input: NotificationInput): Promise<VerifiedNotification> {
    const c = this.config.payments.wechat!;
    const timestamp = header(input, 'wechatpay-timestamp');
    const nonce = header(input, 'wechatpay-nonce');
    const serial = header(input, 'wechatpay-serial');
    const signature = header(input, 'wechatpay-signature');
    if (!timestamp || !nonce || !serial || !signature) {
      throw new NotificationRejected('malformed', 'Wechatpay-Timestamp/Nonce/Serial/Signature headers are required');
    }
    const signer = this.platformKeys.get(serial);
    if (!signer) {
      throw new NotificationRejected('bad_signature', `Wechatpay-Serial ${serial.slice(0, 64)} is not our platform key`);
    }
    const raw = input.rawBody.toString('utf8');
    if (!Rsa.verify(Formatter.response(timestamp, nonce, raw), signature, signer)) {
      throw new NotificationRejected('bad_signature', 'The WeChat Pay signature does not verify');
    }
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) {
      throw new NotificationRejected('stale_timestamp', 'Wechatpay-Timestamp is more than 5 minutes off');
    }
    let resource: { algorithm?: string; ciphertext?: string; nonce?: string; associated_data?: string };
    let transaction: Record<string, unknown>;
    try {
      resource = (JSON.parse(raw) as { resource?: typeof resource }).resource ?? {};
    } catch {
      throw new NotificationRejected('malformed', 'The body is not JSON');
    }
    if (resource.algorithm !== 'AEAD_AES_256_GCM' || !resource.ciphertext || !resource.nonce) {
      throw new NotificationRejected('malformed', 'resource must be AEAD_AES_256_GCM with ciphertext and nonce');
    }
    try {
      transaction = JSON.parse(
        Aes.AesGcm.decrypt(resource.ciphertext, c.apiV3Key, resource.nonce, resource.associated_data ?? ''),
      ) as Record<string, unknown>;
    } catch {
      throw new NotificationRejected('bad_signature', 'The resource does not decrypt with our APIv3 key');
    }
    const outTradeNo = typeof transaction.out_trade_no === 'string' ? transaction.out_trade_no : undefined;
    if (transaction.mchid !== c.mchid || transaction.appid !== c.appid) {
      throw new NotificationRejected(
        'merchant_mismatch',
        `mchid/appid ${String(transaction.mchid)}/${String(transaction.appid)} are not ours`,
        outTradeNo,
      );
    }
    const total = (transaction.amount as { total?: unknown } | undefined)?.total;
    if (!outTradeNo || !Number.isSafeInteger(total)) {
      throw new NotificationRejected('malformed', 'out_trade_no or amount.total is missing', outTradeNo);
    }
    return {
      outTradeNo,
      amountFen: total as number,
      gatewayTradeNo: typeof transaction.transaction_id === 'string' ? transaction.transaction_id : undefined,
      succeeded: transaction.trade_state === 'SUCCESS',
      tradeState: String(transaction.trade_state),
    };
  }

  async query(order: GatewayOrder): Promise<TradeQueryResult> {
    const c = this.config.payments.wechat!;
    let data: Record<string, unknown>;
    try {
      data = (await this.call('get', `v3/pay/transactions/out-trade-no/${encodeURIComponent(order.outTradeNo)}`, undefined, {
        params: { mchid: c.mchid },
      })) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof GatewayCallError && /\b404\b|ORDER_NOT_EXIST/.test(error.message)) return { state: 'not_found' };
      throw error;
    }
    const state = String(data.trade_state);
    if (state === 'SUCCESS' || state === 'REFUND') {
      const total = (data.amount as { total?: unknown } | undefined)?.total;
      if (!Number.isSafeInteger(total)) throw new GatewayCallError('wechat', 'query answered without amount.total');
      return {
        state: 'paid',
        amountFen: total as number,
        gatewayTradeNo: typeof data.transaction_id === 'string' ? data.transaction_id : undefined,
      };
    }
    return { state: ['CLOSED', 'REVOKED', 'PAYERROR'].includes(state) ? 'closed' : 'pending' };
  }

  async close(order: GatewayOrder): Promise<void> {
    const c = this.config.payments.wechat!;
    await this.call('post', `v3/pay/transactions/out-trade-no/${encodeURIComponent(order.outTradeNo)}/close`, { mchid: c.mchid });
  }

  async refund(order: GatewayOrder, refund: { refundNo: string; amountFen: number; reason: string }): Promise<void> {
    await this.call('post', 'v3/refund/domestic/refunds', {
      out_trade_no: order.outTradeNo,
      out_refund_no: refund.refundNo,
      reason: refund.reason.slice(0, 80),
      amount: { refund: refund.amountFen, total: order.amountFen, currency: 'CNY' },
    });
  }

  private async call(method: string, path: string, data?: unknown, config: Record<string, unknown> = {}): Promise<unknown> {
    try {
      const response = await this.client!.request(path, method, data, config);
      return response.data;
    } catch (error) {
      const e = error as { response?: { status?: number; data?: { code?: string; message?: string } }; message?: string };
      const detail = e.response
        ? `HTTP ${e.response.status} ${e.response.data?.code ?? ''} ${e.response.data?.message ?? ''}`
        : String(e.message ?? 'request failed');
      throw new GatewayCallError('wechat', `${method.toUpperCase()} ${path.split('?')[0]}: ${detail.trim().slice(0, 200)}`);
    }
  }
}
