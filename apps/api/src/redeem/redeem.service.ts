import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AlertsService } from '../alerts/alerts.service';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { queryRows, Row, toSafeInt } from '../common/database/sql';
import { DomainException, notFound } from '../common/errors/domain.exception';
import { decodeTimeCursor, encodeTimeCursor, toPage } from '../common/pagination/pagination';
import { CreditsService } from '../credits/credits.service';
import { hashRedeemCode, newRedeemCode, normalizeRedeemCode } from './redeem-code';

const DAY_MS = 86_400_000;
/** Invalid attempts (unknown codes) allowed per user in the window, and per IP (several users behind one NAT). */
export const REDEEM_INVALID_LIMIT_PER_USER = 10;
export const REDEEM_INVALID_LIMIT_PER_IP = 30;
export const REDEEM_WINDOW_MINUTES = 15;

export interface CreateBatchInput {
  name: string;
  count: number;
  credits: number;
  creditValidityDays?: number;
  redeemBy?: Date;
  perUserLimit?: number;
  channel?: string;
  note?: string;
  priceFen?: number;
  trial?: { quota: number; validityDays?: number; expiresAt?: Date; concurrency?: number; rateLimitPerMinute?: number };
}

export interface BatchView {
  id: string;
  name: string;
  channel: string | null;
  note: string | null;
  credits: number;
  creditValidityDays: number | null;
  redeemBy: Date | null;
  perUserLimit: number | null;
  priceFen: number | null;
  count: number;
  trial: {
    quota: number;
    validityDays: number | null;
    expiresAt: Date | null;
    concurrency: number;
    rateLimitPerMinute: number | null;
  } | null;
  status: 'active' | 'disabled';
  exportable: boolean;
  exportedAt: Date | null;
  createdAt: Date;
  stats: { redeemed: number; remaining: number; expired: number; disabled: number };
}

export interface RedeemResult {
  codeId: string;
  batchId: string;
  credits: number;
  available: number;
  creditsExpireAt: Date | null;
  apiKey: {
    id: string;
    prefix: string;
    secret: string;
    quotaLimit: number;
    expiresAfterFirstUseDays: number | null;
    expiresAt: Date | null;
  } | null;
}

const BATCH_COLUMNS = `b.id, b.name, b.channel, b.note, b.credits, b.credit_validity_days, b.redeem_by, b.per_user_limit,
  b.price_fen, b.code_count, b.trial_quota, b.trial_validity_days, b.trial_concurrency, b.trial_rate_limit_per_minute,
  b.trial_expires_at, b.status, (b.pending_export IS NOT NULL) AS exportable, b.exported_at, b.created_at`;
const STATS = `
  (SELECT count(*) FILTER (WHERE c.status = 'redeemed') AS redeemed,
          count(*) FILTER (WHERE c.status = 'active' AND (b.redeem_by IS NULL OR b.redeem_by > now())) AS remaining,
          count(*) FILTER (WHERE c.status = 'active' AND b.redeem_by <= now()) AS expired,
          count(*) FILTER (WHERE c.status = 'disabled') AS disabled
     FROM redeem_codes c WHERE c.batch_id = b.id) s`;

/**
 * Redemption codes and trial cards. Only SHA-256 hashes of codes are kept; the plain codes are
 * returned when a batch is created and kept in the batch row for exactly one export, then erased.
 * A redemption is one transaction: the code is claimed by a conditional UPDATE (exactly once under
 * concurrency), the credits are granted as a `redeem` lot, and a trial card's API key is created.
 */
@Injectable()
export class RedeemService {
  private readonly logger = new Logger(RedeemService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly credits: CreditsService,
    private readonly apiKeys: ApiKeysService,
    private readonly alerts: AlertsService,
  ) {}

  // ---------------------------------------------------------------- admin

