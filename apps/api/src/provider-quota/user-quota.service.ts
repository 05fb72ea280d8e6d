import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows, toSafeInt } from '../common/database/sql';

export interface UserQuotaView {
  quota: number;
  used: number;
  remaining: number;
}

/**
 * The user's upstream quota card. Callers change it inside their own transaction (payment
 * fulfilment adds quota; a finished video adds used), so it moves exactly when they commit.
 */
@Injectable()
export class UserQuotaService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async addQuota(em: EntityManager, userId: string, credits: number): Promise<void> {
    await queryRows(
      em,
      `INSERT INTO user_upstream_quotas (user_id, quota) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET quota = user_upstream_quotas.quota + EXCLUDED.quota, updated_at = now()`,
      [userId, credits],
    );
  }

  /** A refunded purchase no longer counts as bought (never below zero). */
  async removeQuota(em: EntityManager, userId: string, credits: number): Promise<void> {
    await queryRows(
      em,
      `UPDATE user_upstream_quotas SET quota = GREATEST(0, quota - $2), updated_at = now() WHERE user_id = $1`,
      [userId, credits],
    );
  }

  /**
   * Adds credits spent upstream to a user's usage: a statement with its values as SQL expressions and a
   * condition, because it runs inside a larger one (the upstream completion records it with its cost).
   */
  addUsedSql(userId: string, credits: string, when: string): string {
    return `INSERT INTO user_upstream_quotas (user_id, used) SELECT ${userId}::uuid, ${credits}::bigint WHERE ${when}
       ON CONFLICT (user_id) DO UPDATE SET used = user_upstream_quotas.used + EXCLUDED.used, updated_at = now()`;
  }

  async get(userId: string, em: EntityManager = this.dataSource.manager): Promise<UserQuotaView> {
    const [row] = await queryRows<{ quota: string; used: string }>(
      em,
      `SELECT quota, used FROM user_upstream_quotas WHERE user_id = $1`,
      [userId],
    );
    const quota = row ? toSafeInt(row.quota) : 0;
    const used = row ? toSafeInt(row.used) : 0;
    return { quota, used, remaining: Math.max(0, quota - used) };
  }

  /** Admin totals: quota sold, credits used upstream, recorded cost and top-ups, top users by use. */
  async summary(em: EntityManager = this.dataSource.manager) {
    const [totals] = await queryRows<{ quota: string; used: string }>(
      em,
      `SELECT coalesce(sum(quota), 0) AS quota, coalesce(sum(used), 0) AS used FROM user_upstream_quotas`,
    );
    const [money] = await queryRows<{ cost: string; topup: string }>(
      em,
      `SELECT coalesce(sum(total_cost_fen), 0) AS cost, coalesce(sum(total_topup_fen), 0) AS topup FROM upstream_accounts`,
    );
    const top = await queryRows<{ user_id: string; email: string; quota: string; used: string }>(
      em,
      `SELECT q.user_id, u.email, q.quota, q.used FROM user_upstream_quotas q JOIN users u ON u.id = q.user_id
        ORDER BY q.used DESC, q.user_id LIMIT 10`,
    );
    return {
      totalQuota: toSafeInt(totals.quota),
      totalUsed: toSafeInt(totals.used),
      totalCostFen: toSafeInt(money.cost),
      totalTopupFen: toSafeInt(money.topup),
      topUsers: top.map((r) => ({ userId: r.user_id, email: r.email, quota: toSafeInt(r.quota), used: toSafeInt(r.used) })),
    };
  }
}
