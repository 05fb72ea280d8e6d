import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows, toSafeInt } from '../common/database/sql';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ProviderError, SubmitVideoRequest, TaskSnapshot, VideoProvider } from './providers/provider.types';
import { UpstreamAccount, UpstreamAccountsService } from './upstream-accounts.service';
import { RoutedSubmission, UpstreamBinding, UpstreamRouterContract } from './upstream-router.contract';
import { UserQuotaService } from './user-quota.service';

/** A slot older than this is treated as leaked (its job crashed without release) and no longer counts. */
const SLOT_TTL = '6 hours';
const MAX_ACCOUNTS_PER_SUBMIT = 20;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Picks an upstream account for each submission and keeps the pool healthy:
 * binding (dedicated account → only it; group → its accounts; none → shared accounts outside any
 * group) → active, funded (above the low-balance threshold first, then any positive balance), with
 * a free concurrency slot → the user's sticky account while it qualifies → priority → weighted
 * least load (in-flight ÷ weight), ties at random.
 * Errors: no money → exhausted + event, next account; bad key → disabled + event, next; 429 →
 * cooling down for Retry-After, next; 5xx / connection refused → bounded retries with backoff on
 * the same account, then next; content rejected / bad request → no fail-over; a submit that may
 * have reached the provider (timeout, reset) is never repeated anywhere.
 */
