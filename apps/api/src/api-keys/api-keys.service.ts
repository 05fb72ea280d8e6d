import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows, Row, toSafeInt } from '../common/database/sql';
import { DomainException, notFound } from '../common/errors/domain.exception';
import { hashApiKey, isWellFormedApiKey, newApiKeySecret } from './api-key-secret';
import { ApiKeySettings, ApiKeyStatus, ApiKeyView, AuthenticatedKey } from './api-key.types';

/** Columns as settings names, so create and update are written once. */
const SETTING_COLUMNS: Record<keyof ApiKeySettings, string> = {
  name: 'name',
  quotaLimit: 'quota_limit',
  expiresAt: 'expires_at',
  expiresAfterFirstUseDays: 'expires_after_first_use_days',
  concurrencyLimit: 'concurrency_limit',
  queueEnabled: 'queue_enabled',
  queueMaxSize: 'queue_max_size',
  queueTimeoutMs: 'queue_timeout_ms',
  rateLimitWindowSeconds: 'rate_limit_window_seconds',
  rateLimitMaxRequests: 'rate_limit_max_requests',
  allowedModels: 'allowed_models',
  upstreamBinding: 'upstream_binding',
};

const KEY_COLUMNS = `id, user_id, name, prefix, status, quota_limit, quota_used, expires_at, expires_after_first_use_days,
  first_used_at, concurrency_limit, queue_enabled, queue_max_size, queue_timeout_ms, rate_limit_window_seconds,
  rate_limit_max_requests, allowed_models, upstream_binding, last_used_at, last_used_ip, created_by, created_at,
  updated_at, revoked_at`;

/** How often the "last used at / from" columns are refreshed for a busy key (one write per key per period). */
const LAST_USED_REFRESH_MS = 30_000;

export interface KeyOwnerPermission {
  userId: string;
  allowed: boolean;
  source: 'admin' | 'purchase' | null;
  grantedAt: Date | null;
}

/**
 * API keys: lifecycle (create with a secret shown once, list, update, revoke), who may create them,
 * and authentication of a presented secret. Only a SHA-256 hash and a visible prefix are stored.
 */
