/* eslint-disable */
// Generated from docs/openapi.json by libs/api-client/scripts/generate-client.js — do not edit.
// Regenerate with `npm run api:gen`; a test fails when this file is stale.
import type { AxiosInstance, AxiosRequestConfig } from 'axios';

/** ReelMeter API 1 */
export const API_VERSION = "1";

export interface ActionStatsDto {
  action: string;
  count: number;
  consumed: number;
  refunded: number;
  net: number;
}

export interface AdjustCreditsDto {
  /** Credits to add (positive) or take away (negative); never below zero */
  delta: number;
  reason: string;
}

export interface AdjustResultDto {
  available: number;
  entry: LedgerEntryDto;
}

export interface AdminApiKeyPageDto {
  items: ApiKeyDto[];
  nextCursor: string | null;
}

export interface AdminCreateApiKeyDto {
  name: string;
  /** Most credits that may be spent through this key; 0 = unlimited (the owner’s balance still applies) */
  quotaLimit?: number;
  /** Absolute expiry (ISO 8601, in the future) */
  expiresAt?: string;
  /** Expires this many days after its first use (with expiresAt too, whichever comes first) */
  expiresAfterFirstUseDays?: number;
  /** Most video jobs in flight at once; 0 = unlimited */
  concurrencyLimit?: number;
  /** Beyond the concurrency limit, wait in a queue instead of failing at once */
  queueEnabled?: boolean;
  /** Most requests waiting in the queue */
  queueMaxSize?: number;
  /** How long a queued request waits for a slot (ms) */
  queueTimeoutMs?: number;
  /** Rate-limit window (seconds) */
  rateLimitWindowSeconds?: number;
  /** Requests allowed per window */
  rateLimitMaxRequests?: number;
  /** Models this key may use; empty = all */
  allowedModels?: string[];
  /** The user the key belongs to (its usage is charged to them) — format: uuid */
  userId: string;
  /** Bind to a dedicated upstream account (its id) or a group (`group:<id>`); none = shared pool */
  upstreamBinding?: string;
}

export interface AdminUpdateApiKeyDto {
  name?: string;
  /** Most credits that may be spent through this key; 0 = unlimited (the owner’s balance still applies) */
  quotaLimit?: number;
  /** Expires this many days after its first use (with expiresAt too, whichever comes first) */
  expiresAfterFirstUseDays?: number;
  /** Most video jobs in flight at once; 0 = unlimited */
  concurrencyLimit?: number;
  /** Beyond the concurrency limit, wait in a queue instead of failing at once */
  queueEnabled?: boolean;
  /** Most requests waiting in the queue */
  queueMaxSize?: number;
  /** How long a queued request waits for a slot (ms) */
  queueTimeoutMs?: number;
  /** Rate-limit window (seconds) */
  rateLimitWindowSeconds?: number;
  /** Requests allowed per window */
  rateLimitMaxRequests?: number;
  /** Models this key may use; empty = all */
  allowedModels?: string[];
  /** Switch the key off and on (revoking is DELETE) */
  status?: "active" | "disabled";
  /** New absolute expiry; null removes it */
  expiresAt?: Record<string, unknown> | null;
  /** Account id, group:<id>, or null for the shared pool */
  upstreamBinding?: Record<string, unknown> | null;
}

export interface AdminUserDetailDto {
  /** format: uuid */
  id: string;
  email: string;
  displayName: string | null;
  role: "user" | "admin";
  status: "active" | "disabled";
  createdAt: string;
  balance: BalanceDto;
}

export interface AdminUserListItemDto {
  /** format: uuid */
  id: string;
  email: string;
  displayName: string | null;
  role: "user" | "admin";
  status: "active" | "disabled";
  createdAt: string;
  available: number;
}

export interface AdminUserPageDto {
  items: AdminUserListItemDto[];
  nextCursor: string | null;
}

export interface ApiKeyDto {
  /** format: uuid */
  id: string;
  /** format: uuid */
  userId: string;
  name: string;
  /** The visible start of the secret, to recognise the key */
  prefix: string;
  status: "active" | "disabled" | "expired" | "revoked";
  /** 0 = unlimited */
  quotaLimit: number;
  quotaUsed: number;
  /** null when unlimited */
  quotaRemaining: number | null;
  expiresAt: string | null;
  expiresAfterFirstUseDays: number | null;
  firstUsedAt: string | null;
  /** 0 = unlimited */
  concurrencyLimit: number;
  queueEnabled: boolean;
  queueMaxSize: number;
  queueTimeoutMs: number;
  rateLimitWindowSeconds: number;
  rateLimitMaxRequests: number;
  allowedModels: string[];
  upstreamBinding: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  createdAt: string;
  updatedAt: string;
  revokedAt: string | null;
}

