/** The stored settings and state of one API key (never its secret). */
export interface ApiKeyView {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  status: ApiKeyStatus;
  quotaLimit: number;
  quotaUsed: number;
  expiresAt: Date | null;
  expiresAfterFirstUseDays: number | null;
  firstUsedAt: Date | null;
  concurrencyLimit: number;
  queueEnabled: boolean;
  queueMaxSize: number;
  queueTimeoutMs: number;
  rateLimitWindowSeconds: number;
  rateLimitMaxRequests: number;
  allowedModels: string[];
  upstreamBinding: string | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  revokedAt: Date | null;
}

export const API_KEY_STATUSES = ['active', 'disabled', 'expired', 'revoked'] as const;
export type ApiKeyStatus = (typeof API_KEY_STATUSES)[number];

/** The settings a key is created or updated with; omitted fields keep their defaults / values. */
export interface ApiKeySettings {
  name?: string;
  quotaLimit?: number;
  expiresAt?: Date | null;
  expiresAfterFirstUseDays?: number | null;
  concurrencyLimit?: number;
  queueEnabled?: boolean;
  queueMaxSize?: number;
  queueTimeoutMs?: number;
  rateLimitWindowSeconds?: number;
  rateLimitMaxRequests?: number;
  allowedModels?: string[];
  upstreamBinding?: string | null;
}

/** What a request authenticated by a key carries into the services that enforce its policy. */
export interface AuthenticatedKey {
  id: string;
  userId: string;
  rateLimitWindowSeconds: number;
  rateLimitMaxRequests: number;
}