@Injectable()
export class ApiKeysService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ---------------------------------------------------------------- permission to create keys

  async permission(userId: string, em: EntityManager = this.dataSource.manager): Promise<KeyOwnerPermission> {
    await this.assertUserExists(userId, em);
    const [row] = await queryRows(em, `SELECT source, created_at FROM api_key_permissions WHERE user_id = $1`, [userId]);
    return {
      userId,
      allowed: !!row,
      source: (row?.source as 'admin' | 'purchase' | undefined) ?? null,
      grantedAt: (row?.created_at as Date | undefined) ?? null,
    };
  }

  /**
   * Lets a user create their own keys. Payments calls this with source `purchase` inside the order's
   * fulfilment transaction when the package carries the API-key flag; admins with source `admin`.
   * Granting twice keeps the first grant.
   */
  async grantPermission(
    em: EntityManager | undefined,
    userId: string,
    grant: { source: 'admin' | 'purchase'; referenceId?: string; grantedBy?: string },
  ): Promise<KeyOwnerPermission> {
    const manager = em ?? this.dataSource.manager;
    await this.assertUserExists(userId, manager);
    await queryRows(
      manager,
      `INSERT INTO api_key_permissions (user_id, source, reference_id, granted_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO NOTHING`,
      [userId, grant.source, grant.referenceId ?? null, grant.grantedBy ?? null],
    );
    return this.permission(userId, manager);
  }

  /**
   * A refunded order no longer grants the permission it granted: it moves to `otherOrderId` (another
   * paid order of a package with the API-key flag) when there is one, and is withdrawn otherwise. A
   * permission from an admin, or from another order, is left alone; keys that exist keep working
   * until an admin revokes them.
   */
  async releasePurchaseGrant(em: EntityManager, userId: string, orderId: string, otherOrderId: string | null): Promise<void> {
    if (otherOrderId) {
      await queryRows(
        em,
        `UPDATE api_key_permissions SET reference_id = $3 WHERE user_id = $1 AND source = 'purchase' AND reference_id = $2`,
        [userId, orderId, otherOrderId],
      );
      return;
    }
    await queryRows(em, `DELETE FROM api_key_permissions WHERE user_id = $1 AND source = 'purchase' AND reference_id = $2`, [
      userId,
      orderId,
    ]);
  }

  /** Withdraws the permission to create keys; keys that exist keep working until revoked. */
  async withdrawPermission(userId: string): Promise<KeyOwnerPermission> {
    await queryRows(this.dataSource.manager, `DELETE FROM api_key_permissions WHERE user_id = $1`, [userId]);
    return this.permission(userId);
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Creates a key. `asAdmin` skips the permission check (admins create keys for any user, e.g. a
   * one-week trial key). The secret is returned here and never again.
   */
  async create(
    ownerId: string,
    settings: ApiKeySettings & { name: string },
    actor: { id: string; asAdmin: boolean },
    /** The caller's transaction (a trial card's key is created with the redemption). */
    em: EntityManager = this.dataSource.manager,
  ): Promise<{ key: ApiKeyView; secret: string }> {
    assertConsistent(settings);
    if (!actor.asAdmin) {
      const permission = await this.permission(ownerId);
      if (!permission.allowed) {
        throw new DomainException(
          'API_KEYS_NOT_ALLOWED',
          'Creating API keys needs the enterprise package or an administrator’s approval',
        );
      }
    } else {
      await this.assertUserExists(ownerId, em);
    }
    const columns = ['user_id', 'prefix', 'secret_hash', 'created_by'];
    const { secret, prefix, hash } = newApiKeySecret();
    const values: unknown[] = [ownerId, prefix, hash, actor.id];
    for (const [field, column] of Object.entries(SETTING_COLUMNS) as [keyof ApiKeySettings, string][]) {
      if (settings[field] === undefined) continue;
      columns.push(column);
      values.push(settings[field]);
    }
    // 256 random bits do not collide; the unique index on secret_hash would refuse it if they ever did.
    const [row] = await queryRows(
      em,
      `INSERT INTO api_keys (${columns.join(', ')}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})
       RETURNING ${KEY_COLUMNS}`,
      values,
    );
    return { key: toView(row), secret };
  }

  async get(id: string, ownerId?: string): Promise<ApiKeyView> {
    const rows = await queryRows(
      this.dataSource.manager,
      `SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = $1 ${ownerId ? 'AND user_id = $2' : ''}`,
      ownerId ? [id, ownerId] : [id],
    );
    if (!rows.length) throw notFound('API key');
    return toView(rows[0]);
  }

  /** A user's keys, newest first (a user has few keys, so no paging). */
  async listForUser(userId: string): Promise<ApiKeyView[]> {
    const rows = await queryRows(
      this.dataSource.manager,
      `SELECT ${KEY_COLUMNS} FROM api_keys WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT 500`,
      [userId],
    );
    return rows.map(toView);
  }

  /** Admin listing, newest first; cursor = the last item's (createdAt, id). */
  async list(options: {
    userId?: string;
    status?: ApiKeyStatus;
    after?: { createdAt: Date; id: string };
    limit: number;
  }): Promise<ApiKeyView[]> {
    const params: unknown[] = [options.limit];
    const where: string[] = [];
    if (options.userId) {
      params.push(options.userId);
      where.push(`user_id = $${params.length}`);
    }
    if (options.status) {
      params.push(options.status);
      where.push(`status = $${params.length}`);
    }
    if (options.after) {
      params.push(options.after.createdAt, options.after.id);
      where.push(`(created_at, id) < ($${params.length - 1}, $${params.length})`);
    }
    const rows = await queryRows(
      this.dataSource.manager,
      `SELECT ${KEY_COLUMNS} FROM api_keys ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT $1`,
      params,
    );
    return rows.map(toView);
  }

  /**
   * Changes settings and/or switches the key between active and disabled. A revoked key is final.
   * Re-activating an expired key needs an expiry in the future (or none).
   */
  async update(id: string, changes: ApiKeySettings & { status?: 'active' | 'disabled' }, ownerId?: string): Promise<ApiKeyView> {
    return this.dataSource.transaction(async (em) => {
      const rows = await queryRows(
        em,
        `SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = $1 ${ownerId ? 'AND user_id = $2' : ''} FOR UPDATE`,
        ownerId ? [id, ownerId] : [id],
      );
      if (!rows.length) throw notFound('API key');
      const current = toView(rows[0]);
      if (current.status === 'revoked') {
        throw new DomainException('API_KEY_NOT_MODIFIABLE', 'This API key is revoked; create a new one');
      }
      assertConsistent({ ...current, ...changes }, changes);
      const sets: string[] = [];
      const values: unknown[] = [id];
      for (const [field, column] of Object.entries(SETTING_COLUMNS) as [keyof ApiKeySettings, string][]) {
        if (changes[field] === undefined) continue;
        values.push(changes[field]);
        sets.push(`${column} = $${values.length}`);
      }
      if (changes.status) {
        const expiresAt = changes.expiresAt !== undefined ? changes.expiresAt : current.expiresAt;
        if (changes.status === 'active' && expiresAt && expiresAt.getTime() <= Date.now()) {
          throw new DomainException('VALIDATION_FAILED', 'Set an expiry in the future to re-activate an expired key');
        }
        values.push(changes.status);
        sets.push(`status = $${values.length}`);
      }
      if (!sets.length) return current;
      const [row] = await queryRows(
        em,
        `UPDATE api_keys SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 RETURNING ${KEY_COLUMNS}`,
        values,
      );
      return toView(row);
    });
  }

  /** Revokes for good; revoking twice answers the key as it is. */
  async revoke(id: string, actorId: string, ownerId?: string): Promise<ApiKeyView> {
    const rows = await queryRows(
      this.dataSource.manager,
      `UPDATE api_keys SET status = 'revoked', revoked_at = now(), revoked_by = $2, updated_at = now()
        WHERE id = $1 AND status <> 'revoked' ${ownerId ? 'AND user_id = $3' : ''}
        RETURNING ${KEY_COLUMNS}`,
      ownerId ? [id, actorId, ownerId] : [id, actorId],
    );
    return rows.length ? toView(rows[0]) : this.get(id, ownerId);
  }

  // ---------------------------------------------------------------- authentication

  /**
   * Resolves a presented secret to its key, or throws: unknown → INVALID_API_KEY (401), revoked →
   * API_KEY_REVOKED (401), expired → API_KEY_EXPIRED (403), disabled → API_KEY_DISABLED (403), owner
   * disabled → USER_DISABLED (403). Records first use (which starts an "N days after first use"
   * expiry) and, at most every 30 s, last used at / from.
   */
  async authenticate(secret: string, ip: string | undefined): Promise<AuthenticatedKey> {
    if (!isWellFormedApiKey(secret)) throw invalidKey();
    const [row] = await queryRows(
      this.dataSource.manager,
      `SELECT k.id, k.user_id, k.status, k.expires_at <= now() AS expired, k.first_used_at, k.last_used_at,
              k.last_used_ip, k.expires_after_first_use_days, k.rate_limit_window_seconds, k.rate_limit_max_requests,
              u.status AS user_status
         FROM api_keys k JOIN users u ON u.id = k.user_id
        WHERE k.secret_hash = $1`,
      [hashApiKey(secret)],
    );
    if (!row) throw invalidKey();
    if (row.status === 'revoked') throw new DomainException('API_KEY_REVOKED', 'This API key has been revoked');
    if (row.status === 'expired' || row.expired === true) {
      throw new DomainException('API_KEY_EXPIRED', 'This API key has expired');
    }
    if (row.status === 'disabled') throw new DomainException('API_KEY_DISABLED', 'This API key is disabled');
    if (row.user_status !== 'active') throw new DomainException('USER_DISABLED', 'This account is disabled');

    const lastUsedAt = row.last_used_at as Date | null;
    const clientIp = ip?.slice(0, 64) ?? null;
    if (
      !row.first_used_at ||
      !lastUsedAt ||
      Date.now() - lastUsedAt.getTime() > LAST_USED_REFRESH_MS ||
      row.last_used_ip !== clientIp
    ) {
      const [used] = await queryRows(
        this.dataSource.manager,
        `UPDATE api_keys
            SET expires_at = CASE
                  WHEN first_used_at IS NULL AND expires_after_first_use_days IS NOT NULL
                  THEN LEAST(coalesce(expires_at, 'infinity'), now() + make_interval(days => expires_after_first_use_days))
                  ELSE expires_at END,
                first_used_at = coalesce(first_used_at, now()),
                last_used_at = now(), last_used_ip = $2
          WHERE id = $1
          RETURNING expires_at <= now() AS expired`,
        [row.id, clientIp],
      );
      if (used?.expired === true) throw new DomainException('API_KEY_EXPIRED', 'This API key has expired');
    }
    return {
      id: String(row.id),
      userId: String(row.user_id),
      rateLimitWindowSeconds: Number(row.rate_limit_window_seconds),
      rateLimitMaxRequests: Number(row.rate_limit_max_requests),
    };
  }

  /**
   * For the video pipeline: refuses a model the key is not allowed to use (an empty list allows all)
   * and tells the router which upstream account or group the key is bound to.
   */
  async policy(apiKeyId: string): Promise<{ allowedModels: string[]; binding: { accountId?: string; groupId?: string } }> {
    const key = await this.get(apiKeyId);
    const binding = key.upstreamBinding?.startsWith('group:')
      ? { groupId: key.upstreamBinding.slice('group:'.length) }
      : key.upstreamBinding
        ? { accountId: key.upstreamBinding }
        : {};
    return { allowedModels: key.allowedModels, binding };
  }

  async assertModelAllowed(apiKeyId: string, model: string): Promise<void> {
    const { allowedModels } = await this.policy(apiKeyId);
    if (allowedModels.length && !allowedModels.includes(model)) {
      throw new DomainException('API_KEY_MODEL_NOT_ALLOWED', `This API key may not use the model ${model}`, {
        model,
        allowedModels,
      });
    }
  }

  private async assertUserExists(userId: string, em: EntityManager = this.dataSource.manager): Promise<void> {
    const rows = await queryRows(em, `SELECT 1 FROM users WHERE id = $1`, [userId]);
    if (!rows.length) throw notFound('User');
  }
}

