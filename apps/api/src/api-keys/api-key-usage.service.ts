import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryRows, toSafeInt } from '../common/database/sql';
import { DomainException, notFound } from '../common/errors/domain.exception';

/**
 * Credits spent through an API key count against the key's quota (0 = unlimited). Callers charge
 * in the same transaction as the credit charge (CreditsService first, then this, so that every path
 * takes the row locks in the same order: credit account, then key), so both commit or neither does.
 */
@Injectable()
export class ApiKeyUsageService {
  /**
   * Adds `credits` to the key's usage when it stays within the quota and the key is still usable;
   * a conditional UPDATE, so concurrent charges can never spend more than the quota.
   * Throws API_KEY_QUOTA_EXCEEDED (429) and changes nothing otherwise.
   */
  async charge(em: EntityManager, apiKeyId: string, credits: number): Promise<{ quotaUsed: number; quotaLimit: number }> {
    const [row] = await queryRows<{ quota_used: string; quota_limit: string }>(
      em,
      `UPDATE api_keys SET quota_used = quota_used + $2
        WHERE id = $1 AND status = 'active' AND (expires_at IS NULL OR expires_at > now())
          AND (quota_limit = 0 OR quota_used + $2 <= quota_limit)
        RETURNING quota_used, quota_limit`,
      [apiKeyId, credits],
    );
    if (row) return { quotaUsed: toSafeInt(row.quota_used), quotaLimit: toSafeInt(row.quota_limit) };

    const [key] = await queryRows<{ status: string; expired: boolean; quota_used: string; quota_limit: string }>(
      em,
      `SELECT status, expires_at <= now() AS expired, quota_used, quota_limit FROM api_keys WHERE id = $1`,
      [apiKeyId],
    );
    if (!key) throw notFound('API key');
    if (key.status === 'revoked') throw new DomainException('API_KEY_REVOKED', 'This API key has been revoked');
    if (key.status === 'expired' || key.expired) throw new DomainException('API_KEY_EXPIRED', 'This API key has expired');
    if (key.status === 'disabled') throw new DomainException('API_KEY_DISABLED', 'This API key is disabled');
    const limit = toSafeInt(key.quota_limit);
    const used = toSafeInt(key.quota_used);
    throw new DomainException(
      'API_KEY_QUOTA_EXCEEDED',
      `This API key's quota is used up: ${Math.max(0, limit - used)} of ${limit} credits left, ${credits} required`,
      { quotaLimit: limit, quotaUsed: used, remaining: Math.max(0, limit - used), required: credits },
    );
  }

  /**
   * Gives quota back when the charge it belongs to is refunded (a failed video job). Call it only when
   * the credit refund was applied (CreditsService.refund returned `applied: true`), in its transaction.
   */
  async refund(em: EntityManager, apiKeyId: string, credits: number): Promise<void> {
    await queryRows(em, `UPDATE api_keys SET quota_used = GREATEST(0, quota_used - $2) WHERE id = $1`, [apiKeyId, credits]);
  }
}
