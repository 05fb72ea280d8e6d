import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../common/database/sql';
import { DomainException, notFound } from '../common/errors/domain.exception';

export interface SlotLease {
  apiKeyId: string;
  holder: string;
  /** True when the request waited in the key's queue before it got its slot. */
  queued: boolean;
}

/** Default lease of a slot whose holder never releases it (a crashed process); the caller can pass its own. */
const DEFAULT_LEASE_MS = 15 * 60_000;
/** Queue entries outlive their waiter's deadline by this much before others may purge them. */
const QUEUE_GRACE_MS = 2_000;
const POLL_MIN_MS = 25;
const POLL_MAX_MS = 200;

type Attempt =
  { outcome: 'acquired' } | { outcome: 'queued'; ticket: string } | { outcome: 'wait' } | { outcome: 'rejected'; reason: string };

/**
 * The key's concurrency limit as PostgreSQL rows, so it holds across API instances: one row per
 * in-flight unit of work (for videos: per in-flight job, held from submit until the job ends) and one
 * row per waiter in the key's queue. Every decision for a key runs under a transaction-scoped advisory
 * lock on that key, so two instances never both take the last slot. Waiters are served first come,
 * first served: a newcomer never overtakes a queued request.
 *
 * Beyond the limit a request waits in the queue when the key has it enabled and it is not full, up to
 * the key's queue timeout; otherwise, or past the timeout, it gets CONCURRENCY_LIMITED (429).
 */
