import { Inject, Injectable } from '@nestjs/common';
import { AlipaySdk } from 'alipay-sdk';
import { createPrivateKey } from 'node:crypto';
import { fenToYuanString, yuanStringToFen } from '@reelmeter/shared';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import {
  CreatedPayment,
  GatewayCallError,
  GatewayOrder,
  NotificationInput,
  NotificationRejected,
  PaymentGateway,
  TradeQueryResult,
  VerifiedNotification,
} from './payment-gateway';

const SUCCESS_STATES = new Set(['TRADE_SUCCESS', 'TRADE_FINISHED']);

interface AlipayResult {
  code?: string;
  msg?: string;
  subCode?: string;
  subMsg?: string;
  [key: string]: unknown;
}

/** Alipay's own clock: China Standard Time, "yyyy-MM-dd HH:mm:ss". */
export function alipayTime(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Any PEM or bare base64 private key → PKCS#8 PEM (what the SDK is told with keyType PKCS8). */
function pkcs8(key: string): string {
  if (key.includes('-----BEGIN')) return createPrivateKey(key).export({ type: 'pkcs8', format: 'pem' }).toString();
  const der = Buffer.from(key.replace(/\s+/g, ''), 'base64');
  for (const type of ['pkcs8', 'pkcs1'] as const) {
    try {
      return createPrivateKey({ key: der, format: 'der', type }).export({ type: 'pkcs8', format: 'pem' }).toString();
    } catch {
      // try the other encoding
    }
  }
  throw new Error('ALIPAY_PRIVATE_KEY is not an RSA private key');
}

/**
 * Alipay through the official `alipay-sdk` (OpenAPI 2.0 gateway, RSA2): QR payment
 * (`alipay.trade.precreate`), page pay URL, notification verification (`checkNotifySignV2`),
 * query, close and refund. Every response is signature-checked (`validateSign`).
 */
@Injectable()
export class AlipayGateway implements PaymentGateway {
  readonly channel = 'alipay' as const;
  private readonly sdk?: AlipaySdk;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const c = config.payments.alipay;
    if (c) {
      this.sdk = new AlipaySdk({
        appId: c.appId,
        privateKey: pkcs8(c.privateKey),
        keyType: 'PKCS8',
        alipayPublicKey: c.alipayPublicKey,
        signType: 'RSA2',
        gateway: c.gatewayUrl,
        timeout: 10_000,
      });
    }
  }

  isAvailable(): boolean {
    return this.sdk !== undefined;
  }

  async createPayment(order: GatewayOrder, notifyUrl: string | undefined): Promise<CreatedPayment> {
    const bizContent = {
      outTradeNo: order.outTradeNo,
      totalAmount: fenToYuanString(order.amountFen),
      subject: order.subject.slice(0, 256),
      timeExpire: alipayTime(order.expiresAt),
    };
    const result = await this.call('alipay.trade.precreate', { ...(notifyUrl ? { notifyUrl } : {}), bizContent });
    if (result.code !== '10000' || typeof result.qrCode !== 'string') throw this.businessError('precreate', result);
    const payUrl = this.sdk!.pageExecute('alipay.trade.page.pay', 'GET', {
      ...(notifyUrl ? { notifyUrl } : {}),
      bizContent: { ...bizContent, productCode: 'FAST_INSTANT_TRADE_PAY' },
    });
    return { qrCode: result.qrCode, payUrl };
  }

  async verifyNotification(input: NotificationInput): Promise<VerifiedNotification> {
    const fields = input.body;
    if (!fields || typeof fields !== 'object' || Array.isArray(fields)) {
      throw new NotificationRejected('malformed', 'Expected a form-encoded notification');
    }
    const params = { ...(fields as Record<string, unknown>) };
    if (Object.values(params).some((v) => typeof v !== 'string')) {
      throw new NotificationRejected('malformed', 'Notification fields must be plain strings');
    }
    const p = params as Record<string, string>;
    if (!p.sign) throw new NotificationRejected('malformed', 'The notification has no sign');
    if (!this.sdk!.checkNotifySignV2(p)) {
      throw new NotificationRejected('bad_signature', 'The Alipay signature does not verify', p.out_trade_no);
    }
    const c = this.config.payments.alipay!;
    if (p.app_id !== c.appId) {
      throw new NotificationRejected('merchant_mismatch', `app_id ${p.app_id} is not ours`, p.out_trade_no);
    }
    if (c.sellerId && p.seller_id !== c.sellerId) {
      throw new NotificationRejected('merchant_mismatch', `seller_id ${p.seller_id} is not ours`, p.out_trade_no);
    }
    if (!p.out_trade_no) throw new NotificationRejected('malformed', 'out_trade_no is missing');
    let amountFen: number;
    try {
      amountFen = yuanStringToFen(p.total_amount ?? '');
    } catch {
      throw new NotificationRejected(
        'malformed',
        `total_amount ${JSON.stringify(p.total_amount)} is not an amount`,
        p.out_trade_no,
      );
    }
    return {
      outTradeNo: p.out_trade_no,
      amountFen,
      gatewayTradeNo: p.trade_no,
      succeeded: SUCCESS_STATES.has(p.trade_status),
      tradeState: p.trade_status ?? 'unknown',
    };
  }

  async query(order: GatewayOrder): Promise<TradeQueryResult> {
    const result = await this.call('alipay.trade.query', { bizContent: { outTradeNo: order.outTradeNo } });
    if (result.code === '40004' && result.subCode === 'ACQ.TRADE_NOT_EXIST') return { state: 'not_found' };
    if (result.code !== '10000') throw this.businessError('query', result);
    const status = String(result.tradeStatus);
    if (SUCCESS_STATES.has(status)) {
      return {
        state: 'paid',
        amountFen: yuanStringToFen(String(result.totalAmount)),
        gatewayTradeNo: typeof result.tradeNo === 'string' ? result.tradeNo : undefined,
      };
    }
    return { state: status === 'TRADE_CLOSED' ? 'closed' : 'pending' };
  }

  async close(order: GatewayOrder): Promise<void> {
    const result = await this.call('alipay.trade.close', { bizContent: { outTradeNo: order.outTradeNo } });
    // A QR code nobody scanned has no trade at Alipay yet: nothing to close.
    if (result.code === '40004' && result.subCode === 'ACQ.TRADE_NOT_EXIST') return;
    if (result.code !== '10000') throw this.businessError('close', result);
  }

  async refund(order: GatewayOrder, refund: { refundNo: string; amountFen: number; reason: string }): Promise<void> {
    const result = await this.call('alipay.trade.refund', {
      bizContent: {
        outTradeNo: order.outTradeNo,
        refundAmount: fenToYuanString(refund.amountFen),
        outRequestNo: refund.refundNo,
        refundReason: refund.reason.slice(0, 256),
      },
    });
    if (result.code !== '10000') throw this.businessError('refund', result);
  }

  private async call(method: string, params: Record<string, unknown>): Promise<AlipayResult> {
    try {
      return (await this.sdk!.exec(method, params, { validateSign: true })) as AlipayResult;
    } catch (error) {
      // SDK messages carry no key material; keep them short.
      throw new GatewayCallError('alipay', `${method}: ${String((error as Error).message).slice(0, 200)}`);
    }
  }

  private businessError(what: string, result: AlipayResult): GatewayCallError {
    return new GatewayCallError(
      'alipay',
      `${what} answered ${result.code} ${result.subCode ?? ''} ${result.subMsg ?? result.msg ?? ''}`.trim(),
    );
  }
}
