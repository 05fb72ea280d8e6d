import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';

export type UpstreamEventType =
  /** The provider said the account has no money: status → exhausted (critical). */
  | 'account_exhausted'
  /** The provider rejected the key: status → disabled (critical). */
  | 'account_key_invalid'
  /** Rate-limited: status → cooling_down until `until`. */
  | 'account_cooling_down'
  /** Back to active (cool-down over, or a balance check / top-up showed money again). */
  | 'account_recovered'
  /** A balance check found the balance below the account's threshold. */
  | 'balance_low'
  /** A balance check or top-up found the balance at or above the account's threshold. */
  | 'balance_ok';

export interface UpstreamEvent {
  type: UpstreamEventType;
  accountId: string;
  accountName: string;
  provider: string;
  /** A short reason, never containing the key. */
  reason?: string;
  balanceFen?: number;
  thresholdFen?: number;
  until?: string;
  at: string;
}

/**
 * Upstream account events for alerting. Other modules subscribe to `events$` (e.g. the alerts
 * module turns `account_exhausted` into a critical alert); emitting never blocks or throws into the
 * caller. Events are in-process: each API instance sees the events of the work it did.
 */
@Injectable()
export class UpstreamEventsService implements OnModuleDestroy {
  private readonly subject = new Subject<UpstreamEvent>();
  readonly events$: Observable<UpstreamEvent> = this.subject.asObservable();

  emit(event: Omit<UpstreamEvent, 'at'>): void {
    try {
      this.subject.next({ ...event, at: new Date().toISOString() });
    } catch {
      /* a subscriber's failure is not the emitter's */
    }
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }
}
