import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { fenToYuanString } from '@reelmeter/shared';
import { AlertsService } from '../alerts/alerts.service';
import { DomainException } from '../common/errors/domain.exception';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobScheduler } from '../scheduler/job-scheduler.service';
import { DailyFigures, marginBasisPoints, NO_REDEMPTIONS, ReportContributor } from './report.types';
import { ReportsRepository } from './reports.repository';

const TOP_USERS = 10;
const MAX_RANGE_DAYS = 366;

export interface StoredReport {
  figures: DailyFigures;
  generatedAt: Date;
  generation: number;
}

/** Daily cost reports: computed from raw rows for one local day, stored, re-runnable, sent as an alert. */
@Injectable()
export class ReportsService implements OnModuleInit {
  private readonly contributors: ReportContributor[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ReportsRepository,
    private readonly scheduler: JobScheduler,
    private readonly alerts: AlertsService,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: 'reports.daily',
      cron: '10 0 * * *',
      description: "Produces yesterday's cost report (in SCHEDULER_TIMEZONE) and sends it through the alert channels",
      run: async () => {
        const { today } = await this.repository.today(this.dataSource.manager, this.timeZone);
        const yesterday = addDays(today, -1);
        const report = await this.generate(yesterday);
        return { date: yesterday, generation: report.generation, revenueFen: report.figures.revenueFen };
      },
    });
  }

  /** Called by modules that own figures (video jobs, upstream accounts) in their onModuleInit. */
  registerContributor(contributor: ReportContributor): void {
    this.contributors.push(contributor);
  }

  get timeZone(): string {
    return this.config.scheduler.timeZone;
  }

  /** Today's date and month start in the report time zone. */
  today(): Promise<{ today: string; monthStart: string }> {
    return this.repository.today(this.dataSource.manager, this.timeZone);
  }

  /** Computes a day from raw rows without storing it (also used for "today so far"). */
  async compute(date: string): Promise<DailyFigures> {
    assertDate(date);
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const range = await this.repository.range(em, date, this.timeZone);
      // One transaction is one connection: the queries run one after another.
      const money = await this.repository.money(em, range);
      const credits = await this.repository.credits(em, range);
      const topUsers = await this.repository.topUsers(em, range, TOP_USERS);
      const figures: DailyFigures = {
        date,
        timeZone: this.timeZone,
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        ...money,
        credits,
        upstreamCostFen: 0,
        upstreamCostByAccount: [],
        videos: { succeeded: 0, failed: 0 },
        grossProfitFen: 0,
        marginBasisPoints: null,
        topUsers,
        upstreamBalanceFen: null,
        redeemed: { ...NO_REDEMPTIONS },
      };
      for (const contributor of this.contributors) Object.assign(figures, await contributor.contribute(range, em));
      figures.grossProfitFen = figures.revenueFen - figures.refundsFen - figures.upstreamCostFen;
      figures.marginBasisPoints = marginBasisPoints(figures.grossProfitFen, figures.revenueFen - figures.refundsFen);
      return figures;
    });
  }

  /** Computes and stores a day (replacing an earlier run) and announces it through the alert channels. */
  async generate(date: string): Promise<StoredReport> {
    const figures = await this.compute(date);
    const saved = await this.repository.save(this.dataSource.manager, figures);
    await this.alerts.announce('reports.daily_ready', date, {
      title: `Daily report ${date}`,
      message: summary(figures),
      details: { date, revenueFen: figures.revenueFen, grossProfitFen: figures.grossProfitFen },
    });
    return { figures, ...saved };
  }

  async get(date: string): Promise<StoredReport> {
    assertDate(date);
    const report = await this.repository.find(this.dataSource.manager, date);
    if (!report) throw new DomainException('NOT_FOUND', `No report for ${date}; generate it first`);
    return report;
  }

  async list(from: string, to: string): Promise<StoredReport[]> {
    assertRange(from, to);
    return this.repository.list(this.dataSource.manager, from, to);
  }

  async csv(from: string, to: string): Promise<string> {
    const reports = await this.list(from, to);
    const header = [
      'date',
      'revenue_fen',
      'orders_paid',
      'refunds_fen',
      'upstream_cost_fen',
      'gross_profit_fen',
      'margin_percent',
      'credits_sold',
      'credits_granted',
      'credits_consumed',
      'credits_refunded',
      'credits_expired',
      'videos_succeeded',
      'videos_failed',
      'credits_redeemed',
      'codes_redeemed',
      'storefront_value_fen',
    ];
    const lines = reports.map(({ figures: f }) =>
      [
        f.date,
        f.revenueFen,
        f.ordersPaid,
        f.refundsFen,
        f.upstreamCostFen,
        f.grossProfitFen,
        f.marginBasisPoints === null ? '' : (f.marginBasisPoints / 100).toFixed(2),
        f.credits.sold,
        f.credits.purchaseBonus + f.credits.signupBonus + f.credits.adminGranted,
        f.credits.consumed,
        f.credits.refunded,
        f.credits.expired,
        f.videos.succeeded,
        f.videos.failed,
        f.credits.redeemed,
        f.redeemed.codes,
        f.redeemed.storefrontValueFen,
      ].join(','),
    );
    return `${[header.join(','), ...lines].join('\n')}\n`;
  }
}

export function assertDate(date: string): void {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
    throw new DomainException('VALIDATION_FAILED', `${date} is not a date (YYYY-MM-DD)`);
  }
}

function assertRange(from: string, to: string): void {
  assertDate(from);
  assertDate(to);
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days < 0 || days > MAX_RANGE_DAYS)
    throw new DomainException('VALIDATION_FAILED', `from..to must span 0 to ${MAX_RANGE_DAYS} days`);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const yuan = (fen: number) => `¥${fenToYuanString(fen)}`;

function summary(f: DailyFigures): string {
  const margin = f.marginBasisPoints === null ? '—' : `${(f.marginBasisPoints / 100).toFixed(1)}%`;
  return `revenue ${yuan(f.revenueFen)}, refunds ${yuan(f.refundsFen)}, upstream cost ${yuan(f.upstreamCostFen)}, gross profit ${yuan(f.grossProfitFen)} (margin ${margin}); videos ${f.videos.succeeded} ok / ${f.videos.failed} failed; credits consumed ${f.credits.consumed}${redemptions(f)}`;
}

function redemptions(f: DailyFigures): string {
  if (f.redeemed.codes === 0) return '';
  return `; ${f.redeemed.codes} code(s) redeemed for ${f.credits.redeemed} credits (storefront sales ${yuan(f.redeemed.storefrontValueFen)}, not in revenue)`;
}
