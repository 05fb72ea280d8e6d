import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobScheduler } from '../../scheduler/job-scheduler.service';
import { queryRows } from '../database/sql';
import { DomainException } from '../errors/domain.exception';

export type Claim = { outcome: 'claimed' } | { outcome: 'replay'; status: number; body: unknown };

/** An in-progress record older than this belongs to a crashed request and may be taken over. */
const STALE_LOCK_SECONDS = 60;
/** How long a duplicate waits for the first request to finish before answering 409. */
const WAIT_FOR_FIRST_MS = 5000;

/**
 * Stripe-style idempotency keys, per user, stored in PostgreSQL so they hold across instances.
 * The first request with a key claims it (a primary-key insert, so exactly one wins); its
 * response is stored; a retry with the same body gets that response again; the same key with
 * another body is a 409. The effects themselves are keyed too (ledger references), so even a
 * takeover after a crash cannot apply twice.
 */
@Injectable()
export class IdempotencyService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: JobScheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: 'idempotency.purge',
      cron: '20 3 * * *',
      description: 'Deletes Idempotency-Key records past their retention',
      run: async () => ({ deleted: await this.purgeExpired() }),
    });
  }

  async claim(userId: string, key: string, method: string, path: string, requestHash: string): Promise<Claim> {
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (let attempt = 0; ; attempt++) {
      const claimed = await queryRows(
        this.dataSource.manager,
        `INSERT INTO idempotency_records (user_id, key, method, path, request_hash)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, key) DO UPDATE
           SET method = EXCLUDED.method, path = EXCLUDED.path, request_hash = EXCLUDED.request_hash,
               state = 'in_progress', response_status = NULL, response_body = NULL,
               locked_at = now(), created_at = now(), completed_at = NULL
         WHERE idempotency_records.created_at < now() - make_interval(hours => $6)
            OR (idempotency_records.state = 'in_progress'
                AND idempotency_records.locked_at < now() - make_interval(secs => ${STALE_LOCK_SECONDS})
                AND idempotency_records.request_hash = EXCLUDED.request_hash)
         RETURNING key`,
        [userId, key, method, path, requestHash, this.config.idempotency.retentionHours],
      );
      if (claimed.length) return { outcome: 'claimed' };

      const [existing] = await queryRows<{
        method: string;
        path: string;
        request_hash: string;
        state: string;
        response_status: number | null;
        response_body: unknown;
      }>(
        this.dataSource.manager,
        `SELECT method, path, request_hash, state, response_status, response_body
           FROM idempotency_records WHERE user_id = $1 AND key = $2`,
        [userId, key],
      );
      if (!existing) continue; // released between our insert and select: try to claim again
      if (existing.request_hash !== requestHash || existing.method !== method || existing.path !== path) {
        throw new DomainException(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was already used with a different request; use a new key for a new request',
        );
      }
      if (existing.state === 'completed') {
        return { outcome: 'replay', status: existing.response_status ?? 200, body: existing.response_body };
      }
      if (Date.now() >= deadline) {
        throw new DomainException(
          'IDEMPOTENCY_REQUEST_IN_PROGRESS',
          'A request with this Idempotency-Key is still being processed; retry shortly',
          undefined,
          { 'Retry-After': '1' },
        );
      }
      await new Promise((r) => setTimeout(r, Math.min(25 * 2 ** Math.min(attempt, 4), 250)));
    }
  }

  async complete(userId: string, key: string, status: number, body: unknown): Promise<void> {
    await queryRows(
      this.dataSource.manager,
      `UPDATE idempotency_records
          SET state = 'completed', response_status = $3, response_body = $4::jsonb, completed_at = now()
        WHERE user_id = $1 AND key = $2`,
      [userId, key, status, JSON.stringify(body ?? null)],
    );
  }

  /** The request failed before it could have an effect: forget the key so a retry runs afresh. */
  async release(userId: string, key: string): Promise<void> {
    await queryRows(
      this.dataSource.manager,
      `DELETE FROM idempotency_records WHERE user_id = $1 AND key = $2 AND state = 'in_progress'`,
      [userId, key],
    );
  }

  /** Removes records past retention; run by the scheduler. */
  async purgeExpired(): Promise<number> {
    const rows = await queryRows(
      this.dataSource.manager,
      `DELETE FROM idempotency_records WHERE created_at < now() - make_interval(hours => $1) RETURNING key`,
      [this.config.idempotency.retentionHours],
    );
    return rows.length;
  }
}
