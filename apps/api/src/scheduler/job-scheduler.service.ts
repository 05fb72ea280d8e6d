import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CronJob } from 'cron';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Subject } from 'rxjs';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { queryRows, toSafeInt } from '../common/database/sql';
import { DomainException } from '../common/errors/domain.exception';

export interface ScheduledJobDefinition {
  /** Stable name, also used in SCHEDULER_DISABLED_JOBS and run records. */
  name: string;
  /** Cron expression (5 fields, or 6 with seconds), evaluated in SCHEDULER_TIMEZONE. */
  cron: string;
  description: string;
  /** The work; its return value is stored with the run record. */
  run: () => Promise<Record<string, unknown> | void>;
}

export interface ScheduledRunView {
  id: string;
  jobName: string;
  slot: Date;
  trigger: 'cron' | 'manual';
  instanceId: string;
  startedAt: Date;
  finishedAt: Date | null;
  outcome: 'running' | 'succeeded' | 'failed';
  error: string | null;
  details: Record<string, unknown> | null;
}

export interface ScheduledRunCompletion {
  jobName: string;
  runId: string;
  outcome: 'succeeded' | 'failed';
  error?: string;
}

/**
 * Cron jobs that run once per cluster. Every instance ticks; at each tick the instances race to
 * insert the (job, slot) run record and only the winner runs the job. Slots are the tick time
 * rounded to the cron's granularity, so instances whose clocks differ by seconds agree.
 * Modules register their jobs in onModuleInit; crons start at application bootstrap.
 */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private readonly jobs = new Map<string, ScheduledJobDefinition>();
  private readonly crons: CronJob[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  readonly instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** Finished runs, for the alerts module (a failure raises an alert, the next success resolves it). */
  readonly completions$ = new Subject<ScheduledRunCompletion>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Adds a job; SCHEDULER_CRON_OVERRIDES may re-time it. */
  register(job: ScheduledJobDefinition): void {
    if (this.jobs.has(job.name)) throw new Error(`scheduled job ${job.name} registered twice`);
    this.jobs.set(job.name, { ...job, cron: this.config.scheduler.cronOverrides[job.name] ?? job.cron });
  }

  list(): { name: string; cron: string; description: string; enabled: boolean }[] {
    return [...this.jobs.values()].map((j) => ({
      name: j.name,
      cron: j.cron,
      description: j.description,
      enabled: this.config.scheduler.enabled && !this.config.scheduler.disabledJobs.includes(j.name),
    }));
  }

  onApplicationBootstrap(): void {
    if (!this.config.scheduler.enabled) return;
    for (const job of this.jobs.values()) {
      if (this.config.scheduler.disabledJobs.includes(job.name)) continue;
      const granularityMs = job.cron.trim().split(/\s+/).length === 6 ? 1000 : 60_000;
      this.crons.push(
        CronJob.from({
          cronTime: job.cron,
          timeZone: this.config.scheduler.timeZone,
          start: true,
          onTick: () => {
            const slot = new Date(Math.round(Date.now() / granularityMs) * granularityMs);
            this.track(this.execute(job, slot, 'cron'));
          },
        }),
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const cron of this.crons) await cron.stop();
    await Promise.allSettled([...this.inFlight]);
  }

  /** Runs a job now (admin button, tests); a manual run has its own slot, so it always runs. */
  async runNow(name: string): Promise<ScheduledRunView> {
    const job = this.jobs.get(name);
    if (!job) throw new DomainException('NOT_FOUND', `No scheduled job named ${name}`);
    const id = await this.execute(job, new Date(), 'manual');
    return (await this.findRun(id!))!;
  }

  async listRuns(options: { jobName?: string; beforeId?: string; limit: number }): Promise<ScheduledRunView[]> {
    const params: unknown[] = [options.limit];
    const where: string[] = [];
    if (options.jobName) {
      params.push(options.jobName);
      where.push(`job_name = $${params.length}`);
    }
    if (options.beforeId) {
      params.push(options.beforeId);
      where.push(`id < $${params.length}`);
    }
    const rows = await queryRows(
      this.dataSource.manager,
      `SELECT * FROM scheduled_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $1`,
      params,
    );
    return rows.map(toRunView);
  }

  private async findRun(id: string): Promise<ScheduledRunView | undefined> {
    const rows = await queryRows(this.dataSource.manager, `SELECT * FROM scheduled_runs WHERE id = $1`, [id]);
    return rows.length ? toRunView(rows[0]) : undefined;
  }

  private track(promise: Promise<unknown>): void {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
  }

  /** Claims the (job, slot) record; runs the job only when this instance won the claim. */
  private async execute(job: ScheduledJobDefinition, slot: Date, trigger: 'cron' | 'manual'): Promise<string | undefined> {
    let runId: string | undefined;
    try {
      const claimed = await queryRows<{ id: string }>(
        this.dataSource.manager,
        `INSERT INTO scheduled_runs (job_name, slot, trigger, instance_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (job_name, slot) DO NOTHING RETURNING id`,
        [job.name, slot, trigger, this.instanceId],
      );
      if (!claimed.length) return undefined;
      runId = String(claimed[0].id);
    } catch (error) {
      this.logger.error({ err: error, job: job.name }, 'could not record a scheduled run');
      return undefined;
    }
    try {
      const details = (await job.run()) ?? null;
      await queryRows(
        this.dataSource.manager,
        `UPDATE scheduled_runs SET outcome = 'succeeded', finished_at = now(), details = $2::jsonb WHERE id = $1`,
        [runId, JSON.stringify(details)],
      );
      this.completions$.next({ jobName: job.name, runId, outcome: 'succeeded' });
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
      this.logger.error({ err: error, job: job.name, runId }, `scheduled job ${job.name} failed`);
      await queryRows(
        this.dataSource.manager,
        `UPDATE scheduled_runs SET outcome = 'failed', finished_at = now(), error = $2 WHERE id = $1`,
        [runId, message],
      ).catch(() => undefined);
      this.completions$.next({ jobName: job.name, runId, outcome: 'failed', error: message });
    }
    return runId;
  }
}

function toRunView(row: Record<string, unknown>): ScheduledRunView {
  return {
    id: String(toSafeInt(row.id)),
    jobName: row.job_name as string,
    slot: row.slot as Date,
    trigger: row.trigger as 'cron' | 'manual',
    instanceId: row.instance_id as string,
    startedAt: row.started_at as Date,
    finishedAt: (row.finished_at as Date | null) ?? null,
    outcome: row.outcome as ScheduledRunView['outcome'],
    error: (row.error as string | null) ?? null,
    details: (row.details as Record<string, unknown> | null) ?? null,
  };
}
