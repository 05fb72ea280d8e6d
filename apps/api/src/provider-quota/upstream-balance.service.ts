import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows, toSafeInt } from '../common/database/sql';
import { ProviderError } from './providers/provider.types';
import { UpstreamAccount, UpstreamAccountsService } from './upstream-accounts.service';
import { UpstreamEventsService } from './upstream-events.service';

export interface BalanceCheckResult {
  accountId: string;
  ok: boolean;
  balanceFen?: number;
  source?: 'reported' | 'estimated';
  errorKind?: string;
  message?: string;
  latencyMs: number;
}

export interface TestConnectionResult {
  ok: boolean;
  latencyMs: number;
  balanceFen?: number;
  balanceSource?: 'reported' | 'estimated';
  errorKind?: string;
  message: string;
}

/**
 * Balances: asks each account's balance API (or estimates top-ups minus accumulated cost when it has
 * none), keeps a snapshot per check for the trend chart, flips exhausted accounts back when money
 * shows again and emits `balance_low` under the threshold (`balance_ok` at or above it). `checkBalances()` is called by the
 * scheduler (hourly by default, UPSTREAM_BALANCE_CHECK_INTERVAL_MINUTES) and by admins.
 */
@Injectable()
export class UpstreamBalanceService {
  private readonly logger = new Logger('UpstreamBalance');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: UpstreamAccountsService,
    private readonly events: UpstreamEventsService,
  ) {}

  async checkBalances(): Promise<BalanceCheckResult[]> {
    await this.accounts.recoverCooledDown();
    const results: BalanceCheckResult[] = [];
    for (const account of await this.accounts.list()) {
      results.push(await this.checkOne(account, 'balance'));
    }
    return results;
  }

  async checkOne(account: UpstreamAccount, operation: 'balance' | 'test'): Promise<BalanceCheckResult> {
    const started = Date.now();
    try {
      const { provider } = await this.accounts.providerFor(account.id);
      const snapshot = await provider.getBalance();
      const latencyMs = Date.now() - started;
      await this.accounts.recordUsage(account.id, { operation, latencyMs });
      let balanceFen: number;
      let source: 'reported' | 'estimated';
      if (snapshot?.balanceFen !== undefined) {
        balanceFen = snapshot.balanceFen;
        source = 'reported';
      } else {
        balanceFen = account.totalTopupFen - account.totalCostFen;
        source = 'estimated';
      }
      await this.store(account.id, balanceFen, source, snapshot?.raw);
      await this.afterBalance(
        account,
        balanceFen,
        source === 'reported' ? 'a balance check shows money again' : 'top-ups cover the cost again',
      );
      return { accountId: account.id, ok: true, balanceFen, source, latencyMs };
    } catch (error) {
      const latencyMs = Date.now() - started;
      if (!(error instanceof ProviderError)) throw error;
      await this.accounts.recordUsage(account.id, { operation, errorKind: error.kind, latencyMs });
      if (error.kind === 'invalid_key' || error.kind === 'rate_limited') await this.accounts.applyError(account, error);
      this.logger.warn({ accountId: account.id, errorKind: error.kind }, `balance check failed: ${error.message}`);
      return { accountId: account.id, ok: false, errorKind: error.kind, message: error.message, latencyMs };
    }
  }

  /** "Test connection": the balance call, with its latency and result; records usage like any call. */
  async testConnection(accountId: string): Promise<TestConnectionResult> {
    const account = await this.accounts.get(accountId);
    const r = await this.checkOne(account, 'test');
    if (r.ok) {
      return {
        ok: true,
        latencyMs: r.latencyMs,
        balanceFen: r.balanceFen,
        balanceSource: r.source,
        message:
          r.source === 'reported'
            ? 'connected; balance reported by the provider'
            : 'connected; no balance API, balance estimated from top-ups',
      };
    }
    return { ok: false, latencyMs: r.latencyMs, errorKind: r.errorKind, message: r.message ?? 'failed' };
  }

  async addTopup(
    accountId: string,
    amountFen: number,
    note: string | undefined,
    actorId: string,
  ): Promise<{ id: string; balanceFen: number | null }> {
    const account = await this.accounts.get(accountId);
    const { id, balanceFen } = await this.dataSource.transaction(async (em) => {
      const [row] = await queryRows<{ id: string }>(
        em,
        `INSERT INTO upstream_topups (account_id, amount_fen, note, actor_id) VALUES ($1, $2, $3, $4) RETURNING id`,
        [accountId, amountFen, note ?? null, actorId],
      );
      // A top-up adds to whatever balance we know (reported balances are corrected by the next check).
      const [a] = await queryRows<{ balance_fen: string | null }>(
        em,
        `UPDATE upstream_accounts
            SET total_topup_fen = total_topup_fen + $2,
                balance_fen = CASE WHEN balance_source = 'reported' THEN balance_fen + $2 ELSE total_topup_fen + $2 - total_cost_fen END,
                balance_source = coalesce(balance_source, 'estimated'), updated_at = now()
          WHERE id = $1 RETURNING balance_fen`,
        [accountId, amountFen],
      );
      const balance = a.balance_fen === null ? null : toSafeInt(a.balance_fen);
      if (balance !== null) {
        await queryRows(
          em,
          `INSERT INTO upstream_balance_snapshots (account_id, balance_fen, source) VALUES ($1, $2, 'estimated')`,
          [accountId, balance],
        );
      }
      return { id: String(row.id), balanceFen: balance };
    });
    await this.accounts.recoverIfFunded(account, balanceFen ?? amountFen, `top-up of ${amountFen} fen`);
    if (balanceFen !== null) this.emitLevel(account, balanceFen);
    return { id, balanceFen };
  }

  async history(accountId: string, limit = 200): Promise<{ balanceFen: number; source: string; at: Date }[]> {
    await this.accounts.get(accountId);
    const rows = await queryRows<{ balance_fen: string; source: string; created_at: Date }>(
      this.dataSource.manager,
      `SELECT balance_fen, source, created_at FROM upstream_balance_snapshots WHERE account_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
      [accountId, limit],
    );
    return rows.reverse().map((r) => ({ balanceFen: toSafeInt(r.balance_fen), source: r.source, at: r.created_at }));
  }

  private async store(accountId: string, balanceFen: number, source: 'reported' | 'estimated', raw?: unknown): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await queryRows(
        em,
        `INSERT INTO upstream_balance_snapshots (account_id, balance_fen, source, raw) VALUES ($1, $2, $3, $4)`,
        [accountId, balanceFen, source, raw ? JSON.stringify(raw) : null],
      );
      await queryRows(
        em,
        `UPDATE upstream_accounts SET balance_fen = $2, balance_source = $3, balance_checked_at = now(), updated_at = now() WHERE id = $1`,
        [accountId, balanceFen, source],
      );
    });
  }

  private async afterBalance(account: UpstreamAccount, balanceFen: number, why: string): Promise<void> {
    await this.accounts.recoverIfFunded(account, balanceFen, why);
    this.emitLevel(account, balanceFen);
  }

  /** `balance_low` under the account's threshold, `balance_ok` at or above it (clears a low-balance alert). */
  private emitLevel(account: UpstreamAccount, balanceFen: number): void {
    this.events.emit({
      type: balanceFen < account.lowBalanceThresholdFen ? 'balance_low' : 'balance_ok',
      accountId: account.id,
      accountName: account.name,
      provider: account.provider,
      balanceFen,
      thresholdFen: account.lowBalanceThresholdFen,
    });
  }
}
