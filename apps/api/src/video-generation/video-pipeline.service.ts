import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { queryRows } from '../common/database/sql';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ProviderError, TaskSnapshot } from '../provider-quota/providers/provider.types';
import { UPSTREAM_ROUTER, type UpstreamRouterContract } from '../provider-quota/upstream-router.contract';
import { JobScheduler } from '../scheduler/job-scheduler.service';
import { VideoEvents } from './video-events';
import { toJobView, VideoJobView } from './video-job.types';
import { SUBMIT_QUEUE, VideoJobsService } from './video-jobs.service';
import { jobErrorKindOf } from './video-messages';

/** A task the upstream no longer knows is given this many polls before the job fails. */
const MAX_NOT_FOUND_POLLS = 5;
/** Submits put back in the queue because every account was busy or none was healthy. */
const MAX_SUBMIT_ATTEMPTS = 20;
/** Consecutive poll errors (5xx, resets…) tolerated before waiting for the deadline only. */
const POLL_ERROR_BACKOFF_CAP = 10;
/** How often an idle instance looks for submit messages (a local submit wakes it at once). */
const SUBMIT_FETCH_INTERVAL_MS = 500;

/**
 * The durable pipeline, in the API process:
 *  - submit: a pg-boss queue (the message is written in the transaction that creates and charges the
 *    job). One fetch loop per instance takes as many messages as it has free submit slots in one query
 *    (a submit here wakes it; several wake-ups while it fetches become one more fetch), and completes
 *    them in batches. Each message's submit moves the job queued → submitting (compare-and-swap; a second delivery finds it
 *    moved and does nothing), asks the router to submit with fail-over, and saves the account and
 *    task id in the same statement that moves it to running — before anything else. A job whose worker
 *    died mid-submit is never submitted again: once stale it fails and is refunded;
 *  - poll: each running job carries its own `next_poll_at` (backoff ×1.5 up to a cap). Every instance
 *    claims due jobs with FOR UPDATE SKIP LOCKED (a claim is a lease, so a dead instance's claims come
 *    back) and polls them concurrently — no serial loop, thousands of tasks stay current;
 *  - reaper (scheduled, once per cluster): jobs past their deadline fail and are refunded; stale
 *    submits fail; queued jobs whose message was lost are enqueued again.
 * Shutdown (app.close()) stops taking work and waits for submits and polls in flight.
 */