function invalidKey(): DomainException {
  return new DomainException('INVALID_API_KEY', 'The API key is not valid');
}

/** `merged` is the key as it would be after the change; `change` what the caller sets now. */
function assertConsistent(merged: ApiKeySettings, change: ApiKeySettings = merged): void {
  if (change.expiresAt && change.expiresAt.getTime() <= Date.now()) {
    throw new DomainException('VALIDATION_FAILED', 'expiresAt must be in the future');
  }
  if (merged.queueEnabled && !merged.queueMaxSize) {
    throw new DomainException('VALIDATION_FAILED', 'queueMaxSize must be at least 1 when the queue is enabled');
  }
}

export function toView(row: Row): ApiKeyView {
  return {
    id: String(row.id),
    userId: String(row.user_id),
    name: String(row.name),
    prefix: String(row.prefix),
    status: row.status as ApiKeyStatus,
    quotaLimit: toSafeInt(row.quota_limit),
    quotaUsed: toSafeInt(row.quota_used),
    expiresAt: (row.expires_at as Date | null) ?? null,
    expiresAfterFirstUseDays: row.expires_after_first_use_days === null ? null : Number(row.expires_after_first_use_days),
    firstUsedAt: (row.first_used_at as Date | null) ?? null,
    concurrencyLimit: Number(row.concurrency_limit),
    queueEnabled: row.queue_enabled === true,
    queueMaxSize: Number(row.queue_max_size),
    queueTimeoutMs: Number(row.queue_timeout_ms),
    rateLimitWindowSeconds: Number(row.rate_limit_window_seconds),
    rateLimitMaxRequests: Number(row.rate_limit_max_requests),
    allowedModels: (row.allowed_models as string[] | null) ?? [],
    upstreamBinding: (row.upstream_binding as string | null) ?? null,
    lastUsedAt: (row.last_used_at as Date | null) ?? null,
    lastUsedIp: (row.last_used_ip as string | null) ?? null,
    createdBy: (row.created_by as string | null) ?? null,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
    revokedAt: (row.revoked_at as Date | null) ?? null,
  };
}