@Injectable()
export class ApiKeySlotsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Takes a slot for `holder` (e.g. a job id), waiting in the queue when allowed. A holder that
   * already has a slot keeps it (acquire is idempotent per holder).
   */
  async acquire(apiKeyId: string, holder: string, options: { leaseMs?: number } = {}): Promise<SlotLease> {
    const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    const key = await this.settings(apiKeyId);
    if (key.concurrencyLimit === 0) return { apiKeyId, holder, queued: false };

    const first = await this.attempt(apiKeyId, holder, leaseMs, key, null);
    if (first.outcome === 'acquired') return { apiKeyId, holder, queued: false };
    if (first.outcome === 'rejected' || first.outcome === 'wait')
      throw limited(key, first.outcome === 'rejected' ? first.reason : 'queue_full');

    const ticket = first.ticket;
    const deadline = Date.now() + key.queueTimeoutMs;
    for (let round = 0; Date.now() < deadline; round++) {
      await sleep(Math.min(POLL_MAX_MS, POLL_MIN_MS * 2 ** Math.min(round, 3), Math.max(1, deadline - Date.now())));
      const next = await this.attempt(apiKeyId, holder, leaseMs, key, ticket);
      if (next.outcome === 'acquired') return { apiKeyId, holder, queued: true };
    }
    await queryRows(this.dataSource.manager, `DELETE FROM api_key_queue WHERE id = $1`, [ticket]);
    throw limited(key, 'queue_timeout');
  }

  /** Frees the holder's slot (a no-op when it has none); the next waiter in the queue takes it. */
  async release(apiKeyId: string, holder: string, em: EntityManager = this.dataSource.manager): Promise<void> {
    await queryRows(em, `DELETE FROM api_key_slots WHERE api_key_id = $1 AND holder = $2`, [apiKeyId, holder]);
  }

  /** Extends a long-running holder's lease (e.g. a video job still being generated). */
  async renew(apiKeyId: string, holder: string, leaseMs: number): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource.manager,
      `UPDATE api_key_slots SET lease_expires_at = now() + make_interval(secs => $3::double precision / 1000)
        WHERE api_key_id = $1 AND holder = $2 RETURNING holder`,
      [apiKeyId, holder, leaseMs],
    );
    return rows.length > 0;
  }

  async inFlight(apiKeyId: string): Promise<{ active: number; queued: number }> {
    const [row] = await queryRows<{ active: string; queued: string }>(
      this.dataSource.manager,
      `SELECT (SELECT count(*) FROM api_key_slots WHERE api_key_id = $1 AND lease_expires_at > now()) AS active,
              (SELECT count(*) FROM api_key_queue WHERE api_key_id = $1 AND deadline > now()) AS queued`,
      [apiKeyId],
    );
    return { active: Number(row.active), queued: Number(row.queued) };
  }

  /** Removes slots whose lease ran out and queue entries whose waiter is gone; for the scheduler. */
  async purgeStale(): Promise<{ slots: number; queue: number }> {
    const slots = await queryRows(
      this.dataSource.manager,
      `DELETE FROM api_key_slots WHERE lease_expires_at <= now() RETURNING holder`,
    );
    const queue = await queryRows(this.dataSource.manager, `DELETE FROM api_key_queue WHERE deadline <= now() RETURNING id`);
    return { slots: slots.length, queue: queue.length };
  }

  private async settings(apiKeyId: string) {
    const [row] = await queryRows(
      this.dataSource.manager,
      `SELECT concurrency_limit, queue_enabled, queue_max_size, queue_timeout_ms FROM api_keys WHERE id = $1`,
      [apiKeyId],
    );
    if (!row) throw notFound('API key');
    return {
      concurrencyLimit: Number(row.concurrency_limit),
      queueEnabled: row.queue_enabled === true,
      queueMaxSize: Number(row.queue_max_size),
      queueTimeoutMs: Number(row.queue_timeout_ms),
    };
  }

  /** One decision under the key's lock: take a free slot if no earlier waiter is entitled to it. */
  private attempt(
    apiKeyId: string,
    holder: string,
    leaseMs: number,
    key: { concurrencyLimit: number; queueEnabled: boolean; queueMaxSize: number; queueTimeoutMs: number },
    ticket: string | null,
  ): Promise<Attempt> {
    return this.dataSource.transaction(async (em) => {
      await queryRows(em, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`api_key_slots:${apiKeyId}`]);
      await queryRows(em, `DELETE FROM api_key_slots WHERE api_key_id = $1 AND lease_expires_at <= now()`, [apiKeyId]);
      await queryRows(em, `DELETE FROM api_key_queue WHERE api_key_id = $1 AND deadline <= now()`, [apiKeyId]);
      const [state] = await queryRows<{ active: string; ahead: string; queued: string; mine: boolean }>(
        em,
        `SELECT (SELECT count(*) FROM api_key_slots WHERE api_key_id = $1) AS active,
                (SELECT count(*) FROM api_key_queue WHERE api_key_id = $1 AND ($2::bigint IS NULL OR id < $2)) AS ahead,
                (SELECT count(*) FROM api_key_queue WHERE api_key_id = $1) AS queued,
                EXISTS (SELECT 1 FROM api_key_slots WHERE api_key_id = $1 AND holder = $3) AS mine`,
        [apiKeyId, ticket, holder],
      );
      if (state.mine) return { outcome: 'acquired' };
      if (Number(state.active) + Number(state.ahead) < key.concurrencyLimit) {
        await queryRows(
          em,
          `INSERT INTO api_key_slots (api_key_id, holder, lease_expires_at)
           VALUES ($1, $2, now() + make_interval(secs => $3::double precision / 1000))`,
          [apiKeyId, holder, leaseMs],
        );
        if (ticket) await queryRows(em, `DELETE FROM api_key_queue WHERE id = $1`, [ticket]);
        return { outcome: 'acquired' };
      }
      if (ticket) return { outcome: 'wait' };
      if (!key.queueEnabled) return { outcome: 'rejected', reason: 'limit_reached' };
      if (Number(state.queued) >= key.queueMaxSize) return { outcome: 'rejected', reason: 'queue_full' };
      const [entry] = await queryRows<{ id: string }>(
        em,
        `INSERT INTO api_key_queue (api_key_id, holder, deadline)
         VALUES ($1, $2, now() + make_interval(secs => $3::double precision / 1000)) RETURNING id`,
        [apiKeyId, holder, key.queueTimeoutMs + QUEUE_GRACE_MS],
      );
      return { outcome: 'queued', ticket: String(entry.id) };
    });
  }
}

function limited(key: { concurrencyLimit: number; queueMaxSize: number; queueTimeoutMs: number }, reason: string) {
  const why =
    reason === 'queue_timeout'
      ? `waited ${key.queueTimeoutMs} ms in the queue without a free slot`
      : reason === 'queue_full'
        ? `the queue is full (${key.queueMaxSize} waiting)`
        : 'no queue is enabled for this key';
  return new DomainException(
    'CONCURRENCY_LIMITED',
    `This API key already has ${key.concurrencyLimit} requests in flight and ${why}; retry later`,
    { reason, concurrencyLimit: key.concurrencyLimit },
    { 'Retry-After': '1' },
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
