import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DbNotifications, NotifiedCache } from '../../common/database/db-notifications.service';
import { queryRows } from '../../common/database/sql';
import { DomainException } from '../../common/errors/domain.exception';

export interface VideoPrice {
  model: string;
  durationSeconds: number;
  credits: number;
  active: boolean;
}

export interface ActionPrice {
  action: string;
  credits: number;
  active: boolean;
}

export interface PriceTable {
  videos: VideoPrice[];
  actions: ActionPrice[];
}

/**
 * The admin-editable price table (SPEC S8): credits per video by model and duration, and the other
 * paid actions (script, character) charged through `POST /credits/consume`. Inactive rows are kept
 * (old jobs name them) but cannot be bought.
 */
@Injectable()
export class PricingService {
  /** Video prices by model and duration, read on every submit; a trigger drops them on every instance on a change. */
  private readonly videoPrices: NotifiedCache<number | null>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    notifications: DbNotifications,
  ) {
    this.videoPrices = new NotifiedCache(notifications, 'video_prices_changed', { ttlMs: 60_000, maxEntries: 1_000 });
  }

  async table(options: { includeInactive?: boolean } = {}): Promise<PriceTable> {
    const where = options.includeInactive ? '' : 'WHERE active';
    const videos = await queryRows<{ model: string; duration_seconds: number; credits: number; active: boolean }>(
      this.dataSource.manager,
      `SELECT model, duration_seconds, credits, active FROM video_prices ${where} ORDER BY model, duration_seconds`,
    );
    const actions = await queryRows<{ action: string; credits: number; active: boolean }>(
      this.dataSource.manager,
      `SELECT action, credits, active FROM action_prices ${where} ORDER BY action`,
    );
    return {
      videos: videos.map((r) => ({ model: r.model, durationSeconds: r.duration_seconds, credits: r.credits, active: r.active })),
      actions: actions.map((r) => ({ action: r.action, credits: r.credits, active: r.active })),
    };
  }

  /** Credits for one video; VALIDATION_FAILED naming the offered choices when the pair is not for sale. */
  async videoPrice(model: string, durationSeconds: number, em?: EntityManager): Promise<number> {
    const read = async (m: EntityManager) => {
      const [row] = await queryRows<{ credits: number }>(
        m,
        `SELECT credits FROM video_prices WHERE model = $1 AND duration_seconds = $2 AND active`,
        [model, durationSeconds],
      );
      return row ? row.credits : null;
    };
    const credits = em
      ? await read(em)
      : await this.videoPrices.get(`${model}\u0000${durationSeconds}`, () => read(this.dataSource.manager));
    if (credits !== null) return credits;
    const offered = (await this.table()).videos.map((v) => `${v.model} ${v.durationSeconds}s`);
    throw new DomainException(
      'VALIDATION_FAILED',
      `model ${model} with durationSeconds ${durationSeconds} is not offered; choose one of: ${offered.join(', ') || 'none'}`,
      { offered },
    );
  }

  /** The price of a paid action, or undefined when the table does not list it. */
  async actionPrice(action: string): Promise<number | undefined> {
    const [row] = await queryRows<{ credits: number }>(
      this.dataSource.manager,
      `SELECT credits FROM action_prices WHERE action = $1 AND active`,
      [action],
    );
    return row?.credits;
  }

  /**
   * Replaces the table: listed rows are inserted or updated (and active unless they say otherwise),
   * rows not listed are deactivated (never deleted: jobs and ledger rows name them).
   */
  async replace(table: PriceTable, actorId: string): Promise<PriceTable> {
    const videoKeys = new Set<string>();
    for (const v of table.videos) {
      const k = `${v.model}\u0000${v.durationSeconds}`;
      if (videoKeys.has(k)) {
        throw new DomainException('VALIDATION_FAILED', `${v.model} ${v.durationSeconds}s is listed twice`);
      }
      videoKeys.add(k);
    }
    if (new Set(table.actions.map((a) => a.action)).size !== table.actions.length) {
      throw new DomainException('VALIDATION_FAILED', 'an action is listed twice');
    }
    await this.dataSource.transaction(async (em) => {
      await queryRows(em, `LOCK TABLE video_prices, action_prices IN SHARE ROW EXCLUSIVE MODE`);
      await queryRows(em, `UPDATE video_prices SET active = false, updated_by = $1, updated_at = now() WHERE active`, [actorId]);
      await queryRows(em, `UPDATE action_prices SET active = false, updated_by = $1, updated_at = now() WHERE active`, [actorId]);
      for (const v of table.videos) {
        await queryRows(
          em,
          `INSERT INTO video_prices (model, duration_seconds, credits, active, updated_by) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (model, duration_seconds) DO UPDATE
             SET credits = EXCLUDED.credits, active = EXCLUDED.active, updated_by = EXCLUDED.updated_by, updated_at = now()`,
          [v.model, v.durationSeconds, v.credits, v.active, actorId],
        );
      }
      for (const a of table.actions) {
        await queryRows(
          em,
          `INSERT INTO action_prices (action, credits, active, updated_by) VALUES ($1, $2, $3, $4)
           ON CONFLICT (action) DO UPDATE
             SET credits = EXCLUDED.credits, active = EXCLUDED.active, updated_by = EXCLUDED.updated_by, updated_at = now()`,
          [a.action, a.credits, a.active, actorId],
        );
      }
    });
    this.videoPrices.clear();
    return this.table({ includeInactive: true });
  }
}