export interface ApiKeyListDto {
  items: ApiKeyDto[];
  /** Whether this user may create keys (enterprise package or admin approval) */
  canCreate: boolean;
}

export interface ApiKeyPermissionDto {
  /** format: uuid */
  userId: string;
  allowed: boolean;
  /** Who allowed it */
  source: "admin" | "purchase" | null;
  grantedAt: string | null;
}

export interface AuthResponseDto {
  user: UserDto;
  /** JWT access token; send as `Authorization: Bearer <token>` */
  accessToken: string;
  /** Seconds until the access token expires */
  expiresIn: number;
  /** Single-use refresh token (rotated on every refresh) */
  refreshToken: string;
}

export interface BalanceDto {
  available: number;
  totalGranted: number;
  totalUsed: number;
  totalRefunded: number;
  totalExpired: number;
  /** Taken back by order refunds and admin deductions */
  totalDeducted: number;
  updatedAt: string;
}

export interface ConsumeCreditsDto {
  /** Whole credits to spend */
  amount: number;
  /** What the credits pay for (grouped in stats) */
  action: string;
  description?: string;
}

export interface ConsumeResultDto {
  available: number;
  consumed: number;
  ledgerEntryId: string;
}

export interface CreateApiKeyDto {
  name: string;
  /** Most credits that may be spent through this key; 0 = unlimited (the owner’s balance still applies) */
  quotaLimit?: number;
  /** Absolute expiry (ISO 8601, in the future) */
  expiresAt?: string;
  /** Expires this many days after its first use (with expiresAt too, whichever comes first) */
  expiresAfterFirstUseDays?: number;
  /** Most video jobs in flight at once; 0 = unlimited */
  concurrencyLimit?: number;
  /** Beyond the concurrency limit, wait in a queue instead of failing at once */
  queueEnabled?: boolean;
  /** Most requests waiting in the queue */
  queueMaxSize?: number;
  /** How long a queued request waits for a slot (ms) */
  queueTimeoutMs?: number;
  /** Rate-limit window (seconds) */
  rateLimitWindowSeconds?: number;
  /** Requests allowed per window */
  rateLimitMaxRequests?: number;
  /** Models this key may use; empty = all */
  allowedModels?: string[];
}

export interface CreatedApiKeyDto {
  /** format: uuid */
  id: string;
  /** format: uuid */
  userId: string;
  name: string;
  /** The visible start of the secret, to recognise the key */
  prefix: string;
  status: "active" | "disabled" | "expired" | "revoked";
  /** 0 = unlimited */
  quotaLimit: number;
  quotaUsed: number;
  /** null when unlimited */
  quotaRemaining: number | null;
  expiresAt: string | null;
  expiresAfterFirstUseDays: number | null;
  firstUsedAt: string | null;
  /** 0 = unlimited */
  concurrencyLimit: number;
  queueEnabled: boolean;
  queueMaxSize: number;
  queueTimeoutMs: number;
  rateLimitWindowSeconds: number;
  rateLimitMaxRequests: number;
  allowedModels: string[];
  upstreamBinding: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  createdAt: string;
  updatedAt: string;
  revokedAt: string | null;
  /** The secret. Shown in this response only: store it now, it cannot be retrieved again. */
  secret: string;
}

export interface HealthDto {
  status: "ok" | "error";
  database: "up" | "down";
  name: string;
  version: string;
  uptimeSeconds: number;
}

export interface KeyUsageDto {
  /** format: uuid */
  keyId: string;
  name: string;
  prefix: string;
  status: "active" | "disabled" | "expired" | "revoked";
  /** 0 = unlimited */
  quotaLimit: number;
  quotaUsed: number;
  /** null when unlimited */
  quotaRemaining: number | null;
  expiresAt: string | null;
  rateLimitWindowSeconds: number;
  rateLimitMaxRequests: number;
  concurrencyLimit: number;
}