@Injectable()
export class UpstreamRouterService implements UpstreamRouterContract {
  private readonly logger = new Logger('UpstreamRouter');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: UpstreamAccountsService,
    private readonly userQuota: UserQuotaService,
  ) {}

  async submit(
    context: { userId: string; jobId: string; binding?: UpstreamBinding },
    request: SubmitVideoRequest,
  ): Promise<RoutedSubmission> {
    const scope = context.binding?.accountId
      ? `account:${context.binding.accountId}`
      : context.binding?.groupId
        ? `group:${context.binding.groupId}`
        : 'shared';
    await this.accounts.recoverCooledDown();
    const tried = new Set<string>();
    let lastError: ProviderError | undefined;
    let sawBusy = false;
    for (let round = 0; round < MAX_ACCOUNTS_PER_SUBMIT; round++) {
      const picked = await this.pickAndClaim(scope, context, tried);
      sawBusy ||= picked.busy;
      if (!picked.account) break;
      const account = picked.account;
      tried.add(account.id);
      try {
        const { provider } = await this.accounts.providerFor(account.id);
        const { taskId } = await this.submitWithRetries(account, provider, context, request);
        await this.stick(context.userId, scope, account.id);
        return { accountId: account.id, taskId };
      } catch (error) {
        await this.release(account.id, context.jobId);
        if (!(error instanceof ProviderError)) throw error;
        lastError = error;
        await this.accounts.applyError(account, error);
        await queryRows(
          this.dataSource.manager,
          `DELETE FROM upstream_sticky_routes WHERE user_id = $1 AND scope = $2 AND account_id = $3`,
          [context.userId, scope, account.id],
        );
        this.logger.warn(
          { accountId: account.id, jobId: context.jobId, errorKind: error.kind },
          `submit failed on upstream account: ${error.message}`,
        );
        if (error.kind === 'content_rejected' || error.kind === 'bad_request' || error.options.mayHaveReachedProvider)
          throw error;
      }
    }
    // Accounts cooling down after a 429 come back by themselves: while one is left that could take the
    // job, running out of others (429, no money, 5xx) is a rate limit to wait out, not a failed job.
    const cooldownLeftMs = await this.cooldownLeftMs(context.binding);
    if (cooldownLeftMs !== undefined) {
      const last = lastError ? `; last error: ${lastError.message}` : '';
      throw new ProviderError('rate_limited', `every eligible upstream account is cooling down after a rate limit${last}`, {
        retryable: true,
        retryAfterMs: Math.max(1000, cooldownLeftMs),
      });
    }
    if (lastError) {
      throw new ProviderError(lastError.kind, `no upstream account could take the job; last error: ${lastError.message}`, {
        ...lastError.options,
        retryable: lastError.kind === 'rate_limited' || lastError.kind === 'upstream_unavailable' || lastError.kind === 'timeout',
        mayHaveReachedProvider: false,
      });
    }
    if (sawBusy) {
      throw new ProviderError('rate_limited', 'every eligible upstream account is at its concurrency limit', {
        retryable: true,
        retryAfterMs: 1000,
      });
    }
    throw new ProviderError('upstream_unavailable', 'no healthy upstream account is available', {
      retryable: true,
      retryAfterMs: 30_000,
    });
  }

  /** Time until the first account in the binding's scope comes out of its cooldown; none cooling → undefined. */
  private async cooldownLeftMs(binding?: UpstreamBinding): Promise<number | undefined> {
    const params: unknown[] = [];
    let filter = `mode = 'shared' AND group_id IS NULL`;
    if (binding?.accountId) {
      params.push(binding.accountId);
      filter = `id = $1`;
    } else if (binding?.groupId) {
      params.push(binding.groupId);
      filter = `group_id = $1`;
    }
    const [row] = await queryRows<{ ms: string | null }>(
      this.dataSource.manager,
      `SELECT ceil(extract(epoch FROM min(cooldown_until) - now()) * 1000)::bigint AS ms
         FROM upstream_accounts WHERE deleted_at IS NULL AND status = 'cooling_down' AND ${filter}`,
      params,
    );
    return row?.ms === null || row?.ms === undefined ? undefined : Math.max(0, toSafeInt(row.ms));
  }

  async poll(accountId: string, taskId: string): Promise<TaskSnapshot> {
    const { account, provider } = await this.accounts.providerFor(accountId);
    for (let attempt = 0; ; attempt++) {
      const started = Date.now();
      try {
        const snapshot = await provider.getTask(taskId);
        await this.accounts.recordUsage(accountId, { operation: 'poll', latencyMs: Date.now() - started });
        return snapshot;
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        await this.accounts.recordUsage(accountId, { operation: 'poll', errorKind: error.kind, latencyMs: Date.now() - started });
        if (error.retryable && error.kind !== 'rate_limited' && attempt < this.config.upstream.maxRetries) {
          await sleep(this.backoff(attempt));
          continue;
        }
        if (error.kind === 'invalid_key' || error.kind === 'rate_limited') await this.accounts.applyError(account, error);
        throw error;
      }
    }
  }

  async recordCompletion(
    completion: {
      accountId: string;
      userId: string;
      jobId: string;
      model: string;
      credits: number;
      succeeded: boolean;
      latencyMs: number;
    },
    em?: EntityManager,
  ): Promise<{ costFen: number }> {
    const run = async (m: EntityManager) => {
      const [acc] = await queryRows<{ cost_model: string; cost_fen: number; cost_fen_by_model: Record<string, number> }>(
        m,
        `SELECT cost_model, cost_fen, cost_fen_by_model FROM upstream_accounts WHERE id = $1`,
        [completion.accountId],
      );
      if (!acc) throw new ProviderError('bad_request', 'unknown upstream account');
      const cost = !completion.succeeded
        ? 0
        : acc.cost_model === 'per_video'
          ? (acc.cost_fen_by_model?.[completion.model] ?? acc.cost_fen)
          : completion.credits * acc.cost_fen;
      const inserted = await queryRows<{ cost_fen: string }>(
        m,
        `INSERT INTO upstream_usage_records (account_id, operation, outcome, latency_ms, user_id, job_id, model, credits, cost_fen)
         VALUES ($1, 'completion', $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (job_id) WHERE operation = 'completion' DO NOTHING RETURNING cost_fen`,
        [
          completion.accountId,
          completion.succeeded ? 'success' : 'failure',
          Math.max(0, Math.min(2_147_483_647, Math.round(completion.latencyMs))),
          completion.userId,
          completion.jobId,
          completion.model.slice(0, 100),
          completion.credits,
          cost,
        ],
      );
      if (!inserted.length) {
        // Already recorded (a retried completion): report the first result, change nothing.
        const [prior] = await queryRows<{ cost_fen: string }>(
          m,
          `SELECT cost_fen FROM upstream_usage_records WHERE job_id = $1 AND operation = 'completion'`,
          [completion.jobId],
        );
        return { costFen: toSafeInt(prior.cost_fen) };
      }
      if (completion.succeeded) {
        await queryRows(
          m,
          `UPDATE upstream_accounts
              SET total_cost_fen = total_cost_fen + $2,
                  balance_fen = CASE WHEN balance_fen IS NULL THEN NULL
                                     WHEN balance_source = 'estimated' THEN total_topup_fen - total_cost_fen - $2
                                     ELSE balance_fen - $2 END,
                  updated_at = now()
            WHERE id = $1`,
          [completion.accountId, cost],
        );
        if (completion.credits > 0) await this.userQuota.addUsed(m, completion.userId, completion.credits);
      }
      return { costFen: cost };
    };
    return em ? run(em) : this.dataSource.transaction(run);
  }

  async release(accountId: string, jobId: string): Promise<void> {
    await queryRows(this.dataSource.manager, `DELETE FROM upstream_account_slots WHERE account_id = $1 AND job_id = $2`, [
      accountId,
      jobId,
    ]);
  }

  // ---- internals -----------------------------------------------------------------------------
  private async submitWithRetries(
    account: UpstreamAccount,
    provider: VideoProvider,
    context: { userId: string; jobId: string },
    request: SubmitVideoRequest,
  ) {
    for (let attempt = 0; ; attempt++) {
      const started = Date.now();
      try {
        const result = await provider.submitVideo(request);
        await this.accounts.recordUsage(account.id, {
          operation: 'submit',
          latencyMs: Date.now() - started,
          userId: context.userId,
          jobId: context.jobId,
          model: request.model,
        });
        return result;
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        await this.accounts.recordUsage(account.id, {
          operation: 'submit',
          errorKind: error.kind,
          latencyMs: Date.now() - started,
          userId: context.userId,
          jobId: context.jobId,
          model: request.model,
        });
        const transient = error.kind === 'upstream_unavailable' || error.kind === 'timeout';
        if (transient && error.retryable && !error.options.mayHaveReachedProvider && attempt < this.config.upstream.maxRetries) {
          await sleep(this.backoff(attempt));
          continue;
        }
        throw error;
      }
    }
  }

  private backoff(attempt: number): number {
    return Math.round(this.config.upstream.retryBaseMs * 2 ** attempt * (0.5 + Math.random() * 0.5));
  }

  /** Orders the eligible accounts and claims a concurrency slot on the first that still has one. */
  private async pickAndClaim(
    scope: string,
    context: { userId: string; jobId: string; binding?: UpstreamBinding },
    tried: Set<string>,
  ): Promise<{ account?: UpstreamAccount; busy: boolean }> {
    const params: unknown[] = [[...tried]];
    let filter = `a.mode = 'shared' AND a.group_id IS NULL`;
    if (context.binding?.accountId) {
      params.push(context.binding.accountId);
      filter = `a.id = $2`;
    } else if (context.binding?.groupId) {
      params.push(context.binding.groupId);
      filter = `a.group_id = $2`;
    }
    const candidates = (await this.accounts.list()).filter((a) => a.status === 'active' && !tried.has(a.id));
    const rows = await queryRows<{ id: string; in_flight: string }>(
      this.dataSource.manager,
      `SELECT a.id, (SELECT count(*) FROM upstream_account_slots s WHERE s.account_id = a.id AND s.created_at > now() - interval '${SLOT_TTL}') AS in_flight
         FROM upstream_accounts a
        WHERE a.deleted_at IS NULL AND a.status = 'active' AND NOT (a.id = ANY($1::uuid[])) AND ${filter}`,
      params,
    );
    const inScope = new Map(rows.map((r) => [r.id, toSafeInt(r.in_flight)]));
    const pool = candidates.filter((a) => inScope.has(a.id)).map((a) => ({ ...a, inFlight: inScope.get(a.id)! }));
    const knownBalance = (a: UpstreamAccount) =>
      a.balanceFen !== null && !(a.balanceSource === 'estimated' && a.totalTopupFen === 0) ? a.balanceFen : null;
    const funded = pool.filter((a) => {
      const b = knownBalance(a);
      return b === null || b > 0;
    });
    const free = funded.filter((a) => a.concurrencyLimit === 0 || a.inFlight < a.concurrencyLimit);
    const busy = funded.length > 0 && free.length === 0;
    const tier = (a: UpstreamAccount) => {
      const b = knownBalance(a);
      return b === null || b > a.lowBalanceThresholdFen ? 0 : 1;
    };
    const [sticky] = this.config.upstream.stickyTtlSeconds
      ? await queryRows<{ account_id: string }>(
          this.dataSource.manager,
          `SELECT account_id FROM upstream_sticky_routes WHERE user_id = $1 AND scope = $2 AND expires_at > now()`,
          [context.userId, scope],
        )
      : [];
    const jitter = new Map(free.map((a) => [a.id, Math.random()]));
    const ordered = free.sort(
      (a, b) =>
        Number(b.id === sticky?.account_id) - Number(a.id === sticky?.account_id) ||
        tier(a) - tier(b) ||
        b.priority - a.priority ||
        a.inFlight / a.weight - b.inFlight / b.weight ||
        jitter.get(a.id)! - jitter.get(b.id)!,
    );
    for (const account of ordered) {
      if (await this.claim(account.id, context.jobId)) return { account, busy };
    }
    return { busy: busy || ordered.length > 0 };
  }

  private claim(accountId: string, jobId: string): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      const [locked] = await queryRows<{ concurrency_limit: number; status: string }>(
        em,
        `SELECT concurrency_limit, status FROM upstream_accounts WHERE id = $1 AND deleted_at IS NULL FOR NO KEY UPDATE`,
        [accountId],
      );
      if (!locked || locked.status !== 'active') return false;
      const [{ n }] = await queryRows<{ n: string }>(
        em,
        `SELECT count(*) AS n FROM upstream_account_slots WHERE account_id = $1 AND job_id <> $2 AND created_at > now() - interval '${SLOT_TTL}'`,
        [accountId, jobId],
      );
      if (locked.concurrency_limit > 0 && toSafeInt(n) >= locked.concurrency_limit) return false;
      await queryRows(
        em,
        `INSERT INTO upstream_account_slots (account_id, job_id) VALUES ($1, $2)
         ON CONFLICT (account_id, job_id) DO UPDATE SET created_at = now()`,
        [accountId, jobId],
      );
      return true;
    });
  }

  private async stick(userId: string, scope: string, accountId: string): Promise<void> {
    const ttl = this.config.upstream.stickyTtlSeconds;
    if (!ttl) return;
    await queryRows(
      this.dataSource.manager,
      `INSERT INTO upstream_sticky_routes (user_id, scope, account_id, expires_at)
       VALUES ($1, $2, $3, now() + ($4::text || ' seconds')::interval)
       ON CONFLICT (user_id, scope) DO UPDATE SET account_id = EXCLUDED.account_id, expires_at = EXCLUDED.expires_at`,
      [userId, scope, accountId, String(ttl)],
    );
  }
}
