import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '../common/database/sql';

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the current window ends (X-RateLimit-Reset, Retry-After). */
  resetSeconds: number;
}

/**
 * Per-key request rate limit: a fixed window that starts with the key's first request after the
 * previous window ended, counted in one PostgreSQL row per key by a single upsert. Every API instance
 * counts in the same row, so the sum of accepted requests in a window never exceeds the limit,
 * however many instances serve the key. The database clock decides the windows.
 */
@Injectable()
export class ApiKeyRateLimiterService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async hit(apiKeyId: string, windowSeconds: number, maxRequests: number): Promise<RateLimitDecision> {
    const [row] = await queryRows<{ count: number; reset_ms: string }>(
      this.dataSource.manager,
      `INSERT INTO api_key_rate_windows AS w (api_key_id, window_started_at, count) VALUES ($1, now(), 1)
       ON CONFLICT (api_key_id) DO UPDATE SET
         window_started_at = CASE WHEN w.window_started_at + make_interval(secs => $2) <= now()
                                  THEN now() ELSE w.window_started_at END,
         count = CASE WHEN w.window_started_at + make_interval(secs => $2) <= now()
                      THEN 1 ELSE LEAST(w.count, 2147483646) + 1 END
       RETURNING count, extract(epoch FROM (window_started_at + make_interval(secs => $2) - now())) * 1000 AS reset_ms`,
      [apiKeyId, windowSeconds],
    );
    const count = Number(row.count);
    return {
      allowed: count <= maxRequests,
      limit: maxRequests,
      remaining: Math.max(0, maxRequests - count),
      // now() is the transaction's start: a window opened by a concurrent request that started later
      // can end slightly more than a window away, which must still read as at most the window.
      resetSeconds: Math.min(windowSeconds, Math.max(1, Math.ceil(Number(row.reset_ms) / 1000))),
    };
  }
}
