import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { fenToYuanString } from '@reelmeter/shared';
import { PaymentEvents } from '../payments/payment-events';
import { UpstreamEvent, UpstreamEventsService } from '../provider-quota/upstream-events.service';
import { AlertsService } from './alerts.service';

/**
 * Turns other modules' events into alerts. Each source module publishes what happened; the rules
 * about what deserves an alert live here, next to the alerts.
 */
@Injectable()
export class AlertSources implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('AlertSources');
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly alerts: AlertsService,
    private readonly payments: PaymentEvents,
    private readonly upstream: UpstreamEventsService,
  ) {}

  onModuleInit(): void {
    this.subscriptions.push(this.upstream.events$.subscribe((event) => this.onUpstream(event)));
    this.subscriptions.push(
      this.payments.events$.subscribe((event) => {
        if (event.type !== 'notification_rejected') return;
        this.record(
          this.alerts.raise('payments.rejected_notification', event.channel, {
            title: `Rejected ${event.channel} payment notification`,
            message: `${event.reason}: ${event.message}`,
            details: { rejectionId: event.rejectionId, outTradeNo: event.outTradeNo ?? null, reason: event.reason },
          }),
        );
      }),
    );
  }

  /**
   * Upstream account trouble: one incident per account and kind, resolved when the account is active
   * again (a balance check or top-up showed money, or the key was fixed); a low balance is resolved
   * when a check or top-up shows the balance back at or above the account's threshold.
   */
  private onUpstream(event: UpstreamEvent): void {
    const who = `${event.accountName} (${event.provider})`;
    switch (event.type) {
      case 'account_exhausted':
        return this.record(
          this.alerts.raise('upstream.insufficient_balance', event.accountId, {
            title: `Upstream account ${who} is out of balance`,
            message: `Jobs fail over to other accounts; top the account up. ${event.reason ?? ''}`.trim(),
            details: { accountId: event.accountId, provider: event.provider },
          }),
        );
      case 'account_key_invalid':
        return this.record(
          this.alerts.raise('upstream.invalid_key', event.accountId, {
            title: `Upstream account ${who} rejected its API key`,
            message: `The account is disabled until its key is replaced. ${event.reason ?? ''}`.trim(),
            details: { accountId: event.accountId, provider: event.provider },
          }),
        );
      case 'balance_low':
        return this.record(
          this.alerts.raise('upstream.low_balance', event.accountId, {
            title: `Upstream account ${who} is running low`,
            message: `Balance ¥${fenToYuanString(event.balanceFen ?? 0)} is below ¥${fenToYuanString(event.thresholdFen ?? 0)}`,
            details: {
              accountId: event.accountId,
              balanceFen: event.balanceFen ?? null,
              thresholdFen: event.thresholdFen ?? null,
            },
          }),
        );
      case 'balance_ok':
        return this.record(
          this.alerts.resolve(
            'upstream.low_balance',
            event.accountId,
            `${who}: balance ¥${fenToYuanString(event.balanceFen ?? 0)} is back at or above ¥${fenToYuanString(event.thresholdFen ?? 0)}`,
          ),
        );
      case 'account_recovered':
        for (const rule of ['upstream.insufficient_balance', 'upstream.invalid_key']) {
          this.record(this.alerts.resolve(rule, event.accountId, `${who} is active again`));
        }
        return;
      default:
        return;
    }
  }

  onModuleDestroy(): void {
    this.subscriptions.forEach((s) => s.unsubscribe());
  }

  private record(work: Promise<unknown>): void {
    void work.catch((error: unknown) => this.logger.error({ err: error }, 'could not record an alert'));
  }
}
