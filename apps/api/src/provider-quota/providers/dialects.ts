/**
 * Every provider's paths, field names and unit conversions in one place. These shapes come from
 * public client code, not official documentation (see docs/notes); an operator can override the
 * paths, the model names and the quota unit per account (`settings` of an upstream account).
 */
export const PROVIDER_NAMES = ['vivaapi', 'suchuang', 'simulated'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export type ProviderOperation = 'submit' | 'query' | 'balance';

/** Per-account adjustments of a dialect. */
export interface ProviderSettings {
  /** Path overrides; `balance: null` means the account has no balance API (its balance is estimated). */
  paths?: Partial<Record<ProviderOperation, string | null>>;
  /** Our model name → the provider's model name (default: unchanged). */
  modelMap?: Record<string, string>;
  /** vivaapi/new-api: quota units per ¥1 (new-api's QuotaPerUnit, 500000). */
  quotaPerYuan?: number;
  /** Per-request timeout, ms. */
  timeoutMs?: number;
}

export const VIVAAPI_DIALECT = {
  auth: 'bearer' as const,
  paths: {
    submit: '/v1/video/create',
    query: '/v1/video/query',
    balance: '/api/usage/token',
  } as Record<ProviderOperation, string | null>,
  quotaPerYuan: 500_000,
  aspectRatio: { landscape: '16:9', portrait: '9:16' },
  /** Where the task id may be in a submit answer (first found wins). */
  taskIdFields: ['id', 'task_id', 'taskId', 'data.id', 'data.task_id', 'data.taskId'],
  urlFields: ['video_url', 'url', 'data.url', 'data.video_url'],
  reasonFields: ['fail_reason', 'error_msg', 'error.message', 'message'],
  queued: ['pending', 'queued', 'submitted', 'not_start', 'image_downloading'],
  running: [
    'video_generating',
    'video_generation_completed',
    'video_upsampling',
    'video_upsampling_completed',
    'in_progress',
    'processing',
    'running',
    'generating',
  ],
  succeeded: ['completed', 'succeeded', 'success', 'succeed'],
  failed: ['failed', 'failure', 'error', 'video_generation_failed', 'video_upsampling_failed'],
  cancelled: ['cancelled', 'canceled'],
};

export const SUCHUANG_DIALECT = {
  /** Raw `Authorization: <key>`, no "Bearer". */
  auth: 'raw' as const,
  paths: {
    submit: '/api/video/veoPlus',
    query: '/api/video/veoDetail',
    // Appears only in design notes (unverified); set `paths.balance` to null when the account has none.
    balance: '/api/user/balance',
  } as Record<ProviderOperation, string | null>,
  ratio: { landscape: '16:9', portrait: '9:16' },
  /** Numeric statuses of veoDetail. */
  statuses: { 0: 'queued', 3: 'running', 1: 'succeeded', 2: 'failed' } as Record<
    number,
    'queued' | 'running' | 'succeeded' | 'failed'
  >,
  okCode: 200,
};

/** Failure texts that mean the content was refused (either dialect). */
export const CONTENT_REJECTED = /unsafe|rejected by google|content.?policy|safety|violat|违规|审核|敏感|不安全/i;
/** Texts that mean the upstream account is out of money. */
export const INSUFFICIENT_BALANCE = /insufficient|quota.*(exhaust|not enough|exceed)|余额|额度|欠费|充值/i;
/** Texts that mean the key is wrong. */
export const INVALID_KEY = /令牌|密钥|api.?key|invalid.*token|token.*invalid|unauthori[sz]ed|key/i;
/** Texts that mean "slow down". */
export const RATE_LIMITED = /频繁|限流|too many|rate.?limit|饱和/i;
/** Texts that mean the task is unknown to the provider. */
export const TASK_NOT_FOUND = /task_not_exist|not.?found|不存在/i;
