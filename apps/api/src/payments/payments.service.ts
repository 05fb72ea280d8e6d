import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { OrderStatus, PAYMENT_CHANNELS, PaymentChannel } from '@reelmeter/shared';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { queryRows, Row, toSafeInt } from '../common/database/sql';
import { DomainException, notFound } from '../common/errors/domain.exception';
import { decodeTimeCursor, encodeTimeCursor, toPage } from '../common/pagination/pagination';
import { CreditsService } from '../credits/credits.service';
import { UserQuotaService } from '../provider-quota/user-quota.service';
import { AlipayGateway } from './gateways/alipay.gateway';
import {
  GatewayCallError,
  GatewayOrder,
  NotificationInput,
  NotificationRejected,
  PaymentGateway,
} from './gateways/payment-gateway';
import { SandboxGateway } from './gateways/sandbox.gateway';
import { WechatGateway } from './gateways/wechat.gateway';
import { PackagesService } from './packages.service';
import { PaymentEvents } from './payment-events';
import { VipService, vipBonus } from './vip.service';

const DAY_MS = 86_400_000;
/** Reconciliation leaves younger orders to the notification, which normally arrives within seconds. */
export const RECONCILE_MIN_AGE_MS = 2 * 60_000;

export interface OrderView {
  id: string;
  outTradeNo: string;
  userId: string;
  packageId: string;
  packageName: string;
  channel: PaymentChannel;
  amountFen: number;
  credits: number;
  bonusCredits: number;
  vipBonusCredits: number;
  vipLevel: string | null;
  validityDays: number | null;
  bonusValidityDays: number | null;
  grantsApiKeys: boolean;
  status: OrderStatus;
  qrCode: string | null;
  payUrl: string | null;
  gatewayTradeNo: string | null;
  paidVia: 'notification' | 'reconciliation' | null;
  expiresAt: Date;
  paidAt: Date | null;
  closedAt: Date | null;
  refundedAt: Date | null;
  refundReason: string | null;
  refundClawedBack: number | null;
  refundShortfall: number | null;
  createdAt: Date;
}

export type NotificationOutcome = 'paid' | 'duplicate' | 'ignored';

const nullableInt = (v: unknown) => (v === null || v === undefined ? null : toSafeInt(v));

export function toOrder(r: Row): OrderView {
  return {
    id: r.id as string,
    outTradeNo: r.out_trade_no as string,
    userId: r.user_id as string,
    packageId: r.package_id as string,
    packageName: r.package_name as string,
    channel: r.channel as PaymentChannel,
    amountFen: toSafeInt(r.amount_fen),
    credits: toSafeInt(r.credits),
    bonusCredits: toSafeInt(r.bonus_credits),
    vipBonusCredits: toSafeInt(r.vip_bonus_credits),
    vipLevel: (r.vip_level as string | null) ?? null,
    validityDays: nullableInt(r.validity_days),
    bonusValidityDays: nullableInt(r.bonus_validity_days),
    grantsApiKeys: Boolean(r.grants_api_keys),
    status: r.status as OrderStatus,
    qrCode: (r.qr_code as string | null) ?? null,
    payUrl: (r.pay_url as string | null) ?? null,
    gatewayTradeNo: (r.gateway_trade_no as string | null) ?? null,
    paidVia: (r.paid_via as OrderView['paidVia']) ?? null,
    expiresAt: r.expires_at as Date,
    paidAt: (r.paid_at as Date | null) ?? null,
    closedAt: (r.closed_at as Date | null) ?? null,
    refundedAt: (r.refunded_at as Date | null) ?? null,
    refundReason: (r.refund_reason as string | null) ?? null,
    refundClawedBack: nullableInt(r.refund_clawed_back),
    refundShortfall: nullableInt(r.refund_shortfall),
    createdAt: r.created_at as Date,
  };
}

function toGatewayOrder(o: OrderView): GatewayOrder {
  return {
    id: o.id,
    outTradeNo: o.outTradeNo,
    amountFen: o.amountFen,
    subject: `ReelMeter ${o.packageName} (${o.credits + o.bonusCredits} credits)`,
    expiresAt: o.expiresAt,
    gatewayTradeNo: o.gatewayTradeNo,
  };
}