@Injectable()
export class VideoPipelineService implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('VideoPipeline');
  private boss?: PgBoss;
  private pollTimer?: NodeJS.Timeout;
  private fetchTimer?: NodeJS.Timeout;
  private fetching = false;
  private fetchAgain = false;
  /** pg-boss message ids whose submit has run, to complete in the next batch. */
  private readonly handled: string[] = [];
  private readonly polls = new Set<Promise<void>>();
  private readonly submits = new Set<Promise<void>>();
  private stopping = false;
  private ticking = false;
  private tickAgain = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(UPSTREAM_ROUTER) private readonly router: UpstreamRouterContract,
    private readonly jobs: VideoJobsService,
    private readonly events: VideoEvents,
    private readonly scheduler: JobScheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: 'video.reap-stuck',
      cron: '*/5 * * * *',
      description: 'Fails and refunds video jobs past their deadline or stuck mid-submit; re-enqueues lost submits',
      run: () => this.reap(),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    this.boss = new PgBoss({
      connectionString: url,
      max: 4,
      schema: 'pgboss',
      application_name: 'reelmeter-video',
      supervise: this.config.video.workerEnabled,
      schedule: false,
    });
    this.boss.on('error', (err) => this.logger.error({ err }, 'pg-boss error'));
    await this.boss.start();
    await this.boss.createQueue(SUBMIT_QUEUE, {
      name: SUBMIT_QUEUE,
      retryLimit: 5,
      retryDelay: 2,
      retryBackoff: true,
      expireInSeconds: Math.max(60, this.config.video.submitStaleSeconds),
    });
    this.jobs.useEnqueue(async (em, jobId) => {
      await this.boss!.send(
        SUBMIT_QUEUE,
        { jobId },
        { db: { executeSql: async (text, values) => ({ rows: await queryRows(em, text, values) }) } },
      );
    });
    if (!this.config.video.workerEnabled) return;

    // Jobs left queued by a previous process (its pg-boss message may be stuck "active" until expiry).
    await this.requeueOrphans(0);
    this.fetchTimer = setInterval(() => void this.fetchSubmits(), SUBMIT_FETCH_INTERVAL_MS);
    this.fetchTimer.unref();
    void this.fetchSubmits();
    this.pollTimer = setInterval(() => void this.tick(), this.config.video.pollTickMs);
    this.pollTimer.unref();
  }

  /** Wakes the submit fetch loop after a local submit (lower latency than its interval). */
  notifySubmitted(): void {
    if (this.fetchTimer) void this.fetchSubmits();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.fetchTimer) clearInterval(this.fetchTimer);
    // Fetch no more; let the submits and polls in flight end, then mark their messages done.
    await Promise.allSettled([...this.submits, ...this.polls]);
    await this.completeHandled();
    if (this.boss) {
      await this.boss.stop({ graceful: true, wait: true, timeout: 30_000 }).catch((err: unknown) => {
        this.logger.warn({ err }, 'pg-boss did not stop cleanly');
      });
    }
  }

  /**
   * Takes up to the free submit capacity of messages in one query and starts a submit for each. One
   * loop at a time: a wake-up while it runs makes it go round once more instead of fetching in parallel
   * (a burst of submits costs a few fetches, not one per worker per submit). A message whose submit
   * has run is completed in the next batch; one lost with the process comes back after its expiry,
   * and the compare-and-swap makes that second delivery a no-op.
   */
  private async fetchSubmits(): Promise<void> {
    if (this.fetching) {
      this.fetchAgain = true;
      return;
    }
    this.fetching = true;
    try {
      do {
        this.fetchAgain = false;
        await this.completeHandled();
        for (;;) {
          const free = this.config.video.submitConcurrency - this.submits.size;
          if (free <= 0 || this.stopping || !this.boss) break;
          const messages = await this.boss.fetch<{ jobId: string }>(SUBMIT_QUEUE, { batchSize: free });
          // A full batch means more may be waiting: refill each slot as its submit ends (coalesced with
          // any fetch running then). Otherwise the interval and local submits wake the loop.
          const more = messages.length === free;
          for (const message of messages) {
            void this.track(this.submits, this.submit(message.data.jobId)).then(() => {
              this.handled.push(message.id);
              if (more && !this.stopping) void this.fetchSubmits();
            });
          }
          if (!more) break;
        }
      } while (this.fetchAgain && !this.stopping);
    } catch (err) {
      if (!this.stopping) this.logger.error({ err }, 'submit fetch failed');
    } finally {
      this.fetching = false;
    }
  }

  private async completeHandled(): Promise<void> {
    if (!this.boss || !this.handled.length) return;
    const ids = this.handled.splice(0);
    try {
      await this.boss.complete(SUBMIT_QUEUE, ids);
    } catch (err) {
      // Not completed: the messages expire and are delivered again, which the CAS makes harmless.
      this.logger.warn({ err, messages: ids.length }, 'could not complete submit messages');
    }
  }

  // ---- submit -------------------------------------------------------------------------------

  async submit(jobId: string): Promise<void> {
    const [row] = await queryRows(
      this.dataSource.manager,
      `UPDATE video_jobs SET status = 'submitting', submit_started_at = now(), submit_attempts = submit_attempts + 1, updated_at = now()
        WHERE id = $1 AND status = 'queued' AND deadline_at > now() RETURNING *`,
      [jobId],
    );
    if (!row) return; // already taken by another delivery, canceled, or past its deadline (the reaper ends it)
    const job = toJobView(row);
    this.events.emit(job);
    let routed: { accountId: string; taskId: string };
    try {
      const binding = job.apiKeyId ? await this.bindingOf(job.apiKeyId) : undefined;
      routed = await this.router.submit(
        { userId: job.userId, jobId: job.id, binding },
        { model: job.model, prompt: job.prompt, durationSeconds: job.durationSeconds, orientation: job.orientation },
      );
    } catch (error) {
      if (error instanceof ProviderError && (await this.retryLater(job, error))) return;
      const kind = error instanceof ProviderError ? error.kind : undefined;
      if (!(error instanceof ProviderError)) this.logger.error({ err: error, jobId }, 'submit failed unexpectedly');
      await this.jobs.finish(jobId, ['submitting'], { kind: jobErrorKindOf(kind), detail: describe(error) });
      return;
    }
    // The task id is saved first, in the move to running, so a restart re-polls it and never resubmits.
    const [saved] = await queryRows(
      this.dataSource.manager,
      `UPDATE video_jobs SET status = 'running', upstream_account_id = $2, provider_task_id = $3, submitted_at = now(),
              updated_at = now(), next_poll_at = now() + make_interval(secs => $4::double precision / 1000)
        WHERE id = $1 AND status = 'submitting' RETURNING *`,
      [jobId, routed.accountId, routed.taskId, this.config.video.pollInitialMs],
    );
    if (!saved) {
      // The reaper failed it as a stale submit meanwhile (already refunded): the task is an orphan.
      this.logger.warn({ jobId, accountId: routed.accountId }, 'upstream accepted a task for a job that already ended');
      await this.router.release(routed.accountId, jobId).catch(() => undefined);
      return;
    }
    this.events.emit(toJobView(saved));
  }

  /**
   * Every eligible account busy (at its concurrency limit, or rate limited upstream), and the submit
   * surely did not reach an upstream: the job goes back to queued and is tried again later, within its
   * deadline. Anything else (no money, bad key, 5xx after retries, rejected) fails the job now.
   */
  private async retryLater(job: VideoJobView, error: ProviderError): Promise<boolean> {
    if (error.kind !== 'rate_limited' || error.options.mayHaveReachedProvider) return false;
    if (job.submitAttempts >= MAX_SUBMIT_ATTEMPTS) return false;
    const backoffMs = Math.min(60_000, Math.max(error.options.retryAfterMs ?? 0, 1000 * 2 ** Math.min(job.submitAttempts, 5)));
    // Up to 25 % later, at random: jobs refused together (every account cooling down) must not all come back
    // at the same instant and trip the upstream's rate limit again. Never earlier than the upstream asked.
    const delayMs = Math.round(backoffMs * (1 + Math.random() * 0.25));
    if (Date.now() + delayMs >= job.deadlineAt.getTime()) return false;
    const [row] = await queryRows(
      this.dataSource.manager,
      `UPDATE video_jobs SET status = 'queued', submit_started_at = NULL, updated_at = now(), error_detail = $2
        WHERE id = $1 AND status = 'submitting' RETURNING *`,
      [job.id, describe(error)],
    );
    if (!row) return true;
    await this.boss!.send(SUBMIT_QUEUE, { jobId: job.id }, { startAfter: new Date(Date.now() + delayMs) });
    this.events.emit(toJobView(row));
    return true;
  }

  private async bindingOf(apiKeyId: string) {
    const [row] = await queryRows<{ upstream_binding: string | null }>(
      this.dataSource.manager,
      `SELECT upstream_binding FROM api_keys WHERE id = $1`,
      [apiKeyId],
    );
    const b = row?.upstream_binding;
    if (!b) return undefined;
    return b.startsWith('group:') ? { groupId: b.slice('group:'.length) } : { accountId: b };
  }

  // ---- poll ---------------------------------------------------------------------------------

  /**
   * Claims due jobs up to the free poll capacity and polls each on its own. Runs every tick and
   * whenever a poll ends while more were due (its slot is refilled at once, not at the next tick), one
   * claim at a time: polls ending while a claim runs make it go round once more.
   */
  private async tick(): Promise<void> {
    if (this.stopping) return;
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = true;
    try {
      do {
        this.tickAgain = false;
        for (;;) {
          const free = this.config.video.pollConcurrency - this.polls.size;
          if (free <= 0 || this.stopping) break;
          const claimed = await queryRows(
            this.dataSource.manager,
            `UPDATE video_jobs SET next_poll_at = now() + make_interval(secs => $2)
              WHERE id IN (SELECT id FROM video_jobs WHERE status = 'running' AND next_poll_at <= now()
                            ORDER BY next_poll_at LIMIT $1 FOR UPDATE SKIP LOCKED)
              RETURNING *`,
            [free, this.config.video.pollLeaseSeconds],
          );
          // A full claim means more may be due: refill each slot as its poll ends.
          const more = claimed.length === free;
          for (const row of claimed) {
            void this.track(this.polls, this.pollOne(toJobView(row))).then(() => {
              if (more) void this.tick();
            });
          }
          if (!more) break;
        }
      } while (this.tickAgain && !this.stopping);
    } catch (err) {
      if (!this.stopping) this.logger.error({ err }, 'poll tick failed');
    } finally {
      this.ticking = false;
    }
  }

  private async pollOne(job: VideoJobView): Promise<void> {
    if (job.deadlineAt.getTime() <= Date.now()) {
      await this.jobs.finish(job.id, ['running'], { kind: 'timeout', detail: 'no result before the job deadline' });
      return;
    }
    let snapshot: TaskSnapshot;
    try {
      snapshot = await this.router.poll(job.upstreamAccountId!, job.providerTaskId!);
    } catch (error) {
      // Transient (5xx, reset, rate limit): try again later; the deadline bounds it.
      const wait = Math.min(
        this.config.video.pollMaxMs,
        this.backoff(job.pollCount) * 2 ** Math.min(job.pollErrors, POLL_ERROR_BACKOFF_CAP),
      );
      const retryAfter = error instanceof ProviderError ? (error.options.retryAfterMs ?? 0) : 0;
      await this.reschedule(job, Math.max(wait, retryAfter), { error: true });
      return;
    }
    if (snapshot.status === 'succeeded' && snapshot.resultUrl) {
      await this.jobs.finish(job.id, ['running'], undefined, 'succeeded', { resultUrl: snapshot.resultUrl });
      return;
    }
    if (snapshot.status === 'failed' || snapshot.status === 'cancelled') {
      const kind = snapshot.errorKind === 'content_rejected' ? 'content_rejected' : 'generation_failed';
      await this.jobs.finish(job.id, ['running'], { kind, detail: snapshot.failureReason ?? snapshot.status });
      return;
    }
    const notFound = (snapshot as TaskSnapshot & { notFound?: boolean }).notFound === true;
    if (notFound && job.pollErrors + 1 >= MAX_NOT_FOUND_POLLS) {
      await this.jobs.finish(job.id, ['running'], { kind: 'task_lost', detail: 'the upstream no longer knows the task' });
      return;
    }
    await this.reschedule(job, this.backoff(job.pollCount), { error: notFound, progress: snapshot.progress });
  }

  private backoff(pollCount: number): number {
    const { pollInitialMs, pollMaxMs } = this.config.video;
    return Math.min(pollMaxMs, Math.round(pollInitialMs * 1.5 ** Math.min(pollCount, 40)));
  }

  private async reschedule(job: VideoJobView, delayMs: number, o: { error?: boolean; progress?: number }): Promise<void> {
    // Progress never goes backwards for the user, even when the upstream's does.
    const progress = o.progress === undefined ? null : Math.max(0, Math.min(99, Math.floor(o.progress)));
    const [row] = await queryRows(
      this.dataSource.manager,
      `UPDATE video_jobs SET poll_count = poll_count + 1,
              poll_errors = CASE WHEN $3 THEN poll_errors + 1 ELSE 0 END,
              progress = GREATEST(progress, coalesce($4, progress)),
              next_poll_at = now() + make_interval(secs => $2::double precision / 1000),
              updated_at = CASE WHEN coalesce($4, progress) > progress THEN now() ELSE updated_at END
        WHERE id = $1 AND status = 'running' RETURNING *`,
      [job.id, delayMs, o.error === true, progress],
    );
    if (row && Number(row.progress) !== job.progress) this.events.emit(toJobView(row));
  }

  // ---- reaper -------------------------------------------------------------------------------

  /** Ends what cannot finish any more, and re-enqueues queued jobs whose message was lost. */
  async reap(): Promise<Record<string, number>> {
    const overdue = await queryRows<{ id: string; status: string }>(
      this.dataSource.manager,
      `SELECT id, status FROM video_jobs WHERE status IN ('queued', 'submitting', 'running') AND deadline_at <= now()
        ORDER BY deadline_at LIMIT 1000`,
    );
    let timedOut = 0;
    for (const j of overdue) {
      const done = await this.jobs.finish(j.id, [j.status as 'queued'], {
        kind: 'timeout',
        detail: `still ${j.status} at the deadline`,
      });
      if (done) timedOut++;
    }
    const stale = await queryRows<{ id: string }>(
      this.dataSource.manager,
      `SELECT id FROM video_jobs WHERE status = 'submitting'
          AND submit_started_at <= now() - make_interval(secs => $1) LIMIT 1000`,
      [this.config.video.submitStaleSeconds],
    );
    let interrupted = 0;
    for (const j of stale) {
      const done = await this.jobs.finish(j.id, ['submitting'], {
        kind: 'submit_interrupted',
        detail: 'the worker stopped while submitting; not resubmitted, because the upstream may have accepted it',
      });
      if (done) interrupted++;
    }
    const requeued = await this.requeueOrphans(60);
    return { timedOut, interrupted, requeued };
  }

  /** Sends a new submit message for queued jobs older than `olderThanSeconds` (the CAS makes duplicates harmless). */
  private async requeueOrphans(olderThanSeconds: number): Promise<number> {
    if (!this.boss) return 0;
    const rows = await queryRows<{ id: string }>(
      this.dataSource.manager,
      `SELECT id FROM video_jobs WHERE status = 'queued' AND created_at <= now() - make_interval(secs => $1) LIMIT 5000`,
      [olderThanSeconds],
    );
    for (const r of rows) await this.boss.send(SUBMIT_QUEUE, { jobId: r.id });
    return rows.length;
  }

  private track(set: Set<Promise<void>>, work: Promise<void>): Promise<void> {
    const p = work.catch((err: unknown) => this.logger.error({ err }, 'video pipeline step failed'));
    set.add(p);
    void p.finally(() => set.delete(p));
    return p;
  }
}

function describe(error: unknown): string {
  if (error instanceof ProviderError) {
    return `${error.kind}${error.options.httpStatus ? ` (HTTP ${error.options.httpStatus})` : ''}: ${error.message}`.slice(
      0,
      1000,
    );
  }
  return (error instanceof Error ? error.message : String(error)).slice(0, 1000);
}
