import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ApiKeySlotsService } from '../api-keys/api-key-slots.service';
import { ApiKeyUsageService } from '../api-keys/api-key-usage.service';
import { ApiKeysService } from '../api-keys/api-keys.service';
import type { Principal } from '../auth/principal';
import { queryRows, toSafeInt } from '../common/database/sql';
import { DomainException, notFound } from '../common/errors/domain.exception';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CreditsService } from '../credits/credits.service';
import { UPSTREAM_ROUTER, type UpstreamRouterContract } from '../provider-quota/upstream-router.contract';
import type { CreateVideoDto, VideoJobStatus } from './dto/video.dto';
import { PricingService } from './pricing/pricing.service';
import { SystemStatusService } from './system-status.service';
import { VideoEvents } from './video-events';
import { JobFailure, OPEN_STATUSES, toJobView, VideoJobView } from './video-job.types';
import { JOB_MESSAGES } from './video-messages';

export const SUBMIT_QUEUE = 'video-submit';

/** Sends the submit message in the caller's transaction (pg-boss `db` option); set by the pipeline. */
export type Enqueue = (em: EntityManager, jobId: string) => Promise<void>;

const JOB_REFERENCE = 'video_job';
const GLOBAL_SCOPE = '*';

/**
 * Video jobs: the guarded, charged submit; reading and listing; cancel; and the one place a job ends
 * (`finish`). Every status change is a compare-and-swap (`UPDATE … WHERE status IN (expected)`), so two
 * workers, a cancel and the reaper can race on a job and exactly one of them moves it. The refund is
 * a ledger row referencing the job (unique per kind), in the same transaction as the move to
 * failed/canceled.
 */
