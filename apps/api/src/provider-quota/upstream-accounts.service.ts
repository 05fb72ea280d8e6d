import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DbNotifications, NotifiedCache } from '../common/database/db-notifications.service';
import { isUniqueViolation, queryRows, toSafeInt } from '../common/database/sql';
import { DomainException, notFound } from '../common/errors/domain.exception';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PROVIDER_NAMES, ProviderName, ProviderSettings } from './providers/dialects';
import { createVideoProvider } from './providers/provider-factory';
import { ProviderError, ProviderErrorKind, VideoProvider } from './providers/provider.types';
import { keyHint, SecretBox } from './secret-box';
import { SimulatedUpstreamService } from './simulated-upstream.service';
import { UpstreamEventsService } from './upstream-events.service';

export const ACCOUNT_STATUSES = ['active', 'cooling_down', 'exhausted', 'disabled'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
export const ACCOUNT_MODES = ['shared', 'dedicated'] as const;
export type AccountMode = (typeof ACCOUNT_MODES)[number];
export const COST_MODELS = ['per_credit', 'per_video'] as const;
export type CostModel = (typeof COST_MODELS)[number];

export interface UpstreamAccount {
  id: string;
  provider: ProviderName;
  name: string;
  baseUrl: string;
  apiKeyHint: string;
  mode: AccountMode;
  groupId: string | null;
  groupName: string | null;
  priority: number;
  weight: number;
  concurrencyLimit: number;
  inFlight: number;
  costModel: CostModel;
  costFen: number;
  costFenByModel: Record<string, number>;
  lowBalanceThresholdFen: number;
  status: AccountStatus;
  statusReason: string | null;
  statusSince: Date;
  cooldownUntil: Date | null;
  settings: ProviderSettings;
  balanceFen: number | null;
  balanceSource: 'reported' | 'estimated' | null;
  balanceCheckedAt: Date | null;
  totalTopupFen: number;
  totalCostFen: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface AccountInput {
  provider?: ProviderName;
  name?: string;
  baseUrl?: string;
  apiKey?: string;
  mode?: AccountMode;
  groupId?: string | null;
  priority?: number;
  weight?: number;
  concurrencyLimit?: number;
  costModel?: CostModel;
  costFen?: number;
  costFenByModel?: Record<string, number>;
  lowBalanceThresholdFen?: number;
  status?: 'active' | 'disabled';
  settings?: ProviderSettings;
}

export interface UsageSummary {
  calls: number;
  successes: number;
  failures: number;
  failuresByKind: Record<string, number>;
  successRate: number | null;
  avgLatencyMs: number | null;
}

export interface UpstreamGroup {
  id: string;
  name: string;
  description: string | null;
  accountCount: number;
  createdAt: Date;
}

const SELECT_ACCOUNT = `
  SELECT a.*, g.name AS group_name,
         (SELECT count(*) FROM upstream_account_slots s WHERE s.account_id = a.id) AS in_flight
    FROM upstream_accounts a LEFT JOIN upstream_groups g ON g.id = a.group_id`;

type Row = Record<string, unknown>;

/** Who an account is, for events and status changes: what a cached adapter carries. */
export type UpstreamAccountRef = Pick<UpstreamAccount, 'id' | 'name' | 'provider'>;

function toAccount(r: Row): UpstreamAccount {
  const int = (v: unknown) => toSafeInt(v);
  const intOrNull = (v: unknown) => (v === null || v === undefined ? null : toSafeInt(v));
  return {
    id: r.id as string,
    provider: r.provider as ProviderName,
    name: r.name as string,
    baseUrl: r.base_url as string,
    apiKeyHint: r.api_key_hint as string,
    mode: r.mode as AccountMode,
    groupId: (r.group_id as string) ?? null,
    groupName: (r.group_name as string) ?? null,
    priority: int(r.priority),
    weight: int(r.weight),
    concurrencyLimit: int(r.concurrency_limit),
    inFlight: int(r.in_flight ?? 0),
    costModel: r.cost_model as CostModel,
    costFen: int(r.cost_fen),
    costFenByModel: (r.cost_fen_by_model as Record<string, number>) ?? {},
    lowBalanceThresholdFen: int(r.low_balance_threshold_fen),
    status: r.status as AccountStatus,
    statusReason: (r.status_reason as string) ?? null,
    statusSince: r.status_since as Date,
    cooldownUntil: (r.cooldown_until as Date) ?? null,
    settings: (r.settings as ProviderSettings) ?? {},
    balanceFen: intOrNull(r.balance_fen),
    balanceSource: (r.balance_source as 'reported' | 'estimated') ?? null,
    balanceCheckedAt: (r.balance_checked_at as Date) ?? null,
    totalTopupFen: int(r.total_topup_fen),
    totalCostFen: int(r.total_cost_fen),
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
  };
}

/**
 * Upstream accounts and groups: CRUD, encrypted keys, health status changes (with events), usage
 * records, top-ups and balance history, and the adapter for an account.
 */
@Injectable()
export class UpstreamAccountsService {
  private readonly logger = new Logger('UpstreamAccounts');
  /**
   * Adapters with their decrypted keys, built once per account per instance (every poll needs one) and
   * dropped on every instance when what they are built from changes (a trigger announces it).
   */
  private readonly adapters: NotifiedCache<{ account: UpstreamAccountRef; provider: VideoProvider }>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly secrets: SecretBox,
    private readonly events: UpstreamEventsService,
    private readonly simulated: SimulatedUpstreamService,
    notifications: DbNotifications,
  ) {
    this.adapters = new NotifiedCache(notifications, 'upstream_account_changed', { ttlMs: 300_000, maxEntries: 10_000 });
  }

  // ---- accounts ------------------------------------------------------------------------------
  async list(em: EntityManager = this.dataSource.manager): Promise<UpstreamAccount[]> {
    const rows = await queryRows(em, `${SELECT_ACCOUNT} WHERE a.deleted_at IS NULL ORDER BY a.priority DESC, a.created_at`);
    return rows.map(toAccount);
  }

  /**
   * Accounts a submission in `scope` may go to, minus `exclude`: active ones, and cooling-down ones (the
   * router brings those whose cool-down is over back first). `inFlight` is left at 0: counting slots is
   * O(in-flight), and the router asks for counts only when it has a choice to make (`inFlightOf`).
   */
  async routable(scope: { accountId?: string; groupId?: string }, exclude: string[]): Promise<UpstreamAccount[]> {
    const params: unknown[] = [exclude];
    let filter = `a.mode = 'shared' AND a.group_id IS NULL`;
    if (scope.accountId) {
      params.push(scope.accountId);
      filter = `a.id = $2`;
    } else if (scope.groupId) {
      params.push(scope.groupId);
      filter = `a.group_id = $2`;
    }
    const rows = await queryRows(
      this.dataSource.manager,
      `SELECT a.* FROM upstream_accounts a
        WHERE a.deleted_at IS NULL AND a.status IN ('active', 'cooling_down') AND NOT (a.id = ANY($1::uuid[])) AND ${filter}
        ORDER BY a.priority DESC, a.created_at`,
      params,
    );
    return rows.map(toAccount);
  }

  /** Slots held per account (those younger than `ttl`; older ones leaked from a crash and no longer count). */
  async inFlightOf(accountIds: string[], ttl: string): Promise<Map<string, number>> {
    const rows = await queryRows<{ account_id: string; n: string }>(
      this.dataSource.manager,
      `SELECT account_id, count(*) AS n FROM upstream_account_slots
        WHERE account_id = ANY($1::uuid[]) AND created_at > now() - $2::interval GROUP BY account_id`,
      [accountIds, ttl],
    );
    return new Map(rows.map((r) => [r.account_id, toSafeInt(r.n)]));
  }

  async get(id: string, em: EntityManager = this.dataSource.manager): Promise<UpstreamAccount> {
    const [row] = await queryRows(em, `${SELECT_ACCOUNT} WHERE a.id = $1 AND a.deleted_at IS NULL`, [id]);
    if (!row) throw notFound('Upstream account');
    return toAccount(row);
  }

  async create(input: AccountInput): Promise<UpstreamAccount> {
    const provider = input.provider!;
    this.validate(input);
    if (!input.apiKey) throw new DomainException('VALIDATION_FAILED', 'apiKey is required');
    const baseUrl = input.baseUrl ?? (provider === 'simulated' ? 'simulated://in-process' : undefined);
    if (!baseUrl) throw new DomainException('VALIDATION_FAILED', 'baseUrl is required');
    if (input.groupId) await this.getGroup(input.groupId);
    try {
      return await this.dataSource.transaction(async (em) => {
        const [{ id }] = await queryRows<{ id: string }>(em, `SELECT gen_random_uuid() AS id`);
        await queryRows(
          em,
          `INSERT INTO upstream_accounts (id, provider, name, base_url, api_key_encrypted, api_key_hint, mode, group_id,
             priority, weight, concurrency_limit, cost_model, cost_fen, cost_fen_by_model, low_balance_threshold_fen, status, settings)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)`,
          [
            id,
            provider,
            input.name,
            baseUrl,
            this.secrets.encrypt(input.apiKey!, id),
            keyHint(input.apiKey!),
            input.mode ?? 'shared',
            input.groupId ?? null,
            input.priority ?? 0,
            input.weight ?? 1,
            input.concurrencyLimit ?? 0,
            input.costModel ?? 'per_credit',
            input.costFen ?? 25,
            JSON.stringify(input.costFenByModel ?? {}),
            input.lowBalanceThresholdFen ?? 10_000,
            input.status ?? 'active',
            JSON.stringify(input.settings ?? {}),
          ],
        );
        return this.get(id, em);
      });
    } catch (error) {
      throw this.nameTaken(error);
    }
  }

  async update(id: string, input: AccountInput): Promise<UpstreamAccount> {
    this.validate(input);
    const current = await this.get(id);
    if (input.groupId) await this.getGroup(input.groupId);
    const sets: string[] = [];
    const params: unknown[] = [id];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (input.name !== undefined) set('name', input.name);
    if (input.baseUrl !== undefined) set('base_url', input.baseUrl);
    if (input.apiKey !== undefined) {
      set('api_key_encrypted', this.secrets.encrypt(input.apiKey, id));
      set('api_key_hint', keyHint(input.apiKey));
    }
    if (input.mode !== undefined) set('mode', input.mode);
    if (input.groupId !== undefined) set('group_id', input.groupId);
    if (input.priority !== undefined) set('priority', input.priority);
    if (input.weight !== undefined) set('weight', input.weight);
    if (input.concurrencyLimit !== undefined) set('concurrency_limit', input.concurrencyLimit);
    if (input.costModel !== undefined) set('cost_model', input.costModel);
    if (input.costFen !== undefined) set('cost_fen', input.costFen);
    if (input.costFenByModel !== undefined) set('cost_fen_by_model', JSON.stringify(input.costFenByModel));
    if (input.lowBalanceThresholdFen !== undefined) set('low_balance_threshold_fen', input.lowBalanceThresholdFen);
    if (input.settings !== undefined) set('settings', JSON.stringify(input.settings));
    // An admin may enable or disable; a new key also clears a "key invalid" state.
    const newStatus = input.status ?? (input.apiKey !== undefined && current.status === 'disabled' ? 'active' : undefined);
    if (newStatus !== undefined && newStatus !== current.status) {
      set('status', newStatus);
      set('status_reason', newStatus === 'disabled' ? 'disabled by an admin' : 'enabled by an admin');
      sets.push('status_since = now()', 'cooldown_until = NULL');
    }
    if (!sets.length) return current;
    try {
      await queryRows(
        this.dataSource.manager,
        `UPDATE upstream_accounts SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`,
        params,
      );
    } catch (error) {
      throw this.nameTaken(error);
    }
    this.adapters.invalidate(id);
    return this.get(id);
  }

  /** Soft delete: history (usage, snapshots, costs) stays for reports; the name becomes free. */
  async remove(id: string): Promise<void> {
    const rows = await queryRows(
      this.dataSource.manager,
      `UPDATE upstream_accounts SET deleted_at = now(), status = 'disabled', status_reason = 'deleted', status_since = now()
        WHERE id = $1 AND deleted_at IS NULL RETURNING id`,
      [id],
    );
    if (!rows.length) throw notFound('Upstream account');
    this.adapters.invalidate(id);
    await queryRows(this.dataSource.manager, `DELETE FROM upstream_sticky_routes WHERE account_id = $1`, [id]);
  }

  private validate(input: AccountInput): void {
    if (input.provider && !PROVIDER_NAMES.includes(input.provider)) {
      throw new DomainException('VALIDATION_FAILED', `provider must be one of ${PROVIDER_NAMES.join(', ')}`);
    }
    if (input.baseUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(input.baseUrl) && input.provider !== 'simulated') {
      throw new DomainException('VALIDATION_FAILED', 'baseUrl must be an http(s) URL');
    }
    for (const [model, fen] of Object.entries(input.costFenByModel ?? {})) {
      if (model.length > 100 || !Number.isSafeInteger(fen) || fen < 0 || fen > 10_000_000) {
        throw new DomainException('VALIDATION_FAILED', 'costFenByModel maps model names to whole fen (0–10000000)');
      }
    }
    const s = input.settings;
    if (s) {
      for (const [op, path] of Object.entries(s.paths ?? {})) {
        if (
          !['submit', 'query', 'balance'].includes(op) ||
          (path !== null && (typeof path !== 'string' || !/^\/[\w./-]{0,200}$/.test(path)))
        ) {
          throw new DomainException(
            'VALIDATION_FAILED',
            'settings.paths: submit/query/balance → a path starting with / (balance may be null)',
          );
        }
      }
      for (const [a, b] of Object.entries(s.modelMap ?? {})) {
        if (typeof b !== 'string' || a.length > 100 || b.length > 100) {
          throw new DomainException(
            'VALIDATION_FAILED',
            'settings.modelMap maps model names to model names (max 100 characters)',
          );
        }
      }
      if (s.quotaPerYuan !== undefined && (!Number.isSafeInteger(s.quotaPerYuan) || s.quotaPerYuan < 1)) {
        throw new DomainException('VALIDATION_FAILED', 'settings.quotaPerYuan must be a positive integer');
      }
      if (s.timeoutMs !== undefined && (!Number.isSafeInteger(s.timeoutMs) || s.timeoutMs < 100 || s.timeoutMs > 600_000)) {
        throw new DomainException('VALIDATION_FAILED', 'settings.timeoutMs must be 100–600000');
      }
      const extra = Object.keys(s).filter((k) => !['paths', 'modelMap', 'quotaPerYuan', 'timeoutMs'].includes(k));
      if (extra.length) throw new DomainException('VALIDATION_FAILED', `settings: unknown field ${extra[0]}`);
    }
  }

  private nameTaken(error: unknown): unknown {
    if (isUniqueViolation(error)) return new DomainException('UPSTREAM_NAME_TAKEN', 'An upstream account with this name exists');
    return error;
  }

  // ---- adapters ------------------------------------------------------------------------------
  /** The adapter for an account, with its key decrypted (cached per instance; see `adapters`). */
  providerFor(accountId: string): Promise<{ account: UpstreamAccountRef; provider: VideoProvider }> {
    return this.adapters.get(accountId, () => this.buildAdapter(accountId));
  }

  private async buildAdapter(accountId: string): Promise<{ account: UpstreamAccountRef; provider: VideoProvider }> {
    const [row] = await queryRows<{
      id: string;
      name: string;
      provider: ProviderName;
      base_url: string;
      api_key_encrypted: string;
      settings: ProviderSettings | null;
    }>(
      this.dataSource.manager,
      `SELECT id, name, provider, base_url, api_key_encrypted, settings FROM upstream_accounts WHERE id = $1`,
      [accountId],
    );
    if (!row) throw new ProviderError('bad_request', 'unknown upstream account');
    const account: UpstreamAccountRef = { id: row.id, name: row.name, provider: row.provider };
    let apiKey: string;
    try {
      apiKey = this.secrets.decrypt(row.api_key_encrypted, account.id);
    } catch {
      throw new ProviderError(
        'invalid_key',
        `upstream account ${account.name}: the stored key cannot be decrypted (UPSTREAM_SECRET_KEY changed?)`,
      );
    }
    let baseUrl = row.base_url;
    if (account.provider === 'simulated') {
      const url = this.simulated.url;
      if (!url)
        throw new ProviderError(
          'upstream_unavailable',
          'the simulated upstream is not running (SIMULATED_UPSTREAM_ENABLED=false)',
          { retryable: false },
        );
      baseUrl = url;
    }
    const settings = { timeoutMs: this.config.upstream.timeoutMs, ...(row.settings ?? {}) };
    return { account, provider: createVideoProvider(account.provider, { baseUrl, apiKey, settings }) };
  }

  // ---- status --------------------------------------------------------------------------------
  /**
   * Applies what a provider error says about the account: no money → exhausted, bad key → disabled,
   * rate limited → cooling down. Other kinds (the user's content, a blip) never change it. Returns
   * true when the status changed (the event is emitted once, by whoever changed it).
   */
  async applyError(account: UpstreamAccountRef, error: ProviderError): Promise<boolean> {
    const reason = error.message.slice(0, 500);
    if (error.kind === 'insufficient_balance') {
      return this.changeStatus(account, 'exhausted', reason, ['active', 'cooling_down'], 'account_exhausted');
    }
    if (error.kind === 'invalid_key') {
      return this.changeStatus(account, 'disabled', reason, ['active', 'cooling_down', 'exhausted'], 'account_key_invalid');
    }
    if (error.kind === 'rate_limited') {
      const ms = error.options.retryAfterMs ?? this.config.upstream.defaultCooldownSeconds * 1000;
      const rows = await queryRows<{ cooldown_until: Date }>(
        this.dataSource.manager,
        `UPDATE upstream_accounts
            SET status = 'cooling_down', status_reason = $2, cooldown_until = now() + ($3::text || ' milliseconds')::interval,
                status_since = CASE WHEN status = 'cooling_down' THEN status_since ELSE now() END, updated_at = now()
          WHERE id = $1 AND status IN ('active', 'cooling_down') RETURNING cooldown_until`,
        [account.id, reason, String(Math.max(1, Math.round(ms)))],
      );
      if (rows.length) {
        this.events.emit({
          type: 'account_cooling_down',
          accountId: account.id,
          accountName: account.name,
          provider: account.provider,
          reason,
          until: new Date(rows[0].cooldown_until).toISOString(),
        });
      }
      return rows.length > 0;
    }
    return false;
  }

  private async changeStatus(
    account: UpstreamAccountRef,
    status: AccountStatus,
    reason: string,
    from: AccountStatus[],
    event: 'account_exhausted' | 'account_key_invalid' | 'account_recovered',
    extra: { balanceFen?: number } = {},
  ): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource.manager,
      `UPDATE upstream_accounts SET status = $2, status_reason = $3, status_since = now(), cooldown_until = NULL, updated_at = now()
        WHERE id = $1 AND deleted_at IS NULL AND status = ANY($4) RETURNING id`,
      [account.id, status, reason, from],
    );
    if (rows.length) {
      this.logger.warn({ accountId: account.id, provider: account.provider, status, reason }, `upstream account ${status}`);
      this.events.emit({
        type: event,
        accountId: account.id,
        accountName: account.name,
        provider: account.provider,
        reason,
        ...extra,
      });
    }
    return rows.length > 0;
  }

  /** Exhausted → active when money shows up again (a balance check or a top-up). */
  async recoverIfFunded(account: UpstreamAccountRef, balanceFen: number, why: string): Promise<boolean> {
    if (balanceFen <= 0) return false;
    return this.changeStatus(account, 'active', why, ['exhausted'], 'account_recovered', { balanceFen });
  }

  /** Cooled-down accounts whose Retry-After has passed return by themselves. */
  async recoverCooledDown(): Promise<void> {
    const rows = await queryRows<Row>(
      this.dataSource.manager,
      `UPDATE upstream_accounts SET status = 'active', status_reason = 'cool-down over', status_since = now(), cooldown_until = NULL, updated_at = now()
        WHERE status = 'cooling_down' AND cooldown_until <= now() AND deleted_at IS NULL RETURNING id, name, provider`,
    );
    for (const r of rows) {
      this.events.emit({
        type: 'account_recovered',
        accountId: r.id as string,
        accountName: r.name as string,
        provider: r.provider as string,
        reason: 'cool-down over',
      });
    }
  }

  // ---- usage ---------------------------------------------------------------------------------
  async recordUsage(
    accountId: string,
    usage: {
      operation: 'submit' | 'poll' | 'balance' | 'test';
      errorKind?: ProviderErrorKind;
      latencyMs: number;
      userId?: string;
      jobId?: string;
      model?: string;
    },
  ): Promise<void> {
    await queryRows(
      this.dataSource.manager,
      `INSERT INTO upstream_usage_records (account_id, operation, outcome, error_kind, latency_ms, user_id, job_id, model)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        accountId,
        usage.operation,
        usage.errorKind ? 'failure' : 'success',
        usage.errorKind ?? null,
        Math.max(0, Math.min(2_147_483_647, Math.round(usage.latencyMs))),
        usage.userId ?? null,
        usage.jobId ?? null,
        usage.model?.slice(0, 100) ?? null,
      ],
    );
  }

  async usageSummary(accountIds: string[], hours = 24): Promise<Map<string, UsageSummary>> {
    const rows = await queryRows<{ account_id: string; outcome: string; error_kind: string | null; n: string; latency: string }>(
      this.dataSource.manager,
      `SELECT account_id, outcome, error_kind, count(*) AS n, coalesce(sum(latency_ms), 0) AS latency
         FROM upstream_usage_records
        WHERE account_id = ANY($1) AND operation IN ('submit', 'poll', 'balance', 'test') AND created_at > now() - ($2::text || ' hours')::interval
        GROUP BY account_id, outcome, error_kind`,
      [accountIds, String(hours)],
    );
    const out = new Map<string, UsageSummary & { latencySum: number }>();
    for (const id of accountIds) {
      out.set(id, {
        calls: 0,
        successes: 0,
        failures: 0,
        failuresByKind: {},
        successRate: null,
        avgLatencyMs: null,
        latencySum: 0,
      });
    }
    for (const r of rows) {
      const s = out.get(r.account_id)!;
      const n = toSafeInt(r.n);
      s.calls += n;
      s.latencySum += toSafeInt(r.latency);
      if (r.outcome === 'success') s.successes += n;
      else {
        s.failures += n;
        const kind = r.error_kind ?? 'unknown';
        s.failuresByKind[kind] = (s.failuresByKind[kind] ?? 0) + n;
      }
    }
    const result = new Map<string, UsageSummary>();
    for (const [id, { latencySum, ...s }] of out) {
      if (s.calls) {
        s.successRate = Math.round((s.successes / s.calls) * 1000) / 1000;
        s.avgLatencyMs = Math.round(latencySum / s.calls);
      }
      result.set(id, s);
    }
    return result;
  }

  // ---- groups --------------------------------------------------------------------------------
  async listGroups(): Promise<UpstreamGroup[]> {
    const rows = await queryRows<Row>(
      this.dataSource.manager,
      `SELECT g.*, (SELECT count(*) FROM upstream_accounts a WHERE a.group_id = g.id AND a.deleted_at IS NULL) AS account_count
         FROM upstream_groups g ORDER BY g.created_at`,
    );
    return rows.map(toGroup);
  }

  async getGroup(id: string): Promise<UpstreamGroup> {
    const [row] = await queryRows<Row>(
      this.dataSource.manager,
      `SELECT g.*, (SELECT count(*) FROM upstream_accounts a WHERE a.group_id = g.id AND a.deleted_at IS NULL) AS account_count
         FROM upstream_groups g WHERE g.id = $1`,
      [id],
    );
    if (!row) throw notFound('Upstream group');
    return toGroup(row);
  }

  async createGroup(input: { name: string; description?: string }): Promise<UpstreamGroup> {
    try {
      const [row] = await queryRows<{ id: string }>(
        this.dataSource.manager,
        `INSERT INTO upstream_groups (name, description) VALUES ($1, $2) RETURNING id`,
        [input.name, input.description ?? null],
      );
      return this.getGroup(row.id);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainException('UPSTREAM_NAME_TAKEN', 'A group with this name exists');
      throw error;
    }
  }

  async updateGroup(id: string, input: { name?: string; description?: string }): Promise<UpstreamGroup> {
    await this.getGroup(id);
    try {
      await queryRows(
        this.dataSource.manager,
        `UPDATE upstream_groups SET name = coalesce($2, name), description = coalesce($3, description), updated_at = now() WHERE id = $1`,
        [id, input.name ?? null, input.description ?? null],
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainException('UPSTREAM_NAME_TAKEN', 'A group with this name exists');
      throw error;
    }
    return this.getGroup(id);
  }

  async removeGroup(id: string): Promise<void> {
    const group = await this.getGroup(id);
    if (group.accountCount > 0) {
      throw new DomainException(
        'UPSTREAM_GROUP_IN_USE',
        `The group still has ${group.accountCount} account(s); move them first`,
        { accountCount: group.accountCount },
      );
    }
    // Deleted accounts may still point at it: detach them.
    await queryRows(this.dataSource.manager, `UPDATE upstream_accounts SET group_id = NULL WHERE group_id = $1`, [id]);
    await queryRows(this.dataSource.manager, `DELETE FROM upstream_groups WHERE id = $1`, [id]);
  }
}

function toGroup(r: Row): UpstreamGroup {
  return {
    id: r.id as string,
    name: r.name as string,
    description: (r.description as string) ?? null,
    accountCount: toSafeInt(r.account_count ?? 0),
    createdAt: r.created_at as Date,
  };
}
