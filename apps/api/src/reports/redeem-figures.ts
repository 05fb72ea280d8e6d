import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryRows, toSafeInt } from '../common/database/sql';
import { DailyFigures, ReportRange } from './report.types';
import { ReportsService } from './reports.service';

/**
 * Redemption codes redeemed in the day (by `redeemed_at`, indexed), with what they sold for at the
 * storefront: each batch's recorded price per code. Kept apart from revenue (paid orders).
 */
@Injectable()
export class RedeemFigures implements OnModuleInit {
  constructor(private readonly reports: ReportsService) {}

  onModuleInit(): void {
    this.reports.registerContributor({ name: 'redeem', contribute: (range, em) => this.forDay(range, em) });
  }

  async forDay(range: ReportRange, em: EntityManager): Promise<Pick<DailyFigures, 'redeemed'>> {
    const [row] = await queryRows<{ codes: string; trial_keys: string; value: string; unpriced: string }>(
      em,
      `SELECT count(*) AS codes, count(*) FILTER (WHERE c.api_key_id IS NOT NULL) AS trial_keys,
              coalesce(sum(b.price_fen), 0) AS value, count(*) FILTER (WHERE b.price_fen IS NULL) AS unpriced
         FROM redeem_codes c JOIN redeem_batches b ON b.id = c.batch_id
        WHERE c.redeemed_at >= $1 AND c.redeemed_at < $2`,
      [range.from, range.to],
    );
    return {
      redeemed: {
        codes: toSafeInt(row.codes),
        trialKeys: toSafeInt(row.trial_keys),
        storefrontValueFen: toSafeInt(row.value),
        unpricedCodes: toSafeInt(row.unpriced),
      },
    };
  }
}