/** Our order number: RM + UTC yyyyMMddHHmmss + 10 random hex digits (26 chars, valid for both gateways). */
export function newOutTradeNo(now = new Date()): string {
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  return `RM${stamp}${randomBytes(5).toString('hex').toUpperCase()}`;
}

/**
 * Orders, gateway notifications and fulfilment. Fulfilment is one transaction that locks the
 * order row: a paid order is acknowledged and left alone, so duplicate and concurrent
 * notifications (gateways send them by design) credit exactly once.
 */
@Injectable()
export class PaymentsService {
  private readonly logger = new Logger('Payments');
  private readonly gateways: Record<PaymentChannel, PaymentGateway>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly credits: CreditsService,
    private readonly quota: UserQuotaService,
    private readonly packages: PackagesService,
    private readonly vip: VipService,
    private readonly events: PaymentEvents,
    private readonly apiKeys: ApiKeysService,
    readonly sandbox: SandboxGateway,
    alipay: AlipayGateway,
    wechat: WechatGateway,
  ) {
    this.gateways = { alipay, wechat, sandbox };
  }

  channels(): { channel: PaymentChannel; available: boolean }[] {
    return PAYMENT_CHANNELS.map((channel) => ({ channel, available: this.gateways[channel].isAvailable() }));
  }

  private gateway(channel: PaymentChannel): PaymentGateway {
    const gateway = this.gateways[channel];
    if (!gateway.isAvailable()) {
      throw new DomainException(
        'PAYMENT_CHANNEL_UNAVAILABLE',
        channel === 'sandbox'
          ? 'The sandbox payment channel is disabled here'
          : `The ${channel} payment channel is not configured on this server`,
        { channel },
      );
    }
    return gateway;
  }

  notifyUrl(channel: PaymentChannel): string | undefined {
    const base = this.config.payments.notifyBaseUrl;
    return base ? `${base}/api/v1/payments/${channel}/notify` : undefined;
  }

  // ---------------------------------------------------------------- orders

  async createOrder(userId: string, input: { packageId: string; channel: PaymentChannel }): Promise<OrderView> {
    const gateway = this.gateway(input.channel);
    const pkg = await this.packages.get(input.packageId).catch(() => undefined);
    if (!pkg || !pkg.active) {
      throw new DomainException('PACKAGE_UNAVAILABLE', 'This package does not exist or is no longer on sale', {
        packageId: input.packageId,
      });
    }
    const expiresAt = new Date(Date.now() + this.config.payments.orderTtlMinutes * 60_000);
    const [row] = await queryRows(
      this.dataSource.manager,
      `INSERT INTO payment_orders
         (out_trade_no, user_id, package_id, package_name, channel, amount_fen, credits, bonus_credits,
          validity_days, bonus_validity_days, grants_api_keys, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
      [
        newOutTradeNo(),
        userId,
        pkg.id,
        pkg.name,
        input.channel,
        pkg.priceFen,
        pkg.credits,
        pkg.bonusCredits,
        pkg.validityDays,
        pkg.bonusValidityDays,
        pkg.grantsApiKeys,
        expiresAt,
      ],
    );
    const order = toOrder(row);
    let created;
    try {
      created = await gateway.createPayment(toGatewayOrder(order), this.notifyUrl(input.channel));
    } catch (error) {
      await queryRows(
        this.dataSource.manager,
        `UPDATE payment_orders SET status = 'closed', closed_at = now(), updated_at = now() WHERE id = $1 AND status = 'pending'`,
        [order.id],
      );
      throw this.gatewayError(input.channel, 'create the payment', error);
    }
    const [updated] = await queryRows(
      this.dataSource.manager,
      `UPDATE payment_orders SET qr_code = $2, pay_url = $3, updated_at = now() WHERE id = $1 RETURNING *`,
      [order.id, created.qrCode ?? null, created.payUrl ?? null],
    );
    return toOrder(updated);
  }

  async getOwnOrder(userId: string, id: string): Promise<OrderView> {
    const [row] = await queryRows(this.dataSource.manager, `SELECT * FROM payment_orders WHERE id = $1 AND user_id = $2`, [
      id,
      userId,
    ]);
    if (!row) throw notFound('Order');
    return toOrder(row);
  }

  async getOrder(id: string): Promise<OrderView> {
    const [row] = await queryRows(this.dataSource.manager, `SELECT * FROM payment_orders WHERE id = $1`, [id]);
    if (!row) throw notFound('Order');
    return toOrder(row);
  }

  /** Newest first, cursor-paginated. */
  async listOrders(filter: {
    userId?: string;
    status?: OrderStatus;
    channel?: PaymentChannel;
    outTradeNo?: string;
    /** Created at or after. */
    from?: Date;
    /** Created before. */
    to?: Date;
    cursor?: string;
    limit: number;
  }): Promise<{ items: OrderView[]; nextCursor: string | null }> {
    const params: unknown[] = [filter.limit + 1];
    const where: string[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.userId) add('user_id = ?', filter.userId);
    if (filter.status) add('status = ?', filter.status);
    if (filter.channel) add('channel = ?', filter.channel);
    if (filter.outTradeNo) add('out_trade_no = ?', filter.outTradeNo);
    if (filter.from) add('created_at >= ?', filter.from);
    if (filter.to) add('created_at < ?', filter.to);
    if (filter.cursor) {
      const c = decodeTimeCursor(filter.cursor);
      params.push(c.at, c.id);
      where.push(`(created_at, id) < ($${params.length - 1}, $${params.length})`);
    }
    const rows = await queryRows(
      this.dataSource.manager,
      `SELECT * FROM payment_orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT $1`,
      params,
    );
    return toPage(rows.map(toOrder), filter.limit, (last) => encodeTimeCursor(last.createdAt, last.id));
  }

  // ---------------------------------------------------------------- notifications and fulfilment

  /**
   * The one path every notification takes (real gateways and the sandbox): the adapter verifies
   * signature and merchant identity, then fulfilment checks the order and amount under a row lock.
   * A rejection is stored and reported before it is rethrown for the controller's failure reply.
   */
  async handleNotification(channel: PaymentChannel, input: NotificationInput): Promise<NotificationOutcome> {
    const gateway = this.gateways[channel];
    // Not stored or reported: with no credentials there is nothing to forge, only noise.
    if (!gateway.isAvailable()) throw new NotificationRejected('merchant_mismatch', `The ${channel} channel is not enabled here`);
    try {
      const notification = await gateway.verifyNotification(input);
      if (!notification.succeeded) {
        this.logger.log(
          { channel, outTradeNo: notification.outTradeNo, state: notification.tradeState },
          'Notification without payment',
        );
        return 'ignored';
      }
      const { applied } = await this.fulfil(channel, notification.outTradeNo, notification, 'notification');
      return applied ? 'paid' : 'duplicate';
    } catch (error) {
      if (error instanceof NotificationRejected) await this.recordRejection(channel, error, input);
      throw error;
    }
  }

  /**
   * Marks the order paid and grants its credits, once. Runs under `SELECT … FOR UPDATE` on the
   * order: concurrent calls queue on the lock and all but the first find it paid. A closed order
   * that the gateway reports paid (the buyer paid just as it expired) is fulfilled too: the money
   * arrived.
   */
  async fulfil(
    channel: PaymentChannel,
    outTradeNo: string,
    paid: { amountFen: number; gatewayTradeNo?: string },
    via: 'notification' | 'reconciliation',
  ): Promise<{ applied: boolean; order: OrderView }> {
    const result = await this.dataSource.transaction(async (em) => {
      const [row] = await queryRows(em, `SELECT * FROM payment_orders WHERE out_trade_no = $1 FOR UPDATE`, [outTradeNo]);
      if (!row || row.channel !== channel) {
        throw new NotificationRejected('unknown_order', `No ${channel} order ${outTradeNo}`, outTradeNo);
      }
      const order = toOrder(row);
      if (paid.amountFen !== order.amountFen) {
        throw new NotificationRejected(
          'amount_mismatch',
          `Paid ${paid.amountFen} fen but order ${outTradeNo} is ${order.amountFen} fen`,
          outTradeNo,
        );
      }
      if (order.status === 'paid' || order.status === 'refunded') return { applied: false, order };
      return { applied: true, order: await this.markPaid(em, order, paid.gatewayTradeNo, via) };
    });
    if (result.applied) {
      const o = result.order;
      this.logger.log({ orderId: o.id, outTradeNo: o.outTradeNo, channel, via }, 'Order paid');
      this.events.emit({ type: 'order_paid', orderId: o.id, userId: o.userId, amountFen: o.amountFen, via, at: new Date() });
    }
    return result;
  }

  private async markPaid(
    em: EntityManager,
    order: OrderView,
    gatewayTradeNo: string | undefined,
    via: 'notification' | 'reconciliation',
  ): Promise<OrderView> {
    const vip = await this.vip.status(order.userId, em);
    const extra = vipBonus(order.credits, vip.bonusPercent);
    const [row] = await queryRows(
      em,
      `UPDATE payment_orders
          SET status = 'paid', paid_at = now(), paid_via = $2, gateway_trade_no = coalesce($3, gateway_trade_no),
              vip_level = $4, vip_bonus_credits = $5, closed_at = NULL, updated_at = now()
        WHERE id = $1 RETURNING *`,
      [order.id, via, gatewayTradeNo ?? null, vip.level, extra],
    );
    const paid = toOrder(row);
    const now = Date.now();
    const expiry = (days: number | null) => (days ? new Date(now + days * DAY_MS) : null);
    const reference = { type: 'order', id: order.id };
    await this.credits.grant(em, 'purchase', {
      userId: order.userId,
      amount: order.credits,
      reference,
      description: `Purchase ${order.packageName} (${order.outTradeNo})`,
      expiresAt: expiry(order.validityDays),
    });
    const bonus = order.bonusCredits + extra;
    if (bonus > 0) {
      await this.credits.grant(em, 'purchase_bonus', {
        userId: order.userId,
        amount: bonus,
        reference,
        description: `Bonus for ${order.outTradeNo}` + (extra > 0 ? ` (incl. ${vip.level} +${vip.bonusPercent}%: ${extra})` : ''),
        expiresAt: expiry(order.bonusValidityDays ?? order.validityDays),
      });
    }
    await this.quota.addQuota(em, order.userId, order.credits + bonus);
    // A package with the API-key flag (the enterprise package) lets its buyer create API keys.
    if (order.grantsApiKeys) {
      await this.apiKeys.grantPermission(em, order.userId, { source: 'purchase', referenceId: order.id });
    }
    return paid;
  }

  private async recordRejection(channel: PaymentChannel, rejection: NotificationRejected, input: NotificationInput) {
    const keep = [
      'content-type',
      'user-agent',
      'wechatpay-timestamp',
      'wechatpay-nonce',
      'wechatpay-serial',
      'sandbox-timestamp',
    ];
    const headers = Object.fromEntries(keep.filter((h) => input.headers[h] !== undefined).map((h) => [h, input.headers[h]]));
    const outTradeNo = rejection.outTradeNo ?? guessOutTradeNo(input);
    const [row] = await queryRows<{ id: string }>(
      this.dataSource.manager,
      `INSERT INTO payment_notification_rejections (channel, reason, message, out_trade_no, order_id, remote_ip, headers, body)
       VALUES ($1, $2, $3, $4::text, (SELECT id FROM payment_orders WHERE out_trade_no = $4::text), $5, $6, $7) RETURNING id`,
      [
        channel,
        rejection.reason,
        rejection.message.slice(0, 500),
        outTradeNo?.slice(0, 128) ?? null,
        input.remoteIp?.slice(0, 64) ?? null,
        JSON.stringify(headers),
        input.rawBody.toString('utf8').slice(0, 16_384),
      ],
    );
    this.logger.warn({ channel, reason: rejection.reason, outTradeNo, rejectionId: row.id }, 'Payment notification rejected');
    this.events.emit({
      type: 'notification_rejected',
      channel,
      reason: rejection.reason,
      message: rejection.message,
      outTradeNo,
      rejectionId: String(row.id),
      at: new Date(),
    });
  }

  async listRejections(limit = 50) {
    const rows = await queryRows(
      this.dataSource.manager,
      `SELECT id, channel, reason, message, out_trade_no, order_id, remote_ip, created_at
         FROM payment_notification_rejections ORDER BY id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      channel: r.channel as PaymentChannel,
      reason: r.reason as string,
      message: r.message as string,
      outTradeNo: (r.out_trade_no as string | null) ?? null,
      orderId: (r.order_id as string | null) ?? null,
      remoteIp: (r.remote_ip as string | null) ?? null,
      createdAt: r.created_at as Date,
    }));
  }

  // ---------------------------------------------------------------- sandbox

  /**
   * The sandbox gateway's "pay" button: it signs a notification and it goes through
   * handleNotification like a real one. `deliver: false` simulates a lost notification (the trade
   * is paid at the "gateway" but we are not told; reconciliation must find it).
   */
  async sandboxOrder(orderId: string): Promise<OrderView> {
    this.gateway('sandbox');
    const order = await this.getOrder(orderId);
    if (order.channel !== 'sandbox') throw notFound('Sandbox order');
    return order;
  }

  async sandboxPay(orderId: string, options: { deliver: boolean }): Promise<OrderView> {
    this.gateway('sandbox');
    const order = await this.getOrder(orderId);
    if (order.channel !== 'sandbox') throw new DomainException('ORDER_NOT_PAYABLE', 'This is not a sandbox order');
    if (order.status !== 'pending') {
      throw new DomainException('ORDER_NOT_PAYABLE', `The order is ${order.status}`, { status: order.status });
    }
    const notification = this.sandbox.pay(toGatewayOrder(order));
    if (options.deliver) await this.handleNotification('sandbox', notification);
    return this.getOrder(orderId);
  }

  // ---------------------------------------------------------------- reconciliation

  /**
   * Asks the gateway about every pending order older than two minutes: paid ones are fulfilled
   * (a lost notification), ones the gateway closed are closed here. Expired ones are left to
   * closeExpired. Meant to run every 5 minutes (the scheduler is wired elsewhere).
   */
  async reconcilePending(now = new Date()): Promise<{ checked: number; fulfilled: number; closed: number; errors: number }> {
    const rows = await queryRows(
      this.dataSource.manager,
      `SELECT * FROM payment_orders WHERE status = 'pending' AND created_at < $1 ORDER BY created_at LIMIT 500`,
      [new Date(now.getTime() - RECONCILE_MIN_AGE_MS)],
    );
    const stats = { checked: 0, fulfilled: 0, closed: 0, errors: 0 };
    for (const order of rows.map(toOrder)) {
      const gateway = this.gateways[order.channel];
      if (!gateway.isAvailable()) continue;
      stats.checked += 1;
      try {
        const result = await gateway.query(toGatewayOrder(order));
        if (result.state === 'paid') {
          const { applied } = await this.fulfil(order.channel, order.outTradeNo, result, 'reconciliation');
          if (applied) stats.fulfilled += 1;
        } else if (result.state === 'closed') {
          if (await this.closeLocally(order.id)) stats.closed += 1;
        }
      } catch (error) {
        stats.errors += 1;
        if (error instanceof NotificationRejected) {
          await this.recordRejection(order.channel, error, {
            headers: {},
            rawBody: Buffer.from(JSON.stringify({ source: 'reconciliation', outTradeNo: order.outTradeNo })),
            body: null,
          });
        } else {
          this.logger.warn({ orderId: order.id, err: (error as Error).message }, 'Reconciliation query failed');
        }
      }
    }
    return stats;
  }

  /**
   * Closes pending orders past their expiry, at the gateway and here. An order the gateway says
   * was paid after all is fulfilled instead.
   */
  async closeExpired(now = new Date()): Promise<{ closed: number; fulfilled: number; errors: number }> {
    const rows = await queryRows(
      this.dataSource.manager,
      `SELECT * FROM payment_orders WHERE status = 'pending' AND expires_at <= $1 ORDER BY expires_at LIMIT 500`,
      [now],
    );
    const stats = { closed: 0, fulfilled: 0, errors: 0 };
    for (const order of rows.map(toOrder)) {
      const gateway = this.gateways[order.channel];
      try {
        if (gateway.isAvailable()) {
          const result = await gateway.query(toGatewayOrder(order));
          if (result.state === 'paid') {
            const { applied } = await this.fulfil(order.channel, order.outTradeNo, result, 'reconciliation');
            if (applied) stats.fulfilled += 1;
            continue;
          }
          if (result.state === 'pending') await gateway.close(toGatewayOrder(order));
        }
        if (await this.closeLocally(order.id)) stats.closed += 1;
      } catch (error) {
        stats.errors += 1;
        this.logger.warn({ orderId: order.id, err: (error as Error).message }, 'Closing an expired order failed');
      }
    }
    return stats;
  }

  private async closeLocally(orderId: string): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource.manager,
      `UPDATE payment_orders SET status = 'closed', closed_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'pending' RETURNING id`,
      [orderId],
    );
    return rows.length > 0;
  }

  // ---------------------------------------------------------------- refunds

  /**
   * Admin refund of a paid order: gateway refund (idempotent at the gateway by refund number),
   * then the order's credits are taken back with one `order_refund` ledger row — never below zero;
   * what the buyer already spent is recorded as the shortfall. The order row stays locked
   * throughout, so a repeated or concurrent refund finds it refunded and changes nothing.
   */
  async refund(orderId: string, actorId: string, reason: string): Promise<OrderView> {
    const result = await this.dataSource.transaction(async (em) => {
      const [row] = await queryRows(em, `SELECT * FROM payment_orders WHERE id = $1 FOR UPDATE`, [orderId]);
      if (!row) throw notFound('Order');
      const order = toOrder(row);
      if (order.status === 'refunded') return { order, applied: false };
      if (order.status !== 'paid') {
        throw new DomainException('ORDER_NOT_REFUNDABLE', `Only paid orders can be refunded; this one is ${order.status}`, {
          status: order.status,
        });
      }
      const gateway = this.gateway(order.channel);
      try {
        await gateway.refund(toGatewayOrder(order), { refundNo: `R${order.outTradeNo}`, amountFen: order.amountFen, reason });
      } catch (error) {
        throw this.gatewayError(order.channel, 'refund', error);
      }
      const granted = order.credits + order.bonusCredits + order.vipBonusCredits;
      const { taken } = await this.credits.clawBack(em, {
        userId: order.userId,
        amount: granted,
        reference: { type: 'order', id: order.id },
        description: `Refund of ${order.outTradeNo}: ${reason}`.slice(0, 500),
        actorId,
      });
      // What the purchase brought besides credits goes with it: the upstream quota it added and, for a
      // package with the API-key flag, the permission to create keys (unless another paid order gives it).
      await this.quota.removeQuota(em, order.userId, granted);
      if (order.grantsApiKeys) {
        const [other] = await queryRows<{ id: string }>(
          em,
          `SELECT id FROM payment_orders WHERE user_id = $1 AND id <> $2 AND status = 'paid' AND grants_api_keys
            ORDER BY paid_at LIMIT 1`,
          [order.userId, order.id],
        );
        await this.apiKeys.releasePurchaseGrant(em, order.userId, order.id, other?.id ?? null);
      }
      const [updated] = await queryRows(
        em,
        `UPDATE payment_orders
            SET status = 'refunded', refunded_at = now(), refunded_by = $2, refund_reason = $3,
                refund_clawed_back = $4, refund_shortfall = $5, updated_at = now()
          WHERE id = $1 RETURNING *`,
        [order.id, actorId, reason, taken, granted - taken],
      );
      return { order: toOrder(updated), applied: true };
    });
    if (result.applied) {
      const o = result.order;
      this.events.emit({
        type: 'order_refunded',
        orderId: o.id,
        userId: o.userId,
        amountFen: o.amountFen,
        shortfall: o.refundShortfall ?? 0,
        at: new Date(),
      });
    }
    return result.order;
  }

  private gatewayError(channel: PaymentChannel, what: string, error: unknown): DomainException {
    if (error instanceof DomainException) return error;
    const message = error instanceof GatewayCallError ? error.message : 'unexpected error';
    this.logger.error({ channel, err: (error as Error)?.message }, `Gateway call failed: ${what}`);
    return new DomainException('PAYMENT_GATEWAY_ERROR', `The ${channel} gateway could not ${what}: ${message}`, { channel });
  }
}

function guessOutTradeNo(input: NotificationInput): string | undefined {
  const body = input.body as Record<string, unknown> | null;
  const value = body && typeof body === 'object' ? body.out_trade_no : undefined;
  return typeof value === 'string' ? value : undefined;
}
