import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AlertsService } from '../alerts/alerts.service';
import { DailyFigures, marginBasisPoints } from './report.types';
import { ReportsRepository } from './reports.repository';
import { addDays, ReportsService } from './reports.service';

export interface UpstreamSummary {
  totalTopUpsFen: number;
  costUsedFen: number;
  remainingFen: number;
  /** costUsed / totalTopUps in basis points; null without top-ups. */
  usageBasisPoints: number | null;
}

export interface DashboardContributor {
  upstream?(): Promise<UpstreamSummary>;
}

interface Totals {
  revenueFen: number;
  refundsFen: number;
  upstreamCostFen: number;
  grossProfitFen: number;
  marginBasisPoints: number | null;
  creditsSold: number;
  creditsRedeemed: number;
  codesRedeemed: number;
  storefrontValueFen: number;
}

const SERIES_DAYS = 30;

/**
 * The operator's panel (design note 000): money today and this month, 30-day series, upstream
 * spend, top users. Past days come from the stored daily reports (roll-ups); only today is computed
 * live, from indexed ranges — the ledger is never scanned whole.
 */
@Injectable()
export class DashboardService {
  private readonly contributors: DashboardContributor[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: ReportsService,
    private readonly repository: ReportsRepository,
    private readonly alerts: AlertsService,
  ) {}

  registerContributor(contributor: DashboardContributor): void {
    this.contributors.push(contributor);
  }

  async dashboard() {
    const em = this.dataSource.manager;
    const { today, monthStart } = await this.repository.today(em, this.reports.timeZone);
    const seriesStart = addDays(today, -(SERIES_DAYS - 1));
    const from = monthStart < seriesStart ? monthStart : seriesStart;
    const [live, stored, topUsers, openAlerts] = await Promise.all([
      this.reports.compute(today),
      this.repository.list(em, from, addDays(today, -1)),
      this.repository.topUsersAllTime(em, 10),
      this.alerts.countOpen(),
    ]);
    const byDate = new Map(stored.map((r) => [r.figures.date, r.figures]));
    byDate.set(today, live);

    const series = [];
    for (let d = seriesStart; d <= today; d = addDays(d, 1)) {
      const f = byDate.get(d);
      series.push({
        date: d,
        reported: Boolean(f),
        revenueFen: f?.revenueFen ?? 0,
        refundsFen: f?.refundsFen ?? 0,
        upstreamCostFen: f?.upstreamCostFen ?? 0,
        grossProfitFen: f?.grossProfitFen ?? 0,
        videosSucceeded: f?.videos.succeeded ?? 0,
        videosFailed: f?.videos.failed ?? 0,
        creditsConsumed: f?.credits.consumed ?? 0,
        creditsSold: f?.credits.sold ?? 0,
        creditsRedeemed: f?.credits.redeemed ?? 0,
        storefrontValueFen: f?.redeemed.storefrontValueFen ?? 0,
      });
    }
    const month = totals([...byDate.values()].filter((f) => f.date >= monthStart && f.date <= today));

    let upstream: UpstreamSummary | null = null;
    for (const c of this.contributors) {
      if (c.upstream) upstream = await c.upstream();
    }
    // The 30-day success rate from the same roll-ups as the series (no scan of the jobs table).
    const succeeded = series.reduce((n, p) => n + p.videosSucceeded, 0);
    const failed = series.reduce((n, p) => n + p.videosFailed, 0);
    const jobs = {
      succeeded,
      failed,
      successBasisPoints: succeeded + failed > 0 ? Math.round((succeeded * 10_000) / (succeeded + failed)) : null,
    };
    return {
      timeZone: this.reports.timeZone,
      today: { date: today, ...totals([live]), ordersPaid: live.ordersPaid, creditsConsumed: live.credits.consumed },
      month: { from: monthStart, ...month },
      series,
      upstream,
      jobs,
      topUsers,
      openAlerts,
    };
  }
}

function totals(days: DailyFigures[]): Totals {
  const sum = (pick: (d: DailyFigures) => number) => days.reduce((s, d) => s + pick(d), 0);
  const revenueFen = sum((d) => d.revenueFen);
  const refundsFen = sum((d) => d.refundsFen);
  const upstreamCostFen = sum((d) => d.upstreamCostFen);
  const grossProfitFen = revenueFen - refundsFen - upstreamCostFen;
  return {
    revenueFen,
    refundsFen,
    upstreamCostFen,
    grossProfitFen,
    marginBasisPoints: marginBasisPoints(grossProfitFen, revenueFen - refundsFen),
    creditsSold: sum((d) => d.credits.sold),
    creditsRedeemed: sum((d) => d.credits.redeemed),
    codesRedeemed: sum((d) => d.redeemed.codes),
    storefrontValueFen: sum((d) => d.redeemed.storefrontValueFen),
  };
}
