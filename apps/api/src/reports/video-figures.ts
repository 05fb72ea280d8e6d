import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows, toSafeInt } from '../common/database/sql';
import { DashboardService } from './dashboard.service';
import { ReportRange } from './report.types';
import { ReportsService } from './reports.service';

/** Videos finished per day (by the time they reached a terminal state) and the 30-day success rate. */
@Injectable()
export class VideoFigures implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: ReportsService,
    private readonly dashboard: DashboardService,
  ) {}

  onModuleInit(): void {
    this.reports.registerContributor({ name: 'videos', contribute: (range, em) => this.forRange(range, em) });
    this.dashboard.registerContributor({ jobs: (days) => this.successRate(days) });
  }

  async forRange(range: { from: Date; to: Date } | ReportRange, em: EntityManager) {
    const [row] = await queryRows<{ succeeded: string; failed: string }>(
      em,
      `SELECT count(*) FILTER (WHERE status = 'succeeded') AS succeeded, count(*) FILTER (WHERE status = 'failed') AS failed
         FROM video_jobs WHERE finished_at >= $1 AND finished_at < $2 AND status IN ('succeeded', 'failed')`,
      [range.from, range.to],
    );
    return { videos: { succeeded: toSafeInt(row.succeeded), failed: toSafeInt(row.failed) } };
  }

  async successRate(days: number) {
    const to = new Date();
    const from = new Date(to.getTime() - days * 86_400_000);
    const { videos } = await this.forRange({ from, to }, this.dataSource.manager);
    const total = videos.succeeded + videos.failed;
    return { ...videos, successBasisPoints: total > 0 ? Math.round((videos.succeeded * 10_000) / total) : null };
  }
}
