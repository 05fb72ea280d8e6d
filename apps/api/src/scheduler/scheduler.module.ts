import { Global, Module } from '@nestjs/common';
import { JobScheduler } from './job-scheduler.service';
import { ScheduledRunsController } from './scheduled-runs.controller';

/** Global so any module can register its jobs with JobScheduler in onModuleInit. */
@Global()
@Module({ controllers: [ScheduledRunsController], providers: [JobScheduler], exports: [JobScheduler] })
export class SchedulerModule {}