  async createBatch(input: CreateBatchInput, actorId: string): Promise<{ batch: BatchView; codes: string[] }> {
    if (input.credits <= 0 && !input.trial) {
      throw new DomainException('VALIDATION_FAILED', 'A batch is worth credits, a trial key, or both');
    }
    if (input.redeemBy && input.redeemBy.getTime() <= Date.now()) {
      throw new DomainException('VALIDATION_FAILED', 'redeemBy must be in the future');
    }
    if (input.trial?.expiresAt && input.trial.expiresAt.getTime() <= Date.now()) {
      throw new DomainException('VALIDATION_FAILED', 'trial.expiresAt must be in the future');
    }
    return this.dataSource.transaction(async (em) => {
      const [batch] = await queryRows(
        em,
        `INSERT INTO redeem_batches (name, channel, note, credits, credit_validity_days, redeem_by, per_user_limit, price_fen,
           code_count, trial_quota, trial_validity_days, trial_concurrency, trial_rate_limit_per_minute, created_by, trial_expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
        [
          input.name,
          input.channel ?? null,
          input.note ?? null,
          input.credits,
          input.creditValidityDays ?? null,
          input.redeemBy ?? null,
          input.perUserLimit ?? null,
          input.priceFen ?? null,
          input.count,
          input.trial?.quota ?? null,
          input.trial?.validityDays ?? null,
          input.trial?.concurrency ?? null,
          input.trial?.rateLimitPerMinute ?? null,
          actorId,
          input.trial?.expiresAt ?? null,
        ],
      );
      const batchId = batch.id as string;
      const codes: string[] = [];
      // 60 random bits per code: a collision is practically impossible; if one happens, draw again.
      while (codes.length < input.count) {
        const draw = Array.from({ length: input.count - codes.length }, () => {
          const code = newRedeemCode();
          return { code, hash: hashRedeemCode(code.replace(/-/g, '')) };
        });
        const inserted = await queryRows<{ code_hash: string }>(
          em,
          `INSERT INTO redeem_codes (batch_id, code_hash) SELECT $1, h FROM unnest($2::text[]) AS h
           ON CONFLICT (code_hash) DO NOTHING RETURNING code_hash`,
          [batchId, draw.map((d) => d.hash)],
        );
        const kept = new Set(inserted.map((r) => r.code_hash));
        for (const d of draw) if (kept.delete(d.hash)) codes.push(d.code);
      }
      await queryRows(em, `UPDATE redeem_batches SET pending_export = $2 WHERE id = $1`, [batchId, codes.join('\n')]);
      return { batch: await this.getBatch(batchId, em), codes };
    });
  }

  async getBatch(id: string, em: EntityManager = this.dataSource.manager): Promise<BatchView> {
    const [row] = await queryRows(em, `SELECT ${BATCH_COLUMNS}, s.* FROM redeem_batches b, LATERAL ${STATS} WHERE b.id = $1`, [
      id,
    ]);
    if (!row) throw notFound('Redemption batch');
    return toBatchView(row);
  }

  async listBatches(options: { cursor?: string; limit: number }): Promise<{ items: BatchView[]; nextCursor: string | null }> {
    const after = options.cursor ? decodeTimeCursor(options.cursor) : undefined;
    const rows = await queryRows(
      this.dataSource.manager,
      `SELECT ${BATCH_COLUMNS}, s.* FROM redeem_batches b, LATERAL ${STATS}
        WHERE ($1::timestamptz IS NULL OR (b.created_at, b.id) < ($1, $2::uuid))
        ORDER BY b.created_at DESC, b.id DESC LIMIT $3`,
      [after?.at ?? null, after?.id ?? null, options.limit + 1],
    );
    return toPage(rows.map(toBatchView), options.limit, (last) => encodeTimeCursor(last.createdAt, last.id));
  }

  /** Disables or re-enables a batch, and/or disables single codes of it (given in plain form). */
  async updateBatch(id: string, changes: { status?: 'active' | 'disabled'; disableCodes?: string[] }): Promise<BatchView> {
    const hashes = (changes.disableCodes ?? []).map((code) => {
      const normalized = normalizeRedeemCode(code);
      if (!normalized) throw new DomainException('REDEEM_CODE_MALFORMED', `Not a valid code: ${code.slice(0, 40)}`);
      return hashRedeemCode(normalized);
    });
    await this.dataSource.transaction(async (em) => {
      const rows = await queryRows(
        em,
        `UPDATE redeem_batches SET status = coalesce($2, status), updated_at = now() WHERE id = $1 RETURNING id`,
        [id, changes.status ?? null],
      );
      if (rows.length === 0) throw notFound('Redemption batch');
      if (hashes.length > 0) {
        await queryRows(
          em,
          `UPDATE redeem_codes SET status = 'disabled' WHERE batch_id = $1 AND code_hash = ANY($2::text[]) AND status = 'active'`,
          [id, hashes],
        );
      }
    });
    return this.getBatch(id);
  }

  /** The plain codes of a batch, exactly once: the read and the erasure are one statement. */
  async exportBatch(id: string): Promise<{ batch: BatchView; codes: string[] }> {
    const rows = await queryRows<{ codes: string }>(
      this.dataSource.manager,
      `WITH old AS (SELECT id, pending_export FROM redeem_batches WHERE id = $1 AND pending_export IS NOT NULL FOR UPDATE)
       UPDATE redeem_batches b SET pending_export = NULL, exported_at = now(), updated_at = now()
         FROM old WHERE b.id = old.id RETURNING old.pending_export AS codes`,
      [id],
    );
    if (rows.length === 0) {
      const batch = await this.getBatch(id);
      throw new DomainException(
        'REDEEM_BATCH_ALREADY_EXPORTED',
        'The codes of this batch were already exported; only their hashes are kept',
        {
          exportedAt: batch.exportedAt,
        },
      );
    }
    return { batch: await this.getBatch(id), codes: rows[0].codes.split('\n') };
  }

  // ---------------------------------------------------------------- redeem

  async redeem(userId: string, input: string, ip: string | undefined): Promise<RedeemResult> {
    const normalized = normalizeRedeemCode(input);
    if (!normalized) {
      throw new DomainException(
        'REDEEM_CODE_MALFORMED',
        'This is not a valid code: check for a typo (codes look like XXXX-XXXX-XXXX-X)',
      );
    }
    await this.assertNotThrottled(userId, ip);
    const hash = hashRedeemCode(normalized);
    try {
      return await this.dataSource.transaction((em) => this.claim(em, userId, hash));
    } catch (error) {
      if (error instanceof DomainException && error.code === 'REDEEM_CODE_UNKNOWN') await this.recordInvalid(userId, ip);
      throw error;
    }
  }

  private async claim(em: EntityManager, userId: string, hash: string): Promise<RedeemResult> {
    const [found] = await queryRows(
      em,
      `SELECT c.id AS code_id, c.status AS code_status, ${BATCH_COLUMNS}
         FROM redeem_codes c JOIN redeem_batches b ON b.id = c.batch_id WHERE c.code_hash = $1`,
      [hash],
    );
    if (!found) throw new DomainException('REDEEM_CODE_UNKNOWN', 'No such code');
    const codeId = String(found.code_id);
    const batch = toBatchView(found);
    if (found.code_status === 'redeemed') throw new DomainException('REDEEM_CODE_USED', 'This code has already been redeemed');
    if (found.code_status === 'disabled' || batch.status === 'disabled') {
      throw new DomainException('REDEEM_CODE_DISABLED', 'This code has been disabled');
    }
    if (batch.redeemBy && batch.redeemBy.getTime() <= Date.now()) {
      throw new DomainException('REDEEM_CODE_EXPIRED', `This code could be redeemed until ${batch.redeemBy.toISOString()}`, {
        redeemBy: batch.redeemBy,
      });
    }
    if (batch.trial?.expiresAt && batch.trial.expiresAt.getTime() <= Date.now()) {
      throw new DomainException(
        'REDEEM_CODE_EXPIRED',
        `The trial period of this card ended at ${batch.trial.expiresAt.toISOString()}`,
        { trialExpiresAt: batch.trial.expiresAt },
      );
    }
    if (batch.perUserLimit !== null) {
      // One user's redemptions in one batch are serialized so the limit holds under concurrency.
      await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`redeem:${batch.id}:${userId}`]);
      const [{ n }] = await queryRows<{ n: string }>(
        em,
        `SELECT count(*) AS n FROM redeem_codes WHERE batch_id = $1 AND redeemed_by = $2`,
        [batch.id, userId],
      );
      if (toSafeInt(n) >= batch.perUserLimit) {
        throw new DomainException('REDEEM_LIMIT_REACHED', `At most ${batch.perUserLimit} code(s) of this batch per user`, {
          limit: batch.perUserLimit,
        });
      }
    }
    // The claim: a concurrent redemption of the same code waits on the row lock, then matches nothing.
    const claimed = await queryRows(
      em,
      `UPDATE redeem_codes SET status = 'redeemed', redeemed_by = $2, redeemed_at = now()
        WHERE id = $1 AND status = 'active' RETURNING id`,
      [codeId, userId],
    );
    if (claimed.length === 0) throw new DomainException('REDEEM_CODE_USED', 'This code has already been redeemed');

    let available = (await this.credits.balance(userId, em)).available;
    let creditsExpireAt: Date | null = null;
    if (batch.credits > 0) {
      creditsExpireAt = batch.creditValidityDays ? new Date(Date.now() + batch.creditValidityDays * DAY_MS) : null;
      const { entry } = await this.credits.grant(em, 'redeem', {
        userId,
        amount: batch.credits,
        reference: { type: 'redeem_code', id: codeId },
        description: `Redeemed a code of “${batch.name}”`,
        expiresAt: creditsExpireAt,
      });
      available = entry.balanceAfter;
    }
    let apiKey: RedeemResult['apiKey'] = null;
    if (batch.trial) {
      const { key, secret } = await this.apiKeys.create(
        userId,
        {
          name: `Trial card: ${batch.name}`.slice(0, 100),
          quotaLimit: batch.trial.quota,
          expiresAfterFirstUseDays: batch.trial.validityDays,
          expiresAt: batch.trial.expiresAt,
          concurrencyLimit: batch.trial.concurrency,
          ...(batch.trial.rateLimitPerMinute
            ? { rateLimitWindowSeconds: 60, rateLimitMaxRequests: batch.trial.rateLimitPerMinute }
            : {}),
        },
        { id: userId, asAdmin: true },
        em,
      );
      await queryRows(em, `UPDATE redeem_codes SET api_key_id = $2 WHERE id = $1`, [codeId, key.id]);
      apiKey = {
        id: key.id,
        prefix: key.prefix,
        secret,
        quotaLimit: key.quotaLimit,
        expiresAfterFirstUseDays: key.expiresAfterFirstUseDays,
        expiresAt: key.expiresAt,
      };
    }
    return { codeId, batchId: batch.id, credits: batch.credits, available, creditsExpireAt, apiKey };
  }

  /** Past the limit of unknown codes in the window (per user or per IP) every redemption is refused. */
  private async assertNotThrottled(userId: string, ip: string | undefined): Promise<void> {
    const [row] = await queryRows<{ by_user: string; by_ip: string }>(
      this.dataSource.manager,
      `SELECT count(*) FILTER (WHERE user_id = $1) AS by_user, count(*) FILTER (WHERE ip = $2) AS by_ip
         FROM redeem_attempts
        WHERE created_at > now() - make_interval(mins => $3) AND (user_id = $1 OR ip = $2)`,
      [userId, ip ?? null, REDEEM_WINDOW_MINUTES],
    );
    const byUser = toSafeInt(row.by_user);
    const byIp = toSafeInt(row.by_ip);
    if (byUser >= REDEEM_INVALID_LIMIT_PER_USER || byIp >= REDEEM_INVALID_LIMIT_PER_IP) {
      throw new DomainException(
        'REDEEM_TOO_MANY_ATTEMPTS',
        `Too many invalid codes; try again in ${REDEEM_WINDOW_MINUTES} minutes`,
        { retryAfterSeconds: REDEEM_WINDOW_MINUTES * 60 },
      );
    }
  }

  /** Records an unknown code; reaching the per-user or per-IP limit raises `redeem.invalid_burst` (one incident per user or IP). */
  private async recordInvalid(userId: string, ip: string | undefined): Promise<void> {
    // The CTE's insert is not visible to the SELECT of the same statement: + 1 counts it.
    const [row] = await queryRows<{ by_user: string; by_ip: string }>(
      this.dataSource.manager,
      `WITH ins AS (INSERT INTO redeem_attempts (user_id, ip) VALUES ($1, $2) RETURNING 1)
       SELECT count(*) FILTER (WHERE user_id = $1) + 1 AS by_user,
              count(*) FILTER (WHERE ip = $2) + CASE WHEN $2::varchar IS NULL THEN 0 ELSE 1 END AS by_ip
         FROM redeem_attempts WHERE (user_id = $1 OR ip = $2) AND created_at > now() - make_interval(mins => $3)`,
      [userId, ip ?? null, REDEEM_WINDOW_MINUTES],
    );
    const byUser = toSafeInt(row.by_user);
    const byIp = toSafeInt(row.by_ip);
    const bursts: { subject: string; message: string; attempts: number }[] = [];
    if (byUser >= REDEEM_INVALID_LIMIT_PER_USER) {
      bursts.push({
        subject: `user:${userId}`,
        message: `User ${userId} sent ${byUser} unknown redemption codes within ${REDEEM_WINDOW_MINUTES} minutes and is throttled`,
        attempts: byUser,
      });
    }
    if (ip && byIp >= REDEEM_INVALID_LIMIT_PER_IP) {
      bursts.push({
        subject: `ip:${ip}`,
        message: `Address ${ip} sent ${byIp} unknown redemption codes within ${REDEEM_WINDOW_MINUTES} minutes (several accounts) and is throttled`,
        attempts: byIp,
      });
    }
    for (const burst of bursts) {
      try {
        await this.alerts.raise('redeem.invalid_burst', burst.subject, {
          title: 'Redemption code guessing',
          message: burst.message,
          details: { userId, ip: ip ?? null, attempts: burst.attempts, windowMinutes: REDEEM_WINDOW_MINUTES },
        });
      } catch (error) {
        this.logger.error({ err: error }, 'could not raise the redeem.invalid_burst alert');
      }
    }
  }
}

function toBatchView(r: Row): BatchView {
  const int = (v: unknown) => (v === null || v === undefined ? null : toSafeInt(v));
  return {
    id: r.id as string,
    name: r.name as string,
    channel: (r.channel as string | null) ?? null,
    note: (r.note as string | null) ?? null,
    credits: toSafeInt(r.credits),
    creditValidityDays: int(r.credit_validity_days),
    redeemBy: (r.redeem_by as Date | null) ?? null,
    perUserLimit: int(r.per_user_limit),
    priceFen: int(r.price_fen),
    count: toSafeInt(r.code_count),
    trial:
      r.trial_quota === null || r.trial_quota === undefined
        ? null
        : {
            quota: toSafeInt(r.trial_quota),
            validityDays: int(r.trial_validity_days),
            expiresAt: (r.trial_expires_at as Date | null) ?? null,
            concurrency: int(r.trial_concurrency) ?? 0,
            rateLimitPerMinute: int(r.trial_rate_limit_per_minute),
          },
    status: r.status as 'active' | 'disabled',
    exportable: Boolean(r.exportable),
    exportedAt: (r.exported_at as Date | null) ?? null,
    createdAt: r.created_at as Date,
    stats: {
      redeemed: int(r.redeemed) ?? 0,
      remaining: int(r.remaining) ?? 0,
      expired: int(r.expired) ?? 0,
      disabled: int(r.disabled) ?? 0,
    },
  };
}