export interface LedgerEntryDto {
  id: string;
  kind: "signup_bonus" | "purchase" | "purchase_bonus" | "consume" | "refund" | "admin_adjust" | "expire" | "order_refund";
  /** Signed: + added, − removed */
  amount: number;
  balanceAfter: number;
  action: string | null;
  description: string | null;
  referenceType: string | null;
  referenceId: string | null;
  createdAt: string;
}

export interface LedgerPageDto {
  items: LedgerEntryDto[];
  /** Pass as cursor for the next page; null at the end */
  nextCursor: string | null;
}

export interface LedgerProblemDto {
  userId: string;
  problem: string;
  expected: number;
  actual: number;
}

export interface LedgerVerificationDto {
  ok: boolean;
  accountsChecked: number;
  entriesChecked: number;
  problems: LedgerProblemDto[];
}

export interface LoginDto {
  email: string;
  password: string;
}

export interface MeDto {
  /** format: uuid */
  id: string;
  email: string;
  displayName: string | null;
  role: "user" | "admin";
  status: "active" | "disabled";
  createdAt: string;
  /** Credits available now */
  available: number;
}

export interface RefreshDto {
  /** The refresh token from register, login or a previous refresh */
  refreshToken: string;
}

export interface RegisterDto {
  email: string;
  password: string;
  displayName?: string;
}

export interface SetApiKeyPermissionDto {
  /** Whether the user may create their own API keys */
  allowed: boolean;
}

export interface StatsDto {
  from: string;
  to: string;
  totalConsumed: number;
  totalRefunded: number;
  byAction: ActionStatsDto[];
}

export interface UpdateApiKeyDto {
  name?: string;
  /** Most credits that may be spent through this key; 0 = unlimited (the owner’s balance still applies) */
  quotaLimit?: number;
  /** Expires this many days after its first use (with expiresAt too, whichever comes first) */
  expiresAfterFirstUseDays?: number;
  /** Most video jobs in flight at once; 0 = unlimited */
  concurrencyLimit?: number;
  /** Beyond the concurrency limit, wait in a queue instead of failing at once */
  queueEnabled?: boolean;
  /** Most requests waiting in the queue */
  queueMaxSize?: number;
  /** How long a queued request waits for a slot (ms) */
  queueTimeoutMs?: number;
  /** Rate-limit window (seconds) */
  rateLimitWindowSeconds?: number;
  /** Requests allowed per window */
  rateLimitMaxRequests?: number;
  /** Models this key may use; empty = all */
  allowedModels?: string[];
  /** Switch the key off and on (revoking is DELETE) */
  status?: "active" | "disabled";
  /** New absolute expiry; null removes it */
  expiresAt?: Record<string, unknown> | null;
}

export interface UpdateUserDto {
  status: "active" | "disabled";
}

export interface UserDto {
  /** format: uuid */
  id: string;
  email: string;
  displayName: string | null;
  role: "user" | "admin";
  status: "active" | "disabled";
  createdAt: string;
}

