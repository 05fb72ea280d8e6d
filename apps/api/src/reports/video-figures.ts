import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryRows, toSafeInt } from '../common/database/sql';
import { ReportRange } from './report.types';
import { ReportsService } from './reports.service';

/** Videos finished per day (by the time they reached a terminal state); the dashboard's success rate sums these. */
@Injectable()
export class VideoFigures implements OnModuleInit {
  constructor(
    private readonly reports: ReportsService,
  ) {}

  onModuleInit(): void {
    this.reports.registerContributor({ name: 'videos', contribute: (range, em) => this.forRange(range, em) });
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
}
