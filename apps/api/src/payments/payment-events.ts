import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import type { PaymentChannel } from '@reelmeter/shared';
import type { RejectionReason } from './gateways/payment-gateway';

export type PaymentEvent =
  | {
      type: 'notification_rejected';
      channel: PaymentChannel;
      reason: RejectionReason;
      message: string;
      outTradeNo?: string;
      rejectionId: string;
      at: Date;
    }
  | { type: 'order_paid'; orderId: string; userId: string; amountFen: number; via: 'notification' | 'reconciliation'; at: Date }
  | { type: 'order_refunded'; orderId: string; userId: string; amountFen: number; shortfall: number; at: Date };

/**
 * Payment happenings other modules react to (the alerts module subscribes to
 * `notification_rejected`). In-process and after commit: subscribe with
 * `paymentEvents.events$.subscribe(...)`; a failing subscriber never affects a payment.
 */
@Injectable()
export class PaymentEvents implements OnModuleDestroy {
  private readonly subject = new Subject<PaymentEvent>();
  readonly events$: Observable<PaymentEvent> = this.subject.asObservable();

  emit(event: PaymentEvent): void {
    try {
      this.subject.next(event);
    } catch {
      // A subscriber threw; payments carry on regardless.
    }
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }
}
