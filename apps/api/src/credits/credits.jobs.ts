import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobScheduler } from '../scheduler/job-scheduler.service';
import { CreditsService } from './credits.service';

/** The daily sweep that expires what is left of lots past their validity, with an `expire` ledger row. */
@Injectable()
export class CreditsJobs implements OnModuleInit {
  constructor(
    private readonly credits: CreditsService,
    private readonly scheduler: JobScheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: 'credits.expire-lots',
      cron: '5 0 * * *',
      description: 'Expires the remainder of credit lots past their validity',
      run: async () => ({ ...(await this.credits.expireLots()) }),
    });
  }
}
