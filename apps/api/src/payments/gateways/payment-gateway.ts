import type { PaymentChannel } from '@reelmeter/shared';

/** What an adapter needs to know about one of our orders. */
export interface GatewayOrder {
  id: string;
  outTradeNo: string;
  amountFen: number;
  subject: string;
  expiresAt: Date;
  gatewayTradeNo?: string | null;
}

export interface CreatedPayment {
  /** Content to render as a QR code (Alipay qr_code, WeChat code_url, sandbox page URL). */
  qrCode?: string;
  /** A page the buyer can open instead (Alipay page pay, sandbox page). */
  payUrl?: string;
}

/** A notification exactly as it arrived: the raw bytes matter for signatures. */
export interface NotificationInput {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  /** The parsed body (form fields for Alipay, JSON otherwise). */
  body: unknown;
  remoteIp?: string;
}

/** A notification whose signature and merchant identity were verified by the adapter. */
export interface VerifiedNotification {
  outTradeNo: string;
  amountFen: number;
  gatewayTradeNo?: string;
  /** True only for a successful payment (Alipay TRADE_SUCCESS/TRADE_FINISHED, WeChat SUCCESS). */
  succeeded: boolean;
  /** The gateway's own state, for the record. */
  tradeState: string;
}

export type TradeQueryResult =
  { state: 'paid'; amountFen: number; gatewayTradeNo?: string } | { state: 'pending' | 'closed' | 'not_found' };

export const REJECTION_REASONS = [
  'bad_signature',
  'merchant_mismatch',
  'stale_timestamp',
  'malformed',
  'unknown_order',
  'amount_mismatch',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** A notification that must credit nothing: stored, reported, answered with the gateway's failure reply. */
export class NotificationRejected extends Error {
  constructor(
    readonly reason: RejectionReason,
    message: string,
    readonly outTradeNo?: string,
  ) {
    super(message);
    this.name = 'NotificationRejected';
  }
}

/** A gateway call failed (network, HTTP status, business error, bad response signature). */
export class GatewayCallError extends Error {
  constructor(
    readonly channel: PaymentChannel,
    message: string,
  ) {
    super(message);
    this.name = 'GatewayCallError';
  }
}

/**
 * One payment channel. Adapters verify signatures and merchant identity; order lookup, amount
 * check and fulfilment are the service's, the same for every channel.
 */
export interface PaymentGateway {
  readonly channel: PaymentChannel;
  /** False when the channel's credentials are not configured (or sandbox in production). */
  isAvailable(): boolean;
  createPayment(order: GatewayOrder, notifyUrl: string | undefined): Promise<CreatedPayment>;
  /** Throws NotificationRejected when the signature, timestamp or merchant identity is wrong. */
  verifyNotification(input: NotificationInput): Promise<VerifiedNotification>;
  query(order: GatewayOrder): Promise<TradeQueryResult>;
  close(order: GatewayOrder): Promise<void>;
  /** Full refund; `refundNo` makes a retried refund apply once at the gateway. */
  refund(order: GatewayOrder, refund: { refundNo: string; amountFen: number; reason: string }): Promise<void>;
}

export const PAYMENT_GATEWAYS = Symbol('PAYMENT_GATEWAYS');

/** Header lookup that tolerates case and repeated headers. */
export function header(input: NotificationInput, name: string): string | undefined {
  const value = input.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** PEM from a full PEM or a bare base64 body (as the gateways' consoles hand keys out). */
export function toPem(key: string, type: 'PRIVATE KEY' | 'PUBLIC KEY'): string {
  if (key.includes('-----BEGIN')) return key;
  const body = key.replace(/\s+/g, '');
  return `-----BEGIN ${type}-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END ${type}-----\n`;
}
