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

  async addUsed(em: EntityManager, userId: string, credits: number): Promise<void> {
    await queryRows(
      em,
      `INSERT INTO user_upstream_quotas (user_id, used) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET used = user_upstream_quotas.used + EXCLUDED.used, updated_at = now()`,
      [userId, credits],
    );
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
}
