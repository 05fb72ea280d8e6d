import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { PaymentEvents } from '../payments/payment-events';
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
  ) {}

  onModuleInit(): void {
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

  onModuleDestroy(): void {
    this.subscriptions.forEach((s) => s.unsubscribe());
  }

  private record(work: Promise<unknown>): void {
    void work.catch((error: unknown) => this.logger.error({ err: error }, 'could not record an alert'));
  }
}
