import { ApiKeySettings, ApiKeyView } from './api-key.types';
import { AdminUpdateApiKeyDto, ApiKeyDto, CreateApiKeyDto, KeyUsageDto } from './dto/api-keys.dto';

export function toApiKeyDto(key: ApiKeyView): ApiKeyDto {
  return {
    id: key.id,
    userId: key.userId,
    name: key.name,
    prefix: key.prefix,
    status: key.status,
    quotaLimit: key.quotaLimit,
    quotaUsed: key.quotaUsed,
    quotaRemaining: key.quotaLimit === 0 ? null : Math.max(0, key.quotaLimit - key.quotaUsed),
    expiresAt: key.expiresAt,
    expiresAfterFirstUseDays: key.expiresAfterFirstUseDays,
    firstUsedAt: key.firstUsedAt,
    concurrencyLimit: key.concurrencyLimit,
    queueEnabled: key.queueEnabled,
    queueMaxSize: key.queueMaxSize,
    queueTimeoutMs: key.queueTimeoutMs,
    rateLimitWindowSeconds: key.rateLimitWindowSeconds,
    rateLimitMaxRequests: key.rateLimitMaxRequests,
    allowedModels: key.allowedModels,
    upstreamBinding: key.upstreamBinding,
    lastUsedAt: key.lastUsedAt,
    lastUsedIp: key.lastUsedIp,
    createdAt: key.createdAt,
    updatedAt: key.updatedAt,
    revokedAt: key.revokedAt,
  };
}

export function toKeyUsageDto(key: ApiKeyView): KeyUsageDto {
  const dto = toApiKeyDto(key);
  return {
    keyId: dto.id,
    name: dto.name,
    prefix: dto.prefix,
    status: dto.status,
    quotaLimit: dto.quotaLimit,
    quotaUsed: dto.quotaUsed,
    quotaRemaining: dto.quotaRemaining,
    expiresAt: dto.expiresAt,
    rateLimitWindowSeconds: dto.rateLimitWindowSeconds,
    rateLimitMaxRequests: dto.rateLimitMaxRequests,
    concurrencyLimit: dto.concurrencyLimit,
  };
}

/** Request fields → service settings (ISO strings become dates; null clears). */
export function toSettings(
  dto: Partial<Omit<CreateApiKeyDto, 'expiresAt'>> & Partial<Pick<AdminUpdateApiKeyDto, 'upstreamBinding' | 'expiresAt'>>,
): ApiKeySettings {
  return {
    name: dto.name,
    quotaLimit: dto.quotaLimit,
    expiresAt: dto.expiresAt === undefined ? undefined : dto.expiresAt === null ? null : new Date(dto.expiresAt),
    expiresAfterFirstUseDays: dto.expiresAfterFirstUseDays,
    concurrencyLimit: dto.concurrencyLimit,
    queueEnabled: dto.queueEnabled,
    queueMaxSize: dto.queueMaxSize,
    queueTimeoutMs: dto.queueTimeoutMs,
    rateLimitWindowSeconds: dto.rateLimitWindowSeconds,
    rateLimitMaxRequests: dto.rateLimitMaxRequests,
    allowedModels: dto.allowedModels,
    upstreamBinding: dto.upstreamBinding,
  };
}