/** One typed function per operation; each resolves to the response body. */
export function createApiClient(http: AxiosInstance) {
  return {
    /** GET /api/health */
    healthHealth: (config?: AxiosRequestConfig): Promise<HealthDto> =>
      http.get<HealthDto>(`/api/health`, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/api-keys */
    apiKeysAdminList: (query?: { userId?: string; status?: "active" | "disabled" | "expired" | "revoked"; cursor?: string; limit?: number }, config?: AxiosRequestConfig): Promise<AdminApiKeyPageDto> =>
      http.get<AdminApiKeyPageDto>(`/api/v1/admin/api-keys`, { ...config, params: { ...config?.params, ...query } }).then((r) => r.data),
    /** POST /api/v1/admin/api-keys — Create a key for any user (e.g. a one-week trial key with a small quota); the secret is shown once */
    apiKeysAdminCreate: (body: AdminCreateApiKeyDto, config?: AxiosRequestConfig): Promise<CreatedApiKeyDto> =>
      http.post<CreatedApiKeyDto>(`/api/v1/admin/api-keys`, body, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/api-keys/{id} */
    apiKeysAdminGet: (id: string, config?: AxiosRequestConfig): Promise<ApiKeyDto> =>
      http.get<ApiKeyDto>(`/api/v1/admin/api-keys/${encodeURIComponent(String(id))}`, { ...config }).then((r) => r.data),
    /** PATCH /api/v1/admin/api-keys/{id} */
    apiKeysAdminUpdate: (id: string, body: AdminUpdateApiKeyDto, config?: AxiosRequestConfig): Promise<ApiKeyDto> =>
      http.patch<ApiKeyDto>(`/api/v1/admin/api-keys/${encodeURIComponent(String(id))}`, body, { ...config }).then((r) => r.data),
    /** DELETE /api/v1/admin/api-keys/{id} — Revoke a key for good */
    apiKeysAdminRevoke: (id: string, config?: AxiosRequestConfig): Promise<ApiKeyDto> =>
      http.delete<ApiKeyDto>(`/api/v1/admin/api-keys/${encodeURIComponent(String(id))}`, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/ledger/verify */
    creditsAdminVerify: (config?: AxiosRequestConfig): Promise<LedgerVerificationDto> =>
      http.get<LedgerVerificationDto>(`/api/v1/admin/ledger/verify`, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/users */
    usersAdminList: (query?: { query?: string; cursor?: string; limit?: number }, config?: AxiosRequestConfig): Promise<AdminUserPageDto> =>
      http.get<AdminUserPageDto>(`/api/v1/admin/users`, { ...config, params: { ...config?.params, ...query } }).then((r) => r.data),
    /** GET /api/v1/admin/users/{id} */
    usersAdminDetail: (id: string, config?: AxiosRequestConfig): Promise<AdminUserDetailDto> =>
      http.get<AdminUserDetailDto>(`/api/v1/admin/users/${encodeURIComponent(String(id))}`, { ...config }).then((r) => r.data),
    /** PATCH /api/v1/admin/users/{id} */
    usersAdminUpdate: (id: string, body: UpdateUserDto, config?: AxiosRequestConfig): Promise<AdminUserDetailDto> =>
      http.patch<AdminUserDetailDto>(`/api/v1/admin/users/${encodeURIComponent(String(id))}`, body, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/users/{id}/api-key-permission */
    apiKeyPermissionsAdminGet: (id: string, config?: AxiosRequestConfig): Promise<ApiKeyPermissionDto> =>
      http.get<ApiKeyPermissionDto>(`/api/v1/admin/users/${encodeURIComponent(String(id))}/api-key-permission`, { ...config }).then((r) => r.data),
    /** PUT /api/v1/admin/users/{id}/api-key-permission */
    apiKeyPermissionsAdminSet: (id: string, body: SetApiKeyPermissionDto, config?: AxiosRequestConfig): Promise<ApiKeyPermissionDto> =>
      http.put<ApiKeyPermissionDto>(`/api/v1/admin/users/${encodeURIComponent(String(id))}/api-key-permission`, body, { ...config }).then((r) => r.data),
    /** POST /api/v1/admin/users/{id}/credits/adjust — Headers: idempotency-key, Idempotency-Key. */
    creditsAdminAdjust: (id: string, body: AdjustCreditsDto, config?: AxiosRequestConfig): Promise<AdjustResultDto> =>
      http.post<AdjustResultDto>(`/api/v1/admin/users/${encodeURIComponent(String(id))}/credits/adjust`, body, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/users/{id}/ledger */
    creditsAdminLedger: (id: string, query?: { cursor?: string; limit?: number; kind?: "signup_bonus" | "purchase" | "purchase_bonus" | "consume" | "refund" | "admin_adjust" | "expire" | "order_refund" }, config?: AxiosRequestConfig): Promise<LedgerPageDto> =>
      http.get<LedgerPageDto>(`/api/v1/admin/users/${encodeURIComponent(String(id))}/ledger`, { ...config, params: { ...config?.params, ...query } }).then((r) => r.data),
    /** GET /api/v1/api-keys */
    apiKeysList: (config?: AxiosRequestConfig): Promise<ApiKeyListDto> =>
      http.get<ApiKeyListDto>(`/api/v1/api-keys`, { ...config }).then((r) => r.data),
    /** POST /api/v1/api-keys — Create a key — Needs the enterprise package or an admin’s approval (API_KEYS_NOT_ALLOWED otherwise). The `secret` is in this response only. Idempotency-Key is not honoured here (the secret is never stored to be replayed). */
    apiKeysCreate: (body: CreateApiKeyDto, config?: AxiosRequestConfig): Promise<CreatedApiKeyDto> =>
      http.post<CreatedApiKeyDto>(`/api/v1/api-keys`, body, { ...config }).then((r) => r.data),
    /** GET /api/v1/api-keys/{id} */
    apiKeysGet: (id: string, config?: AxiosRequestConfig): Promise<ApiKeyDto> =>
      http.get<ApiKeyDto>(`/api/v1/api-keys/${encodeURIComponent(String(id))}`, { ...config }).then((r) => r.data),
    /** PATCH /api/v1/api-keys/{id} */
    apiKeysUpdate: (id: string, body: UpdateApiKeyDto, config?: AxiosRequestConfig): Promise<ApiKeyDto> =>
      http.patch<ApiKeyDto>(`/api/v1/api-keys/${encodeURIComponent(String(id))}`, body, { ...config }).then((r) => r.data),
    /** DELETE /api/v1/api-keys/{id} — Revoke a key for good */
    apiKeysRevoke: (id: string, config?: AxiosRequestConfig): Promise<ApiKeyDto> =>
      http.delete<ApiKeyDto>(`/api/v1/api-keys/${encodeURIComponent(String(id))}`, { ...config }).then((r) => r.data),
    /** POST /api/v1/auth/login */
    authLogin: (body: LoginDto, config?: AxiosRequestConfig): Promise<AuthResponseDto> =>
      http.post<AuthResponseDto>(`/api/v1/auth/login`, body, { ...config }).then((r) => r.data),
    /** POST /api/v1/auth/refresh */
    authRefresh: (body: RefreshDto, config?: AxiosRequestConfig): Promise<AuthResponseDto> =>
      http.post<AuthResponseDto>(`/api/v1/auth/refresh`, body, { ...config }).then((r) => r.data),
    /** POST /api/v1/auth/register */
    authRegister: (body: RegisterDto, config?: AxiosRequestConfig): Promise<AuthResponseDto> =>
      http.post<AuthResponseDto>(`/api/v1/auth/register`, body, { ...config }).then((r) => r.data),
    /** GET /api/v1/credits/balance — Accepts an API key. */
    creditsBalance: (config?: AxiosRequestConfig): Promise<BalanceDto> =>
      http.get<BalanceDto>(`/api/v1/credits/balance`, { ...config }).then((r) => r.data),
    /** POST /api/v1/credits/consume — Accepts an API key. — Headers: idempotency-key, Idempotency-Key. */
    creditsConsume: (body: ConsumeCreditsDto, config?: AxiosRequestConfig): Promise<ConsumeResultDto> =>
      http.post<ConsumeResultDto>(`/api/v1/credits/consume`, body, { ...config }).then((r) => r.data),
    /** GET /api/v1/credits/ledger — Accepts an API key. */
    creditsLedger: (query?: { cursor?: string; limit?: number; kind?: "signup_bonus" | "purchase" | "purchase_bonus" | "consume" | "refund" | "admin_adjust" | "expire" | "order_refund" }, config?: AxiosRequestConfig): Promise<LedgerPageDto> =>
      http.get<LedgerPageDto>(`/api/v1/credits/ledger`, { ...config, params: { ...config?.params, ...query } }).then((r) => r.data),
    /** DELETE /api/v1/credits/ledger/{id} */
    creditsDeleteEntry: (id: string, config?: AxiosRequestConfig): Promise<unknown> =>
      http.delete<unknown>(`/api/v1/credits/ledger/${encodeURIComponent(String(id))}`, { ...config }).then((r) => r.data),
    /** GET /api/v1/credits/stats — Accepts an API key. */
    creditsStats: (query?: { from?: string; to?: string }, config?: AxiosRequestConfig): Promise<StatsDto> =>
      http.get<StatsDto>(`/api/v1/credits/stats`, { ...config, params: { ...config?.params, ...query } }).then((r) => r.data),
    /** GET /api/v1/key-usage — Accepts an API key. */
    keyUsageUsage: (config?: AxiosRequestConfig): Promise<KeyUsageDto> =>
      http.get<KeyUsageDto>(`/api/v1/key-usage`, { ...config }).then((r) => r.data),
    /** GET /api/v1/me */
    authMe: (config?: AxiosRequestConfig): Promise<MeDto> =>
      http.get<MeDto>(`/api/v1/me`, { ...config }).then((r) => r.data),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
