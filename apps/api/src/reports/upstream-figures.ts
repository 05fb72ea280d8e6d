import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows, toSafeInt } from '../common/database/sql';
import { DashboardService, UpstreamSummary } from './dashboard.service';
import { ReportRange } from './report.types';
import { ReportsService } from './reports.service';

/**
 * Upstream figures for reports and the dashboard, read from the upstream accounts' books: cost per
 * account from completion usage records in the day, balance at day end from the last snapshot,
 * and seed 000's panel totals (top-ups, cost used, remaining, usage).
 */
@Injectable()
export class UpstreamFigures implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: ReportsService,
    private readonly dashboard: DashboardService,
  ) {}

  onModuleInit(): void {
    this.reports.registerContributor({ name: 'upstream', contribute: (range, em) => this.forDay(range, em) });
    this.dashboard.registerContributor({ upstream: () => this.summary() });
  }

  async forDay(range: ReportRange, em: EntityManager) {
    const byAccount = await queryRows<{ account_id: string; name: string; cost: string }>(
      em,
      `SELECT r.account_id, a.name, sum(r.cost_fen) AS cost
         FROM upstream_usage_records r JOIN upstream_accounts a ON a.id = r.account_id
        WHERE r.operation = 'completion' AND r.created_at >= $1 AND r.created_at < $2 AND r.cost_fen IS NOT NULL
        GROUP BY r.account_id, a.name ORDER BY cost DESC`,
      [range.from, range.to],
    );
    const [balance] = await queryRows<{ total: string | null; accounts: string }>(
      em,
      `SELECT sum(s.balance_fen) AS total, count(*) AS accounts FROM (
         SELECT DISTINCT ON (account_id) balance_fen FROM upstream_balance_snapshots
          WHERE created_at < $1 ORDER BY account_id, created_at DESC) s`,
      [range.to],
    );
    const upstreamCostByAccount = byAccount.map((r) => ({ accountId: r.account_id, name: r.name, costFen: toSafeInt(r.cost) }));
    return {
      upstreamCostByAccount,
      upstreamCostFen: upstreamCostByAccount.reduce((s, a) => s + a.costFen, 0),
      upstreamBalanceFen: Number(balance.accounts) > 0 ? toSafeInt(balance.total ?? 0) : null,
    };
  }

  async summary(): Promise<UpstreamSummary> {
    const [row] = await queryRows<{ topups: string; cost: string; remaining: string }>(
      this.dataSource.manager,
      `SELECT coalesce(sum(total_topup_fen), 0) AS topups, coalesce(sum(total_cost_fen), 0) AS cost,
              coalesce(sum(balance_fen), 0) AS remaining
         FROM upstream_accounts WHERE deleted_at IS NULL`,
    );
    const totalTopUpsFen = toSafeInt(row.topups);
    const costUsedFen = toSafeInt(row.cost);
    return {
      totalTopUpsFen,
      costUsedFen,
      remainingFen: toSafeInt(row.remaining),
      usageBasisPoints: totalTopUpsFen > 0 ? Math.round((costUsedFen * 10_000) / totalTopUpsFen) : null,
    };
  }
}
