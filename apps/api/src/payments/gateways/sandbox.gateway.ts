import { Inject, Injectable } from '@nestjs/common';
import { createSign, createVerify, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import {
  CreatedPayment,
  GatewayOrder,
  header,
  NotificationInput,
  NotificationRejected,
  PaymentGateway,
  TradeQueryResult,
  VerifiedNotification,
} from './payment-gateway';

const MAX_SKEW_SECONDS = 300;

/**
 * A local stand-in for a real gateway, for development and demos (never in production). Its
 * "pay" action builds a notification signed with a key pair generated in this process (RSA-SHA256
 * over `timestamp\nnonce\nbody\n`, like WeChat Pay v3) and feeds it to the same verification and
 * fulfilment path as the real gateways. The trades it has "seen paid" are remembered in memory so
 * reconciliation can find a payment whose notification was lost.
 */
@Injectable()
export class SandboxGateway implements PaymentGateway {
  readonly channel = 'sandbox' as const;
  private keys?: { privateKey: KeyObject; publicKey: KeyObject };
  private readonly paidTrades = new Map<string, { amountFen: number; tradeNo: string }>();
  private readonly closedTrades = new Set<string>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  isAvailable(): boolean {
    return this.config.payments.sandboxEnabled;
  }

  async createPayment(order: GatewayOrder): Promise<CreatedPayment> {
    const page = `${this.config.payments.notifyBaseUrl ?? ''}/api/v1/payments/sandbox/${order.id}/page`;
    return { qrCode: page, payUrl: page };
  }

  /** The gateway side of "pay": records the trade and returns the signed notification it sends. */
  pay(order: GatewayOrder): { headers: Record<string, string>; rawBody: Buffer; body: unknown } {
    const tradeNo = this.paidTrades.get(order.outTradeNo)?.tradeNo ?? `SBX${Date.now()}${randomBytes(4).toString('hex')}`;
    this.paidTrades.set(order.outTradeNo, { amountFen: order.amountFen, tradeNo });
    return this.signNotification({
      out_trade_no: order.outTradeNo,
      amount_fen: order.amountFen,
      trade_no: tradeNo,
      trade_state: 'SUCCESS',
    });
  }

  signNotification(payload: Record<string, unknown>, timestamp = Math.floor(Date.now() / 1000)) {
    const body = JSON.stringify(payload);
    const nonce = randomBytes(16).toString('hex');
    const signature = createSign('RSA-SHA256')
      .update(`${timestamp}\n${nonce}\n${body}\n`)
      .sign(this.keyPair().privateKey, 'base64');
    return {
      headers: {
        'content-type': 'application/json',
        'sandbox-timestamp': String(timestamp),
        'sandbox-nonce': nonce,
        'sandbox-signature': signature,
      },
      rawBody: Buffer.from(body),
      body: payload,
    };
  }

  async verifyNotification(input: NotificationInput): Promise<VerifiedNotification> {
    const timestamp = header(input, 'sandbox-timestamp');
    const nonce = header(input, 'sandbox-nonce');
    const signature = header(input, 'sandbox-signature');
    if (!timestamp || !nonce || !signature) throw new NotificationRejected('malformed', 'Signature headers are missing');
    const ok = createVerify('RSA-SHA256')
      .update(`${timestamp}\n${nonce}\n${input.rawBody.toString('utf8')}\n`)
      .verify(this.keyPair().publicKey, signature, 'base64');
    if (!ok) throw new NotificationRejected('bad_signature', 'The sandbox signature does not verify');
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) {
      throw new NotificationRejected('stale_timestamp', 'The notification timestamp is more than 5 minutes off');
    }
    const body = JSON.parse(input.rawBody.toString('utf8')) as Record<string, unknown>;
    if (typeof body.out_trade_no !== 'string' || !Number.isSafeInteger(body.amount_fen)) {
      throw new NotificationRejected('malformed', 'out_trade_no or amount_fen is missing');
    }
    return {
      outTradeNo: body.out_trade_no,
      amountFen: body.amount_fen as number,
      gatewayTradeNo: typeof body.trade_no === 'string' ? body.trade_no : undefined,
      succeeded: body.trade_state === 'SUCCESS',
      tradeState: String(body.trade_state),
    };
  }

  async query(order: GatewayOrder): Promise<TradeQueryResult> {
    const paid = this.paidTrades.get(order.outTradeNo);
    if (paid) return { state: 'paid', amountFen: paid.amountFen, gatewayTradeNo: paid.tradeNo };
    return { state: this.closedTrades.has(order.outTradeNo) ? 'closed' : 'not_found' };
  }

  async close(order: GatewayOrder): Promise<void> {
    if (!this.paidTrades.has(order.outTradeNo)) this.closedTrades.add(order.outTradeNo);
  }

  async refund(): Promise<void> {}

  private keyPair() {
    this.keys ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
    return this.keys;
  }
}
