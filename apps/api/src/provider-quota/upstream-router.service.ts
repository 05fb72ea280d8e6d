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
        // Stickiness only matters where there was a choice; one account in scope needs no route remembered.
        if (picked.choice) await this.stick(context.userId, scope, account.id);
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
    const ends = (await this.accounts.routable(binding ?? {}, []))
      .filter((a) => a.status === 'cooling_down' && a.cooldownUntil !== null)
      .map((a) => a.cooldownUntil!.getTime());
    return ends.length ? Math.max(0, Math.ceil(Math.min(...ends) - Date.now())) : undefined;
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
      // A success inserts a usage row (its foreign key share-locks the account row) and then updates the
      // account's cost totals. Holding only the share lock while waiting for another finisher's update,
      // behind a claim queued for the row's lock, deadlocked with that claim (which then failed its job).
      // Taking the update lock first, here, leaves no upgrade to wait for.
      const [acc] = await queryRows<{ cost_model: string; cost_fen: number; cost_fen_by_model: Record<string, number> }>(
        m,
        `SELECT cost_model, cost_fen, cost_fen_by_model FROM upstream_accounts WHERE id = $1${completion.succeeded ? ' FOR NO KEY UPDATE' : ''}`,
        [completion.accountId],
      );
      if (!acc) throw new ProviderError('bad_request', 'unknown upstream account');
      const cost = !completion.succeeded
        ? 0
        : acc.cost_model === 'per_video'
          ? (acc.cost_fen_by_model?.[completion.model] ?? acc.cost_fen)
          : completion.credits * acc.cost_fen;
      // One statement: the usage row, and — only if that row is new (a retried completion changes
      // nothing) and the job succeeded — the account's cost totals and the user's upstream usage. Every
      // finishing job of an account waits for its row lock above, so each round trip saved here is one
      // less the next job waits for.
      const [done] = await queryRows<{ cost_fen: string | null }>(
        m,
        `WITH usage AS (
           INSERT INTO upstream_usage_records (account_id, operation, outcome, latency_ms, user_id, job_id, model, credits, cost_fen)
           VALUES ($1, 'completion', $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (job_id) WHERE operation = 'completion' DO NOTHING RETURNING cost_fen
         ), account AS (
           UPDATE upstream_accounts
              SET total_cost_fen = total_cost_fen + $8,
                  balance_fen = CASE WHEN balance_fen IS NULL THEN NULL
                                     WHEN balance_source = 'estimated' THEN total_topup_fen - total_cost_fen - $8
                                     ELSE balance_fen - $8 END,
                  updated_at = now()
            WHERE id = $1 AND $9::boolean AND EXISTS (SELECT 1 FROM usage)
         ), quota AS (${this.userQuota.addUsedSql('$4', '$7', '$9::boolean AND $7 > 0 AND EXISTS (SELECT 1 FROM usage)')})
         SELECT (SELECT cost_fen FROM usage) AS cost_fen`,
        [
          completion.accountId,
          completion.succeeded ? 'success' : 'failure',
          Math.max(0, Math.min(2_147_483_647, Math.round(completion.latencyMs))),
          completion.userId,
          completion.jobId,
          completion.model.slice(0, 100),
          completion.credits,
          cost,
          completion.succeeded,
        ],
      );
      if (done.cost_fen === null) {
        // Already recorded (a retried completion): report the first result, change nothing.
        const [prior] = await queryRows<{ cost_fen: string }>(
          m,
          `SELECT cost_fen FROM upstream_usage_records WHERE job_id = $1 AND operation = 'completion'`,
          [completion.jobId],
        );
        return { costFen: toSafeInt(prior.cost_fen) };
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
  ): Promise<{ account?: UpstreamAccount; busy: boolean; choice: boolean }> {
    let inScope = await this.accounts.routable(context.binding ?? {}, [...tried]);
    // Accounts whose cool-down is over come back (with their event) before routing; checked here rather
    // than by an UPDATE on every submit, because almost always none is cooling down.
    const now = Date.now();
    if (inScope.some((a) => a.status === 'cooling_down' && a.cooldownUntil !== null && a.cooldownUntil.getTime() <= now)) {
      await this.accounts.recoverCooledDown();
      inScope = await this.accounts.routable(context.binding ?? {}, [...tried]);
    }
    const active = inScope.filter((a) => a.status === 'active');
    const knownBalance = (a: UpstreamAccount) =>
      a.balanceFen !== null && !(a.balanceSource === 'estimated' && a.totalTopupFen === 0) ? a.balanceFen : null;
    const funded = active.filter((a) => {
      const b = knownBalance(a);
      return b === null || b > 0;
    });
    // A fail-over is a choice too: the account that took the job after another failed is remembered.
    const choice = funded.length > 1 || tried.size > 0;
    // In-flight counts decide between accounts and against limits; with one unlimited account they decide nothing.
    if (choice || funded.some((a) => a.concurrencyLimit > 0)) {
      const counts = await this.accounts.inFlightOf(
        funded.map((a) => a.id),
        SLOT_TTL,
      );
      for (const a of funded) a.inFlight = counts.get(a.id) ?? 0;
    }
    const free = funded.filter((a) => a.concurrencyLimit === 0 || a.inFlight < a.concurrencyLimit);
    const busy = funded.length > 0 && free.length === 0;
    const tier = (a: UpstreamAccount) => {
      const b = knownBalance(a);
      return b === null || b > a.lowBalanceThresholdFen ? 0 : 1;
    };
    const [sticky] =
      this.config.upstream.stickyTtlSeconds && free.length > 1
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
      if (await this.claim(account.id, context.jobId)) return { account, busy, choice };
    }
    return { busy: busy || ordered.length > 0, choice };
  }

  /** One round trip: `upstream_slot_claim` checks the account and its limit and takes the slot (see its migration). */
  private async claim(accountId: string, jobId: string): Promise<boolean> {
    const [row] = await queryRows<{ claimed: boolean }>(
      this.dataSource.manager,
      `SELECT upstream_slot_claim($1, $2, $3::interval) AS claimed`,
      [accountId, jobId, SLOT_TTL],
    );
    return row.claimed;
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
