import { Injectable, OnModuleDestroy } from '@nestjs/common';

/**
 * Whether this instance should receive new traffic. Shutdown (SIGTERM/SIGINT, or the application
 * closing) turns it to draining first, so readiness answers 503 and a load balancer stops routing
 * here while the workers finish what they hold.
 */
@Injectable()
export class HealthStateService implements OnModuleDestroy {
  private drainingSince: Date | undefined;

  startDraining(): void {
    this.drainingSince ??= new Date();
  }

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  onModuleDestroy(): void {
    this.startDraining();
  }
}
