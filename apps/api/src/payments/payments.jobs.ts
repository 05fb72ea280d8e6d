import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobScheduler } from '../scheduler/job-scheduler.service';
import { PaymentsService } from './payments.service';

/** Periodic payment work, run once per cluster by the scheduler. */
@Injectable()
export class PaymentsJobs implements OnModuleInit {
  constructor(
    private readonly payments: PaymentsService,
    private readonly scheduler: JobScheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: 'payments.reconcile',
      cron: '*/5 * * * *',
      description: 'Asks the gateways about pending orders and fulfils the paid ones (lost notifications)',
      run: async () => ({ ...(await this.payments.reconcilePending()) }),
    });
    this.scheduler.register({
      name: 'payments.close-expired',
      cron: '*/5 * * * *',
      description: 'Closes orders past their expiry at the gateway and locally',
      run: async () => ({ ...(await this.payments.closeExpired()) }),
    });
  }
}