@Injectable()
export class VideoJobsService {
  private readonly logger = new Logger('VideoJobs');
  private enqueue?: Enqueue;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(UPSTREAM_ROUTER) private readonly router: UpstreamRouterContract,
    private readonly credits: CreditsService,
    private readonly pricing: PricingService,
    private readonly status: SystemStatusService,
    private readonly apiKeys: ApiKeysService,
    private readonly keyUsage: ApiKeyUsageService,
    private readonly slots: ApiKeySlotsService,
    private readonly events: VideoEvents,
  ) {}

  useEnqueue(enqueue: Enqueue): void {
    this.enqueue = enqueue;
  }

  /**
   * Guards, in order, before anything is charged: maintenance (503) → daily cap (429) → API-key
   * model / quota / concurrency (403/429; the rate limit was checked by the auth guard) → credits
   * (400). Then one transaction: the daily counters, the credit charge, the key's quota, the job row
   * and the submit message — all or nothing.
   */
  async submit(principal: Principal, dto: CreateVideoDto): Promise<VideoJobView> {
    await this.status.assertAcceptingJobs();
    const credits = await this.pricing.videoPrice(dto.model, dto.durationSeconds);
    await this.assertDailyCap(principal.userId);
    const apiKeyId = principal.apiKeyId;
    if (apiKeyId) {
      await this.apiKeys.assertModelAllowed(apiKeyId, dto.model);
      await this.assertKeyQuota(apiKeyId, credits);
    }
    if (!this.enqueue) throw new DomainException('SERVICE_UNAVAILABLE', 'The video pipeline is not running');

    const jobId = randomUUID();
    const timeoutMinutes = this.config.video.jobTimeoutMinutes;
    // Held from submit until the job ends; the lease outlives the job's deadline if release is missed.
    if (apiKeyId) await this.slots.acquire(apiKeyId, jobId, { leaseMs: (timeoutMinutes + 5) * 60_000 });
    try {
      const job = await this.dataSource.transaction(async (em) => {
        const countedScopes = await this.countToday(em, principal.userId);
        // The reference is the job being created here: it cannot have been charged before.
        await this.credits.consumeNew(em, {
          userId: principal.userId,
          amount: credits,
          action: 'video',
          description: `Video ${dto.model} ${dto.durationSeconds}s`,
          reference: { type: JOB_REFERENCE, id: jobId },
          actorId: principal.userId,
        });
        if (apiKeyId) await this.keyUsage.charge(em, apiKeyId, credits);
        const [row] = await queryRows(
          em,
          `INSERT INTO video_jobs (id, user_id, api_key_id, model, duration_seconds, orientation, prompt, credits, deadline_at, counted_scopes)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() + make_interval(mins => $9), $10::varchar[]) RETURNING *`,
          [
            jobId,
            principal.userId,
            apiKeyId ?? null,
            dto.model,
            dto.durationSeconds,
            dto.orientation,
            dto.prompt,
            credits,
            timeoutMinutes,
            countedScopes,
          ],
        );
        await this.enqueue!(em, jobId);
        return toJobView(row);
      });
      this.events.emit(job);
      return job;
    } catch (error) {
      if (apiKeyId) await this.slots.release(apiKeyId, jobId).catch(() => undefined);
      throw error;
    }
  }

  async get(id: string, userId?: string): Promise<VideoJobView> {
    const job = await this.find(id);
    if (!job || (userId && job.userId !== userId)) throw notFound('Video job');
    return job;
  }

  async find(id: string, em: EntityManager = this.dataSource.manager): Promise<VideoJobView | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const [row] = await queryRows(em, `SELECT * FROM video_jobs WHERE id = $1`, [id]);
    return row ? toJobView(row) : undefined;
  }

  async list(filter: {
    userId?: string;
    status?: VideoJobStatus;
    accountId?: string;
    errorKind?: string;
    from?: Date;
    to?: Date;
    before?: { at: Date; id: string };
    limit: number;
  }): Promise<VideoJobView[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.userId) add('user_id = ?', filter.userId);
    if (filter.status) add('status = ?', filter.status);
    if (filter.accountId) add('upstream_account_id = ?', filter.accountId);
    if (filter.errorKind) add('error_kind = ?', filter.errorKind);
    if (filter.from) add('created_at >= ?', filter.from);
    if (filter.to) add('created_at < ?', filter.to);
    if (filter.before) {
      params.push(filter.before.at, filter.before.id);
      where.push(`(created_at, id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(filter.limit);
    const rows = await queryRows(
      this.dataSource.manager,
      `SELECT * FROM video_jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toJobView);
  }

  /** Failures by kind over a period: how many, and how many were refunded (always all of them). */
  async failureSummary(from: Date, to: Date) {
    const rows = await queryRows<{ error_kind: string; status: string; jobs: string; refunded: string; credits: string }>(
      this.dataSource.manager,
      `SELECT coalesce(error_kind, 'unknown') AS error_kind, status, count(*) AS jobs,
              count(*) FILTER (WHERE refunded) AS refunded, coalesce(sum(credits) FILTER (WHERE refunded), 0) AS credits
         FROM video_jobs WHERE status IN ('failed', 'canceled') AND created_at >= $1 AND created_at < $2
        GROUP BY 1, 2 ORDER BY jobs DESC`,
      [from, to],
    );
    return {
      from,
      to,
      kinds: rows.map((r) => ({
        errorKind: r.error_kind,
        status: r.status,
        jobs: toSafeInt(r.jobs),
        refunded: toSafeInt(r.refunded),
        creditsRefunded: toSafeInt(r.credits),
      })),
    };
  }

  /** Cancels a job that has not been handed to the upstream yet; the credits come back. */
  async cancel(id: string, userId: string): Promise<VideoJobView> {
    const job = await this.get(id, userId);
    const done = await this.finish(job.id, ['queued'], { kind: 'canceled' }, 'canceled');
    if (done) return done;
    const now = await this.get(id, userId);
    if (now.status === 'canceled') return now;
    throw new DomainException('VIDEO_JOB_NOT_CANCELABLE', `Only a queued job can be canceled; this one is ${now.status}`, {
      status: now.status,
    });
  }

  /**
   * Ends a job that is in one of `from`: succeeded (records the upstream cost and the user's upstream
   * usage) or failed/canceled (refunds the credits and the key's quota, gives the daily slot back).
   * Returns undefined when the job was not in `from` any more (someone else moved it): then nothing
   * happened here. The upstream and key concurrency slots are freed after the commit.
   */
  async finish(
    id: string,
    from: VideoJobStatus[],
    failure: JobFailure | undefined,
    to: 'succeeded' | 'failed' | 'canceled' = failure ? 'failed' : 'succeeded',
    success?: { resultUrl: string },
  ): Promise<VideoJobView | undefined> {
    const job = await this.dataSource.transaction(async (em) => {
      const messages = failure ? JOB_MESSAGES[failure.kind] : undefined;
      const [row] = await queryRows(
        em,
        `UPDATE video_jobs SET status = $3::varchar, finished_at = now(), updated_at = now(), next_poll_at = NULL,
                progress = CASE WHEN $3::varchar = 'succeeded' THEN 100 ELSE progress END,
                result_url = coalesce($4, result_url), error_kind = $5, error_detail = $6, message_en = $7, message_zh = $8
          WHERE id = $1 AND status = ANY($2::varchar[]) RETURNING *`,
        [
          id,
          from,
          to,
          success?.resultUrl ?? null,
          failure?.kind ?? null,
          failure?.detail?.slice(0, 1000) ?? null,
          messages?.en ?? null,
          messages?.zh ?? null,
        ],
      );
      if (!row) return undefined;
      let view = toJobView(row);
      if (view.upstreamAccountId && view.providerTaskId) {
        const { costFen } = await this.router.recordCompletion(
          {
            accountId: view.upstreamAccountId,
            userId: view.userId,
            jobId: view.id,
            model: view.model,
            credits: view.credits,
            succeeded: to === 'succeeded',
            latencyMs: Date.now() - (view.submittedAt ?? view.createdAt).getTime(),
          },
          em,
        );
        await queryRows(em, `UPDATE video_jobs SET cost_fen = $2 WHERE id = $1`, [id, costFen]);
        view = { ...view, costFen };
      }
      if (to !== 'succeeded') view = await this.refund(em, view);
      return view;
    });
    if (!job) return undefined;
    await this.releaseSlots(job);
    this.events.emit(job);
    this.logger.log({ jobId: job.id, status: job.status, errorKind: job.errorKind }, `video job ${job.status}`);
    return job;
  }

  /** Frees the upstream account's and the API key's concurrency slots held by a job. */
  async releaseSlots(job: Pick<VideoJobView, 'id' | 'apiKeyId' | 'upstreamAccountId'>): Promise<void> {
    if (job.upstreamAccountId) {
      await this.router.release(job.upstreamAccountId, job.id).catch((err: unknown) => {
        this.logger.warn({ err, jobId: job.id }, 'could not release the upstream slot');
      });
    }
    if (job.apiKeyId) await this.slots.release(job.apiKeyId, job.id).catch(() => undefined);
  }

  private async refund(em: EntityManager, job: VideoJobView): Promise<VideoJobView> {
    // Lock the day's counter rows first, in the order a submit takes them (global, then user), and only
    // then the credit account: a submit locks counters → account, so the opposite order here deadlocked.
    await queryRows(
      em,
      `SELECT c.scope FROM video_jobs j
         CROSS JOIN LATERAL unnest(j.counted_scopes) WITH ORDINALITY AS s(scope, n)
         JOIN video_daily_counts c ON c.scope = s.scope AND c.day = ($1::timestamptz AT TIME ZONE $2)::date
        WHERE j.id = $3 ORDER BY s.n FOR UPDATE OF c`,
      [job.createdAt, this.config.scheduler.timeZone, job.id],
    );
    const result = await this.credits.refund(em, {
      userId: job.userId,
      amount: job.credits,
      action: 'video',
      description: `Refund: video job ${job.status} (${job.errorKind ?? 'unknown'})`,
      reference: { type: JOB_REFERENCE, id: job.id },
    });
    if (result.applied) {
      if (job.apiKeyId) await this.keyUsage.refund(em, job.apiKeyId, job.credits);
      await queryRows(
        em,
        `UPDATE video_daily_counts SET count = count - 1
          WHERE day = ($1::timestamptz AT TIME ZONE $2)::date AND count > 0
            AND scope = ANY (SELECT unnest(counted_scopes) FROM video_jobs WHERE id = $3)`,
        [job.createdAt, this.config.scheduler.timeZone, job.id],
      );
    }
    await queryRows(em, `UPDATE video_jobs SET refunded = true WHERE id = $1`, [job.id]);
    return { ...job, refunded: true };
  }

  /** Read-only pre-check so the daily cap answers before the key and credit checks (the counter is authoritative). */
  private async assertDailyCap(userId: string): Promise<void> {
    const { dailyLimit, dailyLimitPerUser } = this.config.video;
    if (!dailyLimit && !dailyLimitPerUser) return;
    const rows = await queryRows<{ scope: string; count: number }>(
      this.dataSource.manager,
      `SELECT scope, count FROM video_daily_counts WHERE day = (now() AT TIME ZONE $1)::date AND scope IN ($2, $3)`,
      [this.config.scheduler.timeZone, GLOBAL_SCOPE, userId],
    );
    for (const r of rows) this.checkCap(r.scope === GLOBAL_SCOPE ? 'global' : 'user', r.count);
  }

  private checkCap(scope: 'global' | 'user', countBefore: number): void {
    const limit = scope === 'global' ? this.config.video.dailyLimit : this.config.video.dailyLimitPerUser;
    if (!limit || countBefore < limit) return;
    throw new DomainException(
      'DAILY_GENERATION_LIMIT_REACHED',
      scope === 'global'
        ? `Today's generation limit (${limit} videos) has been reached; please try again tomorrow. 今日生成量已达上限，请明日再试`
        : `You have reached your daily limit of ${limit} videos; please try again tomorrow. 您今日的生成次数已达上限，请明日再试`,
      { scope, limit },
      { 'Retry-After': String(secondsUntilTomorrow(this.config.scheduler.timeZone)) },
    );
  }

  /**
   * Counts the job into today's totals of the caps that are set (returns those scopes); the
   * conditional update makes a cap hold under concurrency.
   */
  private async countToday(em: EntityManager, userId: string): Promise<string[]> {
    const tz = this.config.scheduler.timeZone;
    const counted: string[] = [];
    for (const [scope, limit, kind] of [
      [GLOBAL_SCOPE, this.config.video.dailyLimit, 'global'],
      [userId, this.config.video.dailyLimitPerUser, 'user'],
    ] as const) {
      if (!limit) continue;
      counted.push(scope);
      const rows = await queryRows<{ count: number }>(
        em,
        `INSERT INTO video_daily_counts (day, scope, count) VALUES ((now() AT TIME ZONE $1)::date, $2, 1)
         ON CONFLICT (day, scope) DO UPDATE SET count = video_daily_counts.count + 1
           WHERE $3 = 0 OR video_daily_counts.count < $3
         RETURNING count`,
        [tz, scope, limit],
      );
      if (!rows.length) this.checkCap(kind, limit);
    }
    return counted;
  }

  private async assertKeyQuota(apiKeyId: string, credits: number): Promise<void> {
    const key = await this.apiKeys.get(apiKeyId);
    if (key.quotaLimit > 0 && key.quotaUsed + credits > key.quotaLimit) {
      const remaining = Math.max(0, key.quotaLimit - key.quotaUsed);
      throw new DomainException(
        'API_KEY_QUOTA_EXCEEDED',
        `This API key's quota is used up: ${remaining} of ${key.quotaLimit} credits left, ${credits} required`,
        { quotaLimit: key.quotaLimit, quotaUsed: key.quotaUsed, remaining, required: credits },
      );
    }
  }

  /** Jobs not finished, by status (metrics). */
  async countsByStatus(): Promise<Record<string, number>> {
    const rows = await queryRows<{ status: string; n: string }>(
      this.dataSource.manager,
      `SELECT status, count(*) AS n FROM video_jobs GROUP BY status`,
    );
    return Object.fromEntries(rows.map((r) => [r.status, toSafeInt(r.n)]));
  }
}

function secondsUntilTomorrow(timeZone: string): number {
  const now = new Date();
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  })
    .formatToParts(now)
    .reduce<Record<string, number>>((acc, p) => (p.type === 'literal' ? acc : { ...acc, [p.type]: Number(p.value) }), {});
  return Math.max(1, 86_400 - (parts.hour * 3600 + parts.minute * 60 + parts.second));
}

export { OPEN_STATUSES };
