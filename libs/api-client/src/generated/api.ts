/* eslint-disable */
// Generated from docs/openapi.json by libs/api-client/scripts/generate-client.js — do not edit.
// Regenerate with `npm run api:gen`; a test fails when this file is stale.
import type { AxiosInstance, AxiosRequestConfig } from 'axios';

/** ReelMeter API 1 */
export const API_VERSION = "1";

export interface AccountCostDto {
  accountId: string;
  name: string;
  costFen: number;
}

export interface ActionPriceDto {
  action: string;
  credits: number;
  active: boolean;
}

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

export interface AdminOrderDto {
  /** format: uuid */
  id: string;
  /** Our order number, as the gateway knows it */
  outTradeNo: string;
  /** format: uuid */
  packageId: string;
  packageName: string;
  /** fen */
  amountFen: number;
  credits: number;
  bonusCredits: number;
  /** Extra credits from the buyer’s VIP level, set when paid */
  vipBonusCredits: number;
  vipLevel: string | null;
  channel: "alipay" | "wechat" | "sandbox";
  status: "pending" | "paid" | "closed" | "refunded";
  /** Render as a QR code */
  qrCode?: string;
  /** Or open this page to pay */
  payUrl?: string;
  expiresAt: string;
  paidAt: string | null;
  closedAt: string | null;
  refundedAt: string | null;
  createdAt: string;
  /** format: uuid */
  userId: string;
  gatewayTradeNo: string | null;
  paidVia: "notification" | "reconciliation" | null;
  /** Credits taken back by the refund */
  refundClawedBack: number | null;
  /** Credits the buyer had already spent and could not be taken back */
  refundShortfall: number | null;
  refundReason: string | null;
}

export interface AdminOrderPageDto {
  items: AdminOrderDto[];
  nextCursor: string | null;
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

export interface AdminVideoJobDto {
  /** format: uuid */
  id: string;
  status: "queued" | "submitting" | "running" | "succeeded" | "failed" | "canceled";
  model: string;
  durationSeconds: number;
  orientation: "landscape" | "portrait";
  prompt: string;
  /** Credits charged for the job */
  credits: number;
  progress: number;
  /** The video, once succeeded */
  resultUrl: string | null;
  error: VideoErrorDto | null;
  /** True once the credits of a failed or canceled job were given back */
  refunded: boolean;
  createdAt: string;
  /** When the upstream accepted the task */
  submittedAt: string | null;
  finishedAt: string | null;
  /** format: uuid */
  userId: string;
  apiKeyId: string | null;
  upstreamAccountId: string | null;
  providerTaskId: string | null;
  /** Upstream cost in fen, once finished */
  costFen: number | null;
  /** The upstream reason, for operators */
  errorDetail: string | null;
  pollCount: number;
  submitStartedAt: string | null;
  deadlineAt: string;
}

export interface AdminVideoJobPageDto {
  items: AdminVideoJobDto[];
  nextCursor: string | null;
}

export interface AlertChannelDto {
  id: string;
  type: "email" | "webhook";
  name: string;
  enabled: boolean;
  minSeverity: "info" | "warning" | "critical";
  locale: "zh-CN" | "en";
  recipients?: string[];
  url?: string;
  format?: "json" | "wecom" | "dingtalk" | "feishu";
  /** Last characters of the webhook signing secret */
  secretHint?: string;
  createdAt: string;
  updatedAt: string;
}

export interface AlertDto {
  id: string;
  ruleKey: string;
  /** What the alert is about, e.g. an upstream account id */
  subject: string;
  severity: "info" | "warning" | "critical";
  status: "open" | "acknowledged" | "resolved";
  title: string;
  message: string;
  details: Record<string, unknown> | null;
  /** How many times the condition was seen while open */
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
  lastNotifiedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolution: string | null;
}

export interface AlertPageDto {
  items: AlertDto[];
  nextCursor: string | null;
  /** Open (unacknowledged) alerts: the unread count */
  openCount: number;
}

export interface AlertRuleDto {
  key: string;
  name: string;
  description: string;
  enabled: boolean;
  severity: "info" | "warning" | "critical";
  params: Record<string, unknown>;
  cooldownMinutes: number;
  updatedAt: string;
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

export interface BalanceCheckDto {
  items: BalanceCheckItemDto[];
}

export interface BalanceCheckItemDto {
  accountId: string;
  ok: boolean;
  balanceFen?: number;
  source?: "reported" | "estimated";
  errorKind?: string;
  message?: string;
  latencyMs: number;
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
  /** What expires when, soonest first (spending uses the soonest-expiring credits first) */
  expiring: ExpiringCreditsDto[];
}

export interface BalanceHistoryDto {
  /** Oldest first */
  items: BalancePointDto[];
}

export interface BalancePointDto {
  balanceFen: number;
  source: "reported" | "estimated";
  at: string;
}

export interface ChannelDto {
  channel: "alipay" | "wechat" | "sandbox";
  /** False when the operator has not configured it (or sandbox in production) */
  available: boolean;
}

export interface ChannelTestResultDto {
  ok: boolean;
  error?: string;
}

export interface ConsumeCreditsDto {
  /** Whole credits to spend; omit it to pay the price of a paid action from GET /pricing (script, character) */
  amount?: number;
  /** What the credits pay for (grouped in stats) */
  action: string;
  description?: string;
}

export interface ConsumeResultDto {
  available: number;
  consumed: number;
  ledgerEntryId: string;
}

export interface CreateAlertChannelDto {
  type: "email" | "webhook";
  name: string;
  enabled?: boolean;
  minSeverity?: "info" | "warning" | "critical";
  locale?: "zh-CN" | "en";
  /** E-mail channels: recipients (1–20) */
  recipients?: string[];
  /** Webhook channels: where to POST */
  url?: string;
  /** Webhook body: ours, or a WeCom / DingTalk / Feishu robot */
  format?: "json" | "wecom" | "dingtalk" | "feishu";
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

export interface CreatedAlertChannelDto {
  id: string;
  type: "email" | "webhook";
  name: string;
  enabled: boolean;
  minSeverity: "info" | "warning" | "critical";
  locale: "zh-CN" | "en";
  recipients?: string[];
  url?: string;
  format?: "json" | "wecom" | "dingtalk" | "feishu";
  /** Last characters of the webhook signing secret */
  secretHint?: string;
  createdAt: string;
  updatedAt: string;
  /** Webhook signing secret, shown only in this response. Verify `X-ReelMeter-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` */
  secret?: string;
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

export interface CreatedRedeemBatchDto {
  /** format: uuid */
  id: string;
  name: string;
  channel: string | null;
  note: string | null;
  credits: number;
  creditValidityDays: number | null;
  redeemBy: string | null;
  perUserLimit: number | null;
  priceFen: number | null;
  count: number;
  trial: TrialTemplateViewDto | null;
  status: "active" | "disabled";
  /** True until the one export of the plain codes */
  exportable: boolean;
  exportedAt: string | null;
  createdAt: string;
  stats: RedeemBatchStatsDto;
  /** The plain codes, shown here and in the one export only */
  codes: string[];
}

export interface CreateOrderDto {
  /** format: uuid */
  packageId: string;
  channel: "alipay" | "wechat" | "sandbox";
}

export interface CreatePackageDto {
  code: string;
  name: string;
  description?: string;
  priceFen: number;
  credits: number;
  bonusCredits?: number;
  validityDays?: number | null;
  bonusValidityDays?: number | null;
  grantsApiKeys?: boolean;
  active?: boolean;
  sortOrder?: number;
}

export interface CreateProviderAccountDto {
  provider: "vivaapi" | "suchuang" | "simulated";
  name: string;
  /** Not needed for simulated */
  baseUrl?: string;
  /** Stored encrypted (AES-256-GCM); never returned */
  apiKey: string;
  mode?: "shared" | "dedicated";
  /** format: uuid */
  groupId?: Record<string, unknown> | null;
  /** Higher first */
  priority?: number;
  weight?: number;
  /** 0 = unlimited */
  concurrencyLimit?: number;
  costModel?: "per_credit" | "per_video";
  /** Fen per credit (per_credit) or per video (per_video) */
  costFen?: number;
  /** per_video: fen per video by model */
  costFenByModel?: Record<string, number>;
  lowBalanceThresholdFen?: number;
  /** Dialect overrides: {paths:{submit,query,balance|null}, modelMap:{ours:theirs}, quotaPerYuan, timeoutMs} */
  settings?: Record<string, unknown>;
}

export interface CreateProviderGroupDto {
  name: string;
  description?: string;
}

export interface CreateRedeemBatchDto {
  name: string;
  /** How many codes */
  count: number;
  /** Credits each code grants (0 only with a trial key) */
  credits: number;
  /** Granted credits expire this many days after redemption */
  creditValidityDays?: number;
  /** Codes can be redeemed until then (ISO 8601) */
  redeemBy?: string;
  /** Most codes of this batch one user may redeem */
  perUserLimit?: number;
  /** Storefront / sales channel */
  channel?: string;
  note?: string;
  /** Storefront price of one code in fen (for reports) */
  priceFen?: number;
  /** Makes each code a trial card: redeeming it creates an API key */
  trial?: TrialTemplateDto;
}

export interface CreateTopupDto {
  /** Fen */
  amountFen: number;
  note?: string;
}

export interface CreateVideoDto {
  prompt: string;
  /** A model listed by GET /pricing */
  model: string;
  /** A duration listed by GET /pricing for the model */
  durationSeconds: number;
  orientation: "landscape" | "portrait";
}

export interface DailyFiguresDto {
  date: string;
  timeZone: string;
  /** Start of the local day (UTC instant) */
  from: string;
  to: string;
  /** Paid orders, fen */
  revenueFen: number;
  ordersPaid: number;
  refundsFen: number;
  ordersRefunded: number;
  credits: ReportCreditsDto;
  upstreamCostFen: number;
  upstreamCostByAccount: AccountCostDto[];
  videos: VideoCountsDto;
  /** revenue − refunds − upstream cost, fen */
  grossProfitFen: number;
  /** gross profit / net revenue in basis points (1% = 100) */
  marginBasisPoints: number | null;
  topUsers: TopUserDto[];
  upstreamBalanceFen: number | null;
  redeemed: RedeemedFiguresDto;
}

export interface DailyReportDto {
  figures: DailyFiguresDto;
  generatedAt: string;
  /** How many times this date was generated (re-runs replace the figures) */
  generation: number;
}

export interface DashboardDto {
  timeZone: string;
  today: TodayDto;
  month: MonthDto;
  /** The last 30 days, today included (live) */
  series: SeriesPointDto[];
  upstream: UpstreamSummaryDto | null;
  /** Videos over the 30 days of the series (stored reports + today) */
  jobs: JobsSummaryDto | null;
  topUsers: TopUserAllTimeDto[];
  openAlerts: number;
}

export interface ExpiringCreditsDto {
  expiresAt: string;
  /** Credits that expire then unless spent first */
  credits: number;
}

export interface FailureKindDto {
  errorKind: string;
  status: "failed" | "canceled";
  jobs: number;
  /** Jobs of this kind whose credits were given back (should equal jobs) */
  refunded: number;
  creditsRefunded: number;
}

export interface FailureSummaryDto {
  from: string;
  to: string;
  kinds: FailureKindDto[];
}

export interface HealthDto {
  status: "ok" | "error";
  database: "up" | "down";
  name: string;
  version: string;
  uptimeSeconds: number;
}

export interface JobsSummaryDto {
  succeeded: number;
  failed: number;
  successBasisPoints: number | null;
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
  kind: "signup_bonus" | "purchase" | "purchase_bonus" | "consume" | "refund" | "admin_adjust" | "expire" | "order_refund" | "redeem";
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

export interface LivenessDto {
  status: "ok";
  uptimeSeconds: number;
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
  /** VIP level by cumulative paid amount */
  vip: VipStatusDto;
}

export interface MonthDto {
  revenueFen: number;
  refundsFen: number;
  upstreamCostFen: number;
  grossProfitFen: number;
  marginBasisPoints: number | null;
  /** Credits bought through paid orders */
  creditsSold: number;
  /** Credits granted by redemption codes (separate from paid ones) */
  creditsRedeemed: number;
  codesRedeemed: number;
  /** Storefront value of the redeemed codes, fen (not in revenue) */
  storefrontValueFen: number;
  from: string;
}

export interface OrderDto {
  /** format: uuid */
  id: string;
  /** Our order number, as the gateway knows it */
  outTradeNo: string;
  /** format: uuid */
  packageId: string;
  packageName: string;
  /** fen */
  amountFen: number;
  credits: number;
  bonusCredits: number;
  /** Extra credits from the buyer’s VIP level, set when paid */
  vipBonusCredits: number;
  vipLevel: string | null;
  channel: "alipay" | "wechat" | "sandbox";
  status: "pending" | "paid" | "closed" | "refunded";
  /** Render as a QR code */
  qrCode?: string;
  /** Or open this page to pay */
  payUrl?: string;
  expiresAt: string;
  paidAt: string | null;
  closedAt: string | null;
  refundedAt: string | null;
  createdAt: string;
}

export interface OrderPageDto {
  items: OrderDto[];
  nextCursor: string | null;
}

export interface PackageDto {
  /** format: uuid */
  id: string;
  code: string;
  name: string;
  description: string | null;
  /** Price in fen (CNY minor units) */
  priceFen: number;
  credits: number;
  bonusCredits: number;
  /** Days the purchased credits stay valid; null = never expire */
  validityDays: number | null;
  /** Days the bonus credits stay valid; null = as validityDays */
  bonusValidityDays: number | null;
  /** Buying it lets the user create their own API keys */
  grantsApiKeys: boolean;
  active: boolean;
  sortOrder: number;
}

export interface PriceTableDto {
  /** Credits per video by model and duration */
  videos: VideoPriceDto[];
  /** Other paid actions, charged with POST /credits/consume */
  actions: ActionPriceDto[];
}

export interface ProviderAccountDto {
  /** format: uuid */
  id: string;
  provider: "vivaapi" | "suchuang" | "simulated";
  name: string;
  baseUrl: string;
  /** The key is never returned */
  apiKeyMasked: string;
  mode: "shared" | "dedicated";
  groupId: string | null;
  groupName: string | null;
  priority: number;
  weight: number;
  concurrencyLimit: number;
  inFlight: number;
  costModel: "per_credit" | "per_video";
  costFen: number;
  costFenByModel: Record<string, number>;
  lowBalanceThresholdFen: number;
  status: "active" | "cooling_down" | "exhausted" | "disabled";
  statusReason: string | null;
  statusSince: string;
  cooldownUntil: string | null;
  settings: Record<string, unknown>;
  balanceFen: number | null;
  balanceSource: "reported" | "estimated" | null;
  balanceCheckedAt: string | null;
  totalTopupFen: number;
  totalCostFen: number;
  /** Calls in the last 24 hours */
  usage: UsageSummaryDto;
  createdAt: string;
  updatedAt: string;
}

export interface ProviderAccountListDto {
  items: ProviderAccountDto[];
}

export interface ProviderGroupDto {
  id: string;
  name: string;
  description: string | null;
  accountCount: number;
  createdAt: string;
}

export interface ProviderGroupListDto {
  items: ProviderGroupDto[];
}

export interface QuotaDto {
  /** Credits bought (upstream quota) */
  quota: number;
  /** Credits spent upstream */
  used: number;
  remaining: number;
}

export interface QuotaSummaryDto {
  totalQuota: number;
  totalUsed: number;
  /** Upstream cost recorded for completed videos, fen */
  totalCostFen: number;
  /** Admin-recorded top-ups, fen */
  totalTopupFen: number;
  topUsers: QuotaTopUserDto[];
}

export interface QuotaTopUserDto {
  userId: string;
  email: string;
  quota: number;
  used: number;
}

export interface ReadinessDto {
  status: "ready" | "not_ready";
  database: "up" | "down";
  /** True while the instance shuts down: finishing its work, taking no new traffic */
  draining: boolean;
}

export interface RedeemBatchDto {
  /** format: uuid */
  id: string;
  name: string;
  channel: string | null;
  note: string | null;
  credits: number;
  creditValidityDays: number | null;
  redeemBy: string | null;
  perUserLimit: number | null;
  priceFen: number | null;
  count: number;
  trial: TrialTemplateViewDto | null;
  status: "active" | "disabled";
  /** True until the one export of the plain codes */
  exportable: boolean;
  exportedAt: string | null;
  createdAt: string;
  stats: RedeemBatchStatsDto;
}

export interface RedeemBatchPageDto {
  items: RedeemBatchDto[];
  nextCursor: string | null;
}

export interface RedeemBatchStatsDto {
  redeemed: number;
  /** Active and still redeemable */
  remaining: number;
  /** Not redeemed before the redeem-by date */
  expired: number;
  disabled: number;
}

export interface RedeemDto {
  code: string;
}

export interface RedeemedApiKeyDto {
  /** format: uuid */
  id: string;
  prefix: string;
  /** The key’s secret, shown in this response only */
  secret: string;
  quotaLimit: number;
  /** Days of validity counted from the first use */
  expiresAfterFirstUseDays: number | null;
  /** Fixed end of validity, if the card has one */
  expiresAt: string | null;
}

export interface RedeemedFiguresDto {
  /** Codes redeemed in the day */
  codes: number;
  /** Of those, trial cards that created an API key */
  trialKeys: number;
  /** What the redeemed codes sold for at the outside storefront (batch price × codes), fen. Not in revenue or profit: that money was not taken through ReelMeter */
  storefrontValueFen: number;
  /** Codes from batches without a recorded price (0 in the value) */
  unpricedCodes: number;
}

export interface RedeemResultDto {
  /** format: uuid */
  batchId: string;
  /** Credits granted */
  credits: number;
  /** Balance after the redemption */
  available: number;
  creditsExpireAt: string | null;
  /** Trial cards: the new API key */
  apiKey: RedeemedApiKeyDto | null;
}

export interface RefreshDto {
  /** The refresh token from register, login or a previous refresh */
  refreshToken: string;
}

export interface RefundOrderDto {
  reason: string;
}

export interface RegisterDto {
  email: string;
  password: string;
  displayName?: string;
}

export interface RejectedNotificationDto {
  id: string;
  channel: "alipay" | "wechat" | "sandbox";
  /** bad_signature, merchant_mismatch, stale_timestamp, malformed, unknown_order, amount_mismatch */
  reason: string;
  message: string;
  outTradeNo: string | null;
  orderId: string | null;
  remoteIp: string | null;
  createdAt: string;
}

export interface ReportCreditsDto {
  sold: number;
  purchaseBonus: number;
  signupBonus: number;
  adminGranted: number;
  adminDeducted: number;
  consumed: number;
  refunded: number;
  expired: number;
  /** Taken back by order refunds */
  clawedBack: number;
  /** Granted by redemption codes (not sold here: not in `sold`, not revenue) */
  redeemed: number;
}

export interface ScheduledJobDto {
  name: string;
  cron: string;
  description: string;
  /** False when the scheduler or this job is switched off on this instance */
  enabled: boolean;
}

export interface ScheduledRunDto {
  id: string;
  jobName: string;
  /** The tick this run belongs to (unique per job) */
  slot: string;
  trigger: "cron" | "manual";
  /** Which API instance ran it */
  instanceId: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: "running" | "succeeded" | "failed";
  error: string | null;
  details: Record<string, unknown> | null;
}

export interface ScheduledRunsPageDto {
  jobs: ScheduledJobDto[];
  items: ScheduledRunDto[];
  nextCursor: string | null;
}

export interface SeriesPointDto {
  date: string;
  /** False for a past day whose report was never generated (zeros) */
  reported: boolean;
  revenueFen: number;
  refundsFen: number;
  upstreamCostFen: number;
  grossProfitFen: number;
  videosSucceeded: number;
  videosFailed: number;
  creditsConsumed: number;
  creditsSold: number;
  creditsRedeemed: number;
  /** Storefront value of codes redeemed that day, fen (not in revenue) */
  storefrontValueFen: number;
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

export interface SystemStatusDto {
  status: "normal" | "degraded" | "maintenance";
  /** Banner text (zh-CN); empty when normal */
  message: string;
  /** Banner text (en); empty when normal */
  messageEn: string;
}

export interface TestConnectionDto {
  ok: boolean;
  latencyMs: number;
  balanceFen?: number;
  balanceSource?: "reported" | "estimated";
  errorKind?: string;
  message: string;
}

export interface TodayDto {
  revenueFen: number;
  refundsFen: number;
  upstreamCostFen: number;
  grossProfitFen: number;
  marginBasisPoints: number | null;
  /** Credits bought through paid orders */
  creditsSold: number;
  /** Credits granted by redemption codes (separate from paid ones) */
  creditsRedeemed: number;
  codesRedeemed: number;
  /** Storefront value of the redeemed codes, fen (not in revenue) */
  storefrontValueFen: number;
  date: string;
  ordersPaid: number;
  creditsConsumed: number;
}

export interface TopupResultDto {
  id: string;
  balanceFen: number | null;
}

export interface TopUserAllTimeDto {
  userId: string;
  email: string;
  creditsUsed: number;
  available: number;
}

export interface TopUserDto {
  userId: string;
  email: string;
  creditsConsumed: number;
}

export interface TrialTemplateDto {
  /** Quota of the trial key in credits; 0 = unlimited */
  quota: number;
  /** The key expires this many days after its first use (activation) */
  validityDays?: number;
  /** The key expires at this fixed time (ISO 8601). With validityDays too, whichever comes first; codes cannot be redeemed after it */
  expiresAt?: string;
  /** Most video jobs in flight at once; 0 = unlimited */
  concurrency?: number;
  /** Requests per minute */
  rateLimitPerMinute?: number;
}

export interface TrialTemplateViewDto {
  quota: number;
  validityDays: number | null;
  expiresAt: string | null;
  concurrency: number;
  rateLimitPerMinute: number | null;
}

export interface UpdateAlertChannelDto {
  name?: string;
  enabled?: boolean;
  minSeverity?: "info" | "warning" | "critical";
  locale?: "zh-CN" | "en";
  recipients?: string[];
  url?: string;
  format?: "json" | "wecom" | "dingtalk" | "feishu";
}

export interface UpdateAlertRuleDto {
  enabled?: boolean;
  severity?: "info" | "warning" | "critical";
  /** Thresholds to change (whole numbers), merged into the rule */
  params?: Record<string, unknown>;
  cooldownMinutes?: number;
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

export interface UpdatePackageDto {
  code?: string;
  name?: string;
  description?: string;
  priceFen?: number;
  credits?: number;
  bonusCredits?: number;
  validityDays?: number | null;
  bonusValidityDays?: number | null;
  grantsApiKeys?: boolean;
  active?: boolean;
  sortOrder?: number;
}

export interface UpdateProviderAccountDto {
  name?: string;
  baseUrl?: string;
  /** A new key (re-enables an account disabled for a bad key) */
  apiKey?: string;
  mode?: "shared" | "dedicated";
  /** format: uuid */
  groupId?: Record<string, unknown> | null;
  priority?: number;
  weight?: number;
  concurrencyLimit?: number;
  costModel?: "per_credit" | "per_video";
  costFen?: number;
  costFenByModel?: Record<string, number>;
  lowBalanceThresholdFen?: number;
  /** Admins enable or disable; other states come from the provider */
  status?: "active" | "disabled";
  settings?: Record<string, unknown>;
}

export interface UpdateProviderGroupDto {
  name?: string;
  description?: string;
}

export interface UpdateRedeemBatchDto {
  /** Disable (or re-enable) every code of the batch */
  status?: "active" | "disabled";
  /** Disable these single codes of the batch (for good) */
  disableCodes?: string[];
}

export interface UpdateSystemStatusDto {
  /** Maintenance mode: new video jobs are refused with 503 */
  maintenance: boolean;
  message?: string;
  messageEn?: string;
}

export interface UpdateUserDto {
  status: "active" | "disabled";
}

export interface UpstreamSummaryDto {
  totalTopUpsFen: number;
  costUsedFen: number;
  remainingFen: number;
  usageBasisPoints: number | null;
}

export interface UsageSummaryDto {
  calls: number;
  successes: number;
  failures: number;
  failuresByKind: Record<string, number>;
  /** 0–1 */
  successRate: number | null;
  avgLatencyMs: number | null;
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

export interface VideoCountsDto {
  succeeded: number;
  failed: number;
}

export interface VideoErrorDto {
  /** content_rejected | generation_failed | upstream_unavailable | upstream_balance | rate_limited | timeout | submit_interrupted | canceled | bad_request | task_lost */
  kind: string;
  messageZh: string;
  messageEn: string;
}

export interface VideoJobDto {
  /** format: uuid */
  id: string;
  status: "queued" | "submitting" | "running" | "succeeded" | "failed" | "canceled";
  model: string;
  durationSeconds: number;
  orientation: "landscape" | "portrait";
  prompt: string;
  /** Credits charged for the job */
  credits: number;
  progress: number;
  /** The video, once succeeded */
  resultUrl: string | null;
  error: VideoErrorDto | null;
  /** True once the credits of a failed or canceled job were given back */
  refunded: boolean;
  createdAt: string;
  /** When the upstream accepted the task */
  submittedAt: string | null;
  finishedAt: string | null;
}

export interface VideoJobPageDto {
  items: VideoJobDto[];
  nextCursor: string | null;
}

export interface VideoPriceDto {
  model: string;
  durationSeconds: number;
  credits: number;
  active: boolean;
}

export interface VipLevelDto {
  level: string;
  /** Cumulative paid amount (fen) from which it applies */
  minPaidFen: number;
  /** Extra purchase credits in percent (rounded down) */
  bonusPercent: number;
}

export interface VipLevelsDto {
  levels: VipLevelDto[];
}

export interface VipNextLevelDto {
  level: string;
  /** Cumulative paid amount (fen) that reaches it */
  minPaidFen: number;
}

export interface VipStatusDto {
  /** null below the first level */
  level: string | null;
  /** Extra purchase credits, percent of the package credits */
  bonusPercent: number;
  /** Cumulative paid amount in fen (refunded orders excluded) */
  paidTotalFen: number;
  next: VipNextLevelDto | null;
}

/** Every operation by operationId: method, path, parameters, JSON body and the JSON of its success response. */
export interface Operations {
  Health_health: {
    method: "get";
    path: "/api/health";
    pathParams: never;
    query: never;
    body: never;
    response: HealthDto;
  };
  Health_live: {
    method: "get";
    path: "/api/health/live";
    pathParams: never;
    query: never;
    body: never;
    response: LivenessDto;
  };
  Health_ready: {
    method: "get";
    path: "/api/health/ready";
    pathParams: never;
    query: never;
    body: never;
    response: ReadinessDto;
  };
  Metrics_render: {
    method: "get";
    path: "/api/metrics";
    pathParams: never;
    query: never;
    body: never;
    response: string;
  };
  Alerts_channels: {
    method: "get";
    path: "/api/v1/admin/alert-channels";
    pathParams: never;
    query: never;
    body: never;
    response: AlertChannelDto[];
  };
  Alerts_createChannel: {
    method: "post";
    path: "/api/v1/admin/alert-channels";
    pathParams: never;
    query: never;
    body: CreateAlertChannelDto;
    response: CreatedAlertChannelDto;
  };
  Alerts_channel: {
    method: "get";
    path: "/api/v1/admin/alert-channels/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: AlertChannelDto;
  };
  Alerts_updateChannel: {
    method: "patch";
    path: "/api/v1/admin/alert-channels/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: UpdateAlertChannelDto;
    response: AlertChannelDto;
  };
  Alerts_deleteChannel: {
    method: "delete";
    path: "/api/v1/admin/alert-channels/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: void;
  };
  Alerts_test: {
    method: "post";
    path: "/api/v1/admin/alert-channels/{id}/test";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: ChannelTestResultDto;
  };
  Alerts_rules: {
    method: "get";
    path: "/api/v1/admin/alert-rules";
    pathParams: never;
    query: never;
    body: never;
    response: AlertRuleDto[];
  };
  Alerts_rule: {
    method: "get";
    path: "/api/v1/admin/alert-rules/{key}";
    pathParams: {
      key: string;
    };
    query: never;
    body: never;
    response: AlertRuleDto;
  };
  Alerts_updateRule: {
    method: "patch";
    path: "/api/v1/admin/alert-rules/{key}";
    pathParams: {
      key: string;
    };
    query: never;
    body: UpdateAlertRuleDto;
    response: AlertRuleDto;
  };
  Alerts_list: {
    method: "get";
    path: "/api/v1/admin/alerts";
    pathParams: never;
    query: {
      cursor?: string;
      limit?: number;
      status?: "open" | "acknowledged" | "resolved";
    };
    body: never;
    response: AlertPageDto;
  };
  Alerts_ack: {
    method: "post";
    path: "/api/v1/admin/alerts/{id}/ack";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: AlertDto;
  };
  ApiKeysAdmin_list: {
    method: "get";
    path: "/api/v1/admin/api-keys";
    pathParams: never;
    query: {
      userId?: string;
      status?: "active" | "disabled" | "expired" | "revoked";
      cursor?: string;
      limit?: number;
    };
    body: never;
    response: AdminApiKeyPageDto;
  };
  ApiKeysAdmin_create: {
    method: "post";
    path: "/api/v1/admin/api-keys";
    pathParams: never;
    query: never;
    body: AdminCreateApiKeyDto;
    response: CreatedApiKeyDto;
  };
  ApiKeysAdmin_get: {
    method: "get";
    path: "/api/v1/admin/api-keys/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: ApiKeyDto;
  };
  ApiKeysAdmin_update: {
    method: "patch";
    path: "/api/v1/admin/api-keys/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: AdminUpdateApiKeyDto;
    response: ApiKeyDto;
  };
  ApiKeysAdmin_revoke: {
    method: "delete";
    path: "/api/v1/admin/api-keys/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: ApiKeyDto;
  };
  Reports_dashboard: {
    method: "get";
    path: "/api/v1/admin/dashboard";
    pathParams: never;
    query: never;
    body: never;
    response: DashboardDto;
  };
  CreditsAdmin_verify: {
    method: "get";
    path: "/api/v1/admin/ledger/verify";
    pathParams: never;
    query: never;
    body: never;
    response: LedgerVerificationDto;
  };
  PaymentsAdmin_listOrders: {
    method: "get";
    path: "/api/v1/admin/orders";
    pathParams: never;
    query: {
      cursor?: string;
      limit?: number;
      status?: "pending" | "paid" | "closed" | "refunded";
      channel?: "alipay" | "wechat" | "sandbox";
      userId?: string;
      outTradeNo?: string;
      from?: string;
      to?: string;
    };
    body: never;
    response: AdminOrderPageDto;
  };
  PaymentsAdmin_getOrder: {
    method: "get";
    path: "/api/v1/admin/orders/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: AdminOrderDto;
  };
  PaymentsAdmin_refund: {
    method: "post";
    path: "/api/v1/admin/orders/{id}/refund";
    pathParams: {
      id: string;
    };
    query: never;
    body: RefundOrderDto;
    response: AdminOrderDto;
  };
  PaymentsAdmin_listPackages: {
    method: "get";
    path: "/api/v1/admin/packages";
    pathParams: never;
    query: never;
    body: never;
    response: PackageDto[];
  };
  PaymentsAdmin_createPackage: {
    method: "post";
    path: "/api/v1/admin/packages";
    pathParams: never;
    query: never;
    body: CreatePackageDto;
    response: PackageDto;
  };
  PaymentsAdmin_updatePackage: {
    method: "patch";
    path: "/api/v1/admin/packages/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: UpdatePackageDto;
    response: PackageDto;
  };
  PaymentsAdmin_rejected: {
    method: "get";
    path: "/api/v1/admin/payments/rejected-notifications";
    pathParams: never;
    query: never;
    body: never;
    response: RejectedNotificationDto[];
  };
  VideosAdmin_prices: {
    method: "get";
    path: "/api/v1/admin/pricing";
    pathParams: never;
    query: never;
    body: never;
    response: PriceTableDto;
  };
  VideosAdmin_replace: {
    method: "put";
    path: "/api/v1/admin/pricing";
    pathParams: never;
    query: never;
    body: PriceTableDto;
    response: PriceTableDto;
  };
  ProviderAccounts_list: {
    method: "get";
    path: "/api/v1/admin/provider-accounts";
    pathParams: never;
    query: never;
    body: never;
    response: ProviderAccountListDto;
  };
  ProviderAccounts_create: {
    method: "post";
    path: "/api/v1/admin/provider-accounts";
    pathParams: never;
    query: never;
    body: CreateProviderAccountDto;
    response: ProviderAccountDto;
  };
  ProviderAccounts_checkAll: {
    method: "post";
    path: "/api/v1/admin/provider-accounts/balance-check";
    pathParams: never;
    query: never;
    body: never;
    response: BalanceCheckDto;
  };
  ProviderAccounts_get: {
    method: "get";
    path: "/api/v1/admin/provider-accounts/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: ProviderAccountDto;
  };
  ProviderAccounts_update: {
    method: "patch";
    path: "/api/v1/admin/provider-accounts/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: UpdateProviderAccountDto;
    response: ProviderAccountDto;
  };
  ProviderAccounts_remove: {
    method: "delete";
    path: "/api/v1/admin/provider-accounts/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: void;
  };
  ProviderAccounts_history: {
    method: "get";
    path: "/api/v1/admin/provider-accounts/{id}/balance-history";
    pathParams: {
      id: string;
    };
    query: {
      limit?: number;
    };
    body: never;
    response: BalanceHistoryDto;
  };
  ProviderAccounts_test: {
    method: "post";
    path: "/api/v1/admin/provider-accounts/{id}/test";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: TestConnectionDto;
  };
  ProviderAccounts_topup: {
    method: "post";
    path: "/api/v1/admin/provider-accounts/{id}/topups";
    pathParams: {
      id: string;
    };
    query: never;
    body: CreateTopupDto;
    response: TopupResultDto;
  };
  ProviderAccounts_groups: {
    method: "get";
    path: "/api/v1/admin/provider-groups";
    pathParams: never;
    query: never;
    body: never;
    response: ProviderGroupListDto;
  };
  ProviderAccounts_createGroup: {
    method: "post";
    path: "/api/v1/admin/provider-groups";
    pathParams: never;
    query: never;
    body: CreateProviderGroupDto;
    response: ProviderGroupDto;
  };
  ProviderAccounts_group: {
    method: "get";
    path: "/api/v1/admin/provider-groups/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: ProviderGroupDto;
  };
  ProviderAccounts_updateGroup: {
    method: "patch";
    path: "/api/v1/admin/provider-groups/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: UpdateProviderGroupDto;
    response: ProviderGroupDto;
  };
  ProviderAccounts_removeGroup: {
    method: "delete";
    path: "/api/v1/admin/provider-groups/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: void;
  };
  ProviderAccounts_quotaSummary: {
    method: "get";
    path: "/api/v1/admin/quota";
    pathParams: never;
    query: never;
    body: never;
    response: QuotaSummaryDto;
  };
  RedeemAdmin_list: {
    method: "get";
    path: "/api/v1/admin/redeem-batches";
    pathParams: never;
    query: {
      cursor?: string;
      limit?: number;
    };
    body: never;
    response: RedeemBatchPageDto;
  };
  RedeemAdmin_create: {
    method: "post";
    path: "/api/v1/admin/redeem-batches";
    pathParams: never;
    query: never;
    body: CreateRedeemBatchDto;
    response: CreatedRedeemBatchDto;
  };
  RedeemAdmin_get: {
    method: "get";
    path: "/api/v1/admin/redeem-batches/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: RedeemBatchDto;
  };
  RedeemAdmin_update: {
    method: "patch";
    path: "/api/v1/admin/redeem-batches/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: UpdateRedeemBatchDto;
    response: RedeemBatchDto;
  };
  RedeemAdmin_export: {
    method: "get";
    path: "/api/v1/admin/redeem-batches/{id}/export";
    pathParams: {
      id: string;
    };
    query: {
      format?: "csv" | "txt";
    };
    body: never;
    response: void;
  };
  Reports_list: {
    method: "get";
    path: "/api/v1/admin/reports/daily";
    pathParams: never;
    query: {
      from?: string;
      to?: string;
    };
    body: never;
    response: DailyReportDto[];
  };
  Reports_csv: {
    method: "get";
    path: "/api/v1/admin/reports/daily.csv";
    pathParams: never;
    query: {
      from?: string;
      to?: string;
    };
    body: never;
    response: string;
  };
  Reports_get: {
    method: "get";
    path: "/api/v1/admin/reports/daily/{date}";
    pathParams: {
      date: string;
    };
    query: never;
    body: never;
    response: DailyReportDto;
  };
  Reports_generate: {
    method: "post";
    path: "/api/v1/admin/reports/daily/{date}/generate";
    pathParams: {
      date: string;
    };
    query: never;
    body: never;
    response: DailyReportDto;
  };
  ScheduledRuns_runNow: {
    method: "post";
    path: "/api/v1/admin/scheduled-jobs/{name}/run";
    pathParams: {
      name: string;
    };
    query: never;
    body: never;
    response: ScheduledRunDto;
  };
  ScheduledRuns_runs: {
    method: "get";
    path: "/api/v1/admin/scheduled-runs";
    pathParams: never;
    query: {
      cursor?: string;
      limit?: number;
      job?: string;
    };
    body: never;
    response: ScheduledRunsPageDto;
  };
  System_set: {
    method: "put";
    path: "/api/v1/admin/system/status";
    pathParams: never;
    query: never;
    body: UpdateSystemStatusDto;
    response: SystemStatusDto;
  };
  UsersAdmin_list: {
    method: "get";
    path: "/api/v1/admin/users";
    pathParams: never;
    query: {
      cursor?: string;
      limit?: number;
      query?: string;
    };
    body: never;
    response: AdminUserPageDto;
  };
  UsersAdmin_detail: {
    method: "get";
    path: "/api/v1/admin/users/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: AdminUserDetailDto;
  };
  UsersAdmin_update: {
    method: "patch";
    path: "/api/v1/admin/users/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: UpdateUserDto;
    response: AdminUserDetailDto;
  };
  ApiKeyPermissionsAdmin_get: {
    method: "get";
    path: "/api/v1/admin/users/{id}/api-key-permission";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: ApiKeyPermissionDto;
  };
  ApiKeyPermissionsAdmin_set: {
    method: "put";
    path: "/api/v1/admin/users/{id}/api-key-permission";
    pathParams: {
      id: string;
    };
    query: never;
    body: SetApiKeyPermissionDto;
    response: ApiKeyPermissionDto;
  };
  CreditsAdmin_adjust: {
    method: "post";
    path: "/api/v1/admin/users/{id}/credits/adjust";
    pathParams: {
      id: string;
    };
    query: never;
    body: AdjustCreditsDto;
    response: AdjustResultDto;
  };
  CreditsAdmin_ledger: {
    method: "get";
    path: "/api/v1/admin/users/{id}/ledger";
    pathParams: {
      id: string;
    };
    query: {
      cursor?: string;
      limit?: number;
      kind?: "signup_bonus" | "purchase" | "purchase_bonus" | "consume" | "refund" | "admin_adjust" | "expire" | "order_refund" | "redeem";
    };
    body: never;
    response: LedgerPageDto;
  };
  VideosAdmin_list: {
    method: "get";
    path: "/api/v1/admin/videos";
    pathParams: never;
    query: {
      cursor?: string;
      limit?: number;
      status?: "queued" | "submitting" | "running" | "succeeded" | "failed" | "canceled";
      userId?: string;
      accountId?: string;
      errorKind?: string;
      from?: string;
      to?: string;
    };
    body: never;
    response: AdminVideoJobPageDto;
  };
  VideosAdmin_failures: {
    method: "get";
    path: "/api/v1/admin/videos/failures";
    pathParams: never;
    query: {
      from?: string;
      to?: string;
    };
    body: never;
    response: FailureSummaryDto;
  };
  VideosAdmin_get: {
    method: "get";
    path: "/api/v1/admin/videos/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: AdminVideoJobDto;
  };
  PaymentsAdmin_vipLevels: {
    method: "get";
    path: "/api/v1/admin/vip-levels";
    pathParams: never;
    query: never;
    body: never;
    response: VipLevelsDto;
  };
  PaymentsAdmin_setVipLevels: {
    method: "put";
    path: "/api/v1/admin/vip-levels";
    pathParams: never;
    query: never;
    body: VipLevelsDto;
    response: VipLevelsDto;
  };
  ApiKeys_list: {
    method: "get";
    path: "/api/v1/api-keys";
    pathParams: never;
    query: never;
    body: never;
    response: ApiKeyListDto;
  };
  ApiKeys_create: {
    method: "post";
    path: "/api/v1/api-keys";
    pathParams: never;
    query: never;
    body: CreateApiKeyDto;
    response: CreatedApiKeyDto;
  };
  ApiKeys_get: {
    method: "get";
    path: "/api/v1/api-keys/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: ApiKeyDto;
  };
  ApiKeys_update: {
    method: "patch";
    path: "/api/v1/api-keys/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: UpdateApiKeyDto;
    response: ApiKeyDto;
  };
  ApiKeys_revoke: {
    method: "delete";
    path: "/api/v1/api-keys/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: ApiKeyDto;
  };
  Auth_login: {
    method: "post";
    path: "/api/v1/auth/login";
    pathParams: never;
    query: never;
    body: LoginDto;
    response: AuthResponseDto;
  };
  Auth_refresh: {
    method: "post";
    path: "/api/v1/auth/refresh";
    pathParams: never;
    query: never;
    body: RefreshDto;
    response: AuthResponseDto;
  };
  Auth_register: {
    method: "post";
    path: "/api/v1/auth/register";
    pathParams: never;
    query: never;
    body: RegisterDto;
    response: AuthResponseDto;
  };
  Credits_balance: {
    method: "get";
    path: "/api/v1/credits/balance";
    pathParams: never;
    query: never;
    body: never;
    response: BalanceDto;
  };
  Credits_consume: {
    method: "post";
    path: "/api/v1/credits/consume";
    pathParams: never;
    query: never;
    body: ConsumeCreditsDto;
    response: ConsumeResultDto;
  };
  Credits_ledger: {
    method: "get";
    path: "/api/v1/credits/ledger";
    pathParams: never;
    query: {
      cursor?: string;
      limit?: number;
      kind?: "signup_bonus" | "purchase" | "purchase_bonus" | "consume" | "refund" | "admin_adjust" | "expire" | "order_refund" | "redeem";
    };
    body: never;
    response: LedgerPageDto;
  };
  Credits_deleteEntry: {
    method: "delete";
    path: "/api/v1/credits/ledger/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: void;
  };
  Credits_stats: {
    method: "get";
    path: "/api/v1/credits/stats";
    pathParams: never;
    query: {
      from?: string;
      to?: string;
    };
    body: never;
    response: StatsDto;
  };
  KeyUsage_usage: {
    method: "get";
    path: "/api/v1/key-usage";
    pathParams: never;
    query: never;
    body: never;
    response: KeyUsageDto;
  };
  Auth_me: {
    method: "get";
    path: "/api/v1/me";
    pathParams: never;
    query: never;
    body: never;
    response: MeDto;
  };
  Payments_list: {
    method: "get";
    path: "/api/v1/orders";
    pathParams: never;
    query: {
      cursor?: string;
      limit?: number;
      status?: "pending" | "paid" | "closed" | "refunded";
    };
    body: never;
    response: OrderPageDto;
  };
  Payments_create: {
    method: "post";
    path: "/api/v1/orders";
    pathParams: never;
    query: never;
    body: CreateOrderDto;
    response: OrderDto;
  };
  Payments_get: {
    method: "get";
    path: "/api/v1/orders/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: OrderDto;
  };
  Payments_listPackages: {
    method: "get";
    path: "/api/v1/packages";
    pathParams: never;
    query: never;
    body: never;
    response: PackageDto[];
  };
  PaymentsNotify_alipay: {
    method: "post";
    path: "/api/v1/payments/alipay/notify";
    pathParams: never;
    query: never;
    body: never;
    response: void;
  };
  Payments_channels: {
    method: "get";
    path: "/api/v1/payments/channels";
    pathParams: never;
    query: never;
    body: never;
    response: ChannelDto[];
  };
  PaymentsNotify_sandbox: {
    method: "post";
    path: "/api/v1/payments/sandbox/notify";
    pathParams: never;
    query: never;
    body: never;
    response: void;
  };
  PaymentsNotify_sandboxPay: {
    method: "post";
    path: "/api/v1/payments/sandbox/{orderId}/pay";
    pathParams: {
      orderId: string;
    };
    query: {
      deliver?: "true" | "false";
    };
    body: never;
    response: OrderDto;
  };
  PaymentsNotify_wechat: {
    method: "post";
    path: "/api/v1/payments/wechat/notify";
    pathParams: never;
    query: never;
    body: never;
    response: void;
  };
  Videos_prices: {
    method: "get";
    path: "/api/v1/pricing";
    pathParams: never;
    query: never;
    body: never;
    response: PriceTableDto;
  };
  Quota_get: {
    method: "get";
    path: "/api/v1/quota";
    pathParams: never;
    query: never;
    body: never;
    response: QuotaDto;
  };
  Redeem_redeemCode: {
    method: "post";
    path: "/api/v1/redeem";
    pathParams: never;
    query: never;
    body: RedeemDto;
    response: RedeemResultDto;
  };
  System_get: {
    method: "get";
    path: "/api/v1/system/status";
    pathParams: never;
    query: never;
    body: never;
    response: SystemStatusDto;
  };
  Videos_list: {
    method: "get";
    path: "/api/v1/videos";
    pathParams: never;
    query: {
      cursor?: string;
      limit?: number;
      status?: "queued" | "submitting" | "running" | "succeeded" | "failed" | "canceled";
    };
    body: never;
    response: VideoJobPageDto;
  };
  Videos_create: {
    method: "post";
    path: "/api/v1/videos";
    pathParams: never;
    query: never;
    body: CreateVideoDto;
    response: VideoJobDto;
  };
  Videos_get: {
    method: "get";
    path: "/api/v1/videos/{id}";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: VideoJobDto;
  };
  Videos_cancel: {
    method: "post";
    path: "/api/v1/videos/{id}/cancel";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: VideoJobDto;
  };
  Videos_events: {
    method: "get";
    path: "/api/v1/videos/{id}/events";
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: void;
  };
}

export type OperationId = keyof Operations;

/** Method and path of every operation, for a client that calls operations by id at run time. */
export const OPERATIONS = {
  Health_health: { method: "get", path: "/api/health" },
  Health_live: { method: "get", path: "/api/health/live" },
  Health_ready: { method: "get", path: "/api/health/ready" },
  Metrics_render: { method: "get", path: "/api/metrics" },
  Alerts_channels: { method: "get", path: "/api/v1/admin/alert-channels" },
  Alerts_createChannel: { method: "post", path: "/api/v1/admin/alert-channels" },
  Alerts_channel: { method: "get", path: "/api/v1/admin/alert-channels/{id}" },
  Alerts_updateChannel: { method: "patch", path: "/api/v1/admin/alert-channels/{id}" },
  Alerts_deleteChannel: { method: "delete", path: "/api/v1/admin/alert-channels/{id}" },
  Alerts_test: { method: "post", path: "/api/v1/admin/alert-channels/{id}/test" },
  Alerts_rules: { method: "get", path: "/api/v1/admin/alert-rules" },
  Alerts_rule: { method: "get", path: "/api/v1/admin/alert-rules/{key}" },
  Alerts_updateRule: { method: "patch", path: "/api/v1/admin/alert-rules/{key}" },
  Alerts_list: { method: "get", path: "/api/v1/admin/alerts" },
  Alerts_ack: { method: "post", path: "/api/v1/admin/alerts/{id}/ack" },
  ApiKeysAdmin_list: { method: "get", path: "/api/v1/admin/api-keys" },
  ApiKeysAdmin_create: { method: "post", path: "/api/v1/admin/api-keys" },
  ApiKeysAdmin_get: { method: "get", path: "/api/v1/admin/api-keys/{id}" },
  ApiKeysAdmin_update: { method: "patch", path: "/api/v1/admin/api-keys/{id}" },
  ApiKeysAdmin_revoke: { method: "delete", path: "/api/v1/admin/api-keys/{id}" },
  Reports_dashboard: { method: "get", path: "/api/v1/admin/dashboard" },
  CreditsAdmin_verify: { method: "get", path: "/api/v1/admin/ledger/verify" },
  PaymentsAdmin_listOrders: { method: "get", path: "/api/v1/admin/orders" },
  PaymentsAdmin_getOrder: { method: "get", path: "/api/v1/admin/orders/{id}" },
  PaymentsAdmin_refund: { method: "post", path: "/api/v1/admin/orders/{id}/refund" },
  PaymentsAdmin_listPackages: { method: "get", path: "/api/v1/admin/packages" },
  PaymentsAdmin_createPackage: { method: "post", path: "/api/v1/admin/packages" },
  PaymentsAdmin_updatePackage: { method: "patch", path: "/api/v1/admin/packages/{id}" },
  PaymentsAdmin_rejected: { method: "get", path: "/api/v1/admin/payments/rejected-notifications" },
  VideosAdmin_prices: { method: "get", path: "/api/v1/admin/pricing" },
  VideosAdmin_replace: { method: "put", path: "/api/v1/admin/pricing" },
  ProviderAccounts_list: { method: "get", path: "/api/v1/admin/provider-accounts" },
  ProviderAccounts_create: { method: "post", path: "/api/v1/admin/provider-accounts" },
  ProviderAccounts_checkAll: { method: "post", path: "/api/v1/admin/provider-accounts/balance-check" },
  ProviderAccounts_get: { method: "get", path: "/api/v1/admin/provider-accounts/{id}" },
  ProviderAccounts_update: { method: "patch", path: "/api/v1/admin/provider-accounts/{id}" },
  ProviderAccounts_remove: { method: "delete", path: "/api/v1/admin/provider-accounts/{id}" },
  ProviderAccounts_history: { method: "get", path: "/api/v1/admin/provider-accounts/{id}/balance-history" },
  ProviderAccounts_test: { method: "post", path: "/api/v1/admin/provider-accounts/{id}/test" },
  ProviderAccounts_topup: { method: "post", path: "/api/v1/admin/provider-accounts/{id}/topups" },
  ProviderAccounts_groups: { method: "get", path: "/api/v1/admin/provider-groups" },
  ProviderAccounts_createGroup: { method: "post", path: "/api/v1/admin/provider-groups" },
  ProviderAccounts_group: { method: "get", path: "/api/v1/admin/provider-groups/{id}" },
  ProviderAccounts_updateGroup: { method: "patch", path: "/api/v1/admin/provider-groups/{id}" },
  ProviderAccounts_removeGroup: { method: "delete", path: "/api/v1/admin/provider-groups/{id}" },
  ProviderAccounts_quotaSummary: { method: "get", path: "/api/v1/admin/quota" },
  RedeemAdmin_list: { method: "get", path: "/api/v1/admin/redeem-batches" },
  RedeemAdmin_create: { method: "post", path: "/api/v1/admin/redeem-batches" },
  RedeemAdmin_get: { method: "get", path: "/api/v1/admin/redeem-batches/{id}" },
  RedeemAdmin_update: { method: "patch", path: "/api/v1/admin/redeem-batches/{id}" },
  RedeemAdmin_export: { method: "get", path: "/api/v1/admin/redeem-batches/{id}/export" },
  Reports_list: { method: "get", path: "/api/v1/admin/reports/daily" },
  Reports_csv: { method: "get", path: "/api/v1/admin/reports/daily.csv" },
  Reports_get: { method: "get", path: "/api/v1/admin/reports/daily/{date}" },
  Reports_generate: { method: "post", path: "/api/v1/admin/reports/daily/{date}/generate" },
  ScheduledRuns_runNow: { method: "post", path: "/api/v1/admin/scheduled-jobs/{name}/run" },
  ScheduledRuns_runs: { method: "get", path: "/api/v1/admin/scheduled-runs" },
  System_set: { method: "put", path: "/api/v1/admin/system/status" },
  UsersAdmin_list: { method: "get", path: "/api/v1/admin/users" },
  UsersAdmin_detail: { method: "get", path: "/api/v1/admin/users/{id}" },
  UsersAdmin_update: { method: "patch", path: "/api/v1/admin/users/{id}" },
  ApiKeyPermissionsAdmin_get: { method: "get", path: "/api/v1/admin/users/{id}/api-key-permission" },
  ApiKeyPermissionsAdmin_set: { method: "put", path: "/api/v1/admin/users/{id}/api-key-permission" },
  CreditsAdmin_adjust: { method: "post", path: "/api/v1/admin/users/{id}/credits/adjust" },
  CreditsAdmin_ledger: { method: "get", path: "/api/v1/admin/users/{id}/ledger" },
  VideosAdmin_list: { method: "get", path: "/api/v1/admin/videos" },
  VideosAdmin_failures: { method: "get", path: "/api/v1/admin/videos/failures" },
  VideosAdmin_get: { method: "get", path: "/api/v1/admin/videos/{id}" },
  PaymentsAdmin_vipLevels: { method: "get", path: "/api/v1/admin/vip-levels" },
  PaymentsAdmin_setVipLevels: { method: "put", path: "/api/v1/admin/vip-levels" },
  ApiKeys_list: { method: "get", path: "/api/v1/api-keys" },
  ApiKeys_create: { method: "post", path: "/api/v1/api-keys" },
  ApiKeys_get: { method: "get", path: "/api/v1/api-keys/{id}" },
  ApiKeys_update: { method: "patch", path: "/api/v1/api-keys/{id}" },
  ApiKeys_revoke: { method: "delete", path: "/api/v1/api-keys/{id}" },
  Auth_login: { method: "post", path: "/api/v1/auth/login" },
  Auth_refresh: { method: "post", path: "/api/v1/auth/refresh" },
  Auth_register: { method: "post", path: "/api/v1/auth/register" },
  Credits_balance: { method: "get", path: "/api/v1/credits/balance" },
  Credits_consume: { method: "post", path: "/api/v1/credits/consume" },
  Credits_ledger: { method: "get", path: "/api/v1/credits/ledger" },
  Credits_deleteEntry: { method: "delete", path: "/api/v1/credits/ledger/{id}" },
  Credits_stats: { method: "get", path: "/api/v1/credits/stats" },
  KeyUsage_usage: { method: "get", path: "/api/v1/key-usage" },
  Auth_me: { method: "get", path: "/api/v1/me" },
  Payments_list: { method: "get", path: "/api/v1/orders" },
  Payments_create: { method: "post", path: "/api/v1/orders" },
  Payments_get: { method: "get", path: "/api/v1/orders/{id}" },
  Payments_listPackages: { method: "get", path: "/api/v1/packages" },
  PaymentsNotify_alipay: { method: "post", path: "/api/v1/payments/alipay/notify" },
  Payments_channels: { method: "get", path: "/api/v1/payments/channels" },
  PaymentsNotify_sandbox: { method: "post", path: "/api/v1/payments/sandbox/notify" },
  PaymentsNotify_sandboxPay: { method: "post", path: "/api/v1/payments/sandbox/{orderId}/pay" },
  PaymentsNotify_wechat: { method: "post", path: "/api/v1/payments/wechat/notify" },
  Videos_prices: { method: "get", path: "/api/v1/pricing" },
  Quota_get: { method: "get", path: "/api/v1/quota" },
  Redeem_redeemCode: { method: "post", path: "/api/v1/redeem" },
  System_get: { method: "get", path: "/api/v1/system/status" },
  Videos_list: { method: "get", path: "/api/v1/videos" },
  Videos_create: { method: "post", path: "/api/v1/videos" },
  Videos_get: { method: "get", path: "/api/v1/videos/{id}" },
  Videos_cancel: { method: "post", path: "/api/v1/videos/{id}/cancel" },
  Videos_events: { method: "get", path: "/api/v1/videos/{id}/events" },
} as const satisfies Record<OperationId, { method: string; path: string }>;

/** One typed function per operation; each resolves to the response body. */
export function createApiClient(http: AxiosInstance) {
  return {
    /** GET /api/health */
    healthHealth: (config?: AxiosRequestConfig): Promise<HealthDto> =>
      http.get<HealthDto>(`/api/health`, { ...config }).then((r) => r.data),
    /** GET /api/health/live */
    healthLive: (config?: AxiosRequestConfig): Promise<LivenessDto> =>
      http.get<LivenessDto>(`/api/health/live`, { ...config }).then((r) => r.data),
    /** GET /api/health/ready */
    healthReady: (config?: AxiosRequestConfig): Promise<ReadinessDto> =>
      http.get<ReadinessDto>(`/api/health/ready`, { ...config }).then((r) => r.data),
    /** GET /api/metrics — Headers: authorization. */
    metricsRender: (config?: AxiosRequestConfig): Promise<string> =>
      http.get<string>(`/api/metrics`, { ...config, responseType: 'text' }).then((r) => r.data),
    /** GET /api/v1/admin/alert-channels */
    alertsChannels: (config?: AxiosRequestConfig): Promise<AlertChannelDto[]> =>
      http.get<AlertChannelDto[]>(`/api/v1/admin/alert-channels`, { ...config }).then((r) => r.data),
    /** POST /api/v1/admin/alert-channels */
    alertsCreateChannel: (body: CreateAlertChannelDto, config?: AxiosRequestConfig): Promise<CreatedAlertChannelDto> =>
      http.post<CreatedAlertChannelDto>(`/api/v1/admin/alert-channels`, body, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/alert-channels/{id} */
    alertsChannel: (id: string, config?: AxiosRequestConfig): Promise<AlertChannelDto> =>
      http.get<AlertChannelDto>(`/api/v1/admin/alert-channels/${encodeURIComponent(String(id))}`, { ...config }).then((r) => r.data),
    /** PATCH /api/v1/admin/alert-channels/{id} */
    alertsUpdateChannel: (id: string, body: UpdateAlertChannelDto, config?: AxiosRequestConfig): Promise<AlertChannelDto> =>
      http.patch<AlertChannelDto>(`/api/v1/admin/alert-channels/${encodeURIComponent(String(id))}`, body, { ...config }).then((r) => r.data),
    /** DELETE /api/v1/admin/alert-channels/{id} */
    alertsDeleteChannel: (id: string, config?: AxiosRequestConfig): Promise<void> =>
      http.delete<void>(`/api/v1/admin/alert-channels/${encodeURIComponent(String(id))}`, { ...config }).then((r) => r.data),
    /** POST /api/v1/admin/alert-channels/{id}/test */
    alertsTest: (id: string, config?: AxiosRequestConfig): Promise<ChannelTestResultDto> =>
      http.post<ChannelTestResultDto>(`/api/v1/admin/alert-channels/${encodeURIComponent(String(id))}/test`, undefined, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/alert-rules */
    alertsRules: (config?: AxiosRequestConfig): Promise<AlertRuleDto[]> =>
      http.get<AlertRuleDto[]>(`/api/v1/admin/alert-rules`, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/alert-rules/{key} */
    alertsRule: (key: string, config?: AxiosRequestConfig): Promise<AlertRuleDto> =>
      http.get<AlertRuleDto>(`/api/v1/admin/alert-rules/${encodeURIComponent(String(key))}`, { ...config }).then((r) => r.data),
    /** PATCH /api/v1/admin/alert-rules/{key} */
    alertsUpdateRule: (key: string, body: UpdateAlertRuleDto, config?: AxiosRequestConfig): Promise<AlertRuleDto> =>
      http.patch<AlertRuleDto>(`/api/v1/admin/alert-rules/${encodeURIComponent(String(key))}`, body, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/alerts */
    alertsList: (query?: { cursor?: string; limit?: number; status?: "open" | "acknowledged" | "resolved" }, config?: AxiosRequestConfig): Promise<AlertPageDto> =>
      http.get<AlertPageDto>(`/api/v1/admin/alerts`, { ...config, params: { ...config?.params, ...query } }).then((r) => r.data),
    /** POST /api/v1/admin/alerts/{id}/ack */
    alertsAck: (id: string, config?: AxiosRequestConfig): Promise<AlertDto> =>
      http.post<AlertDto>(`/api/v1/admin/alerts/${encodeURIComponent(String(id))}/ack`, undefined, { ...config }).then((r) => r.data),
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
    /** GET /api/v1/admin/dashboard */
    reportsDashboard: (config?: AxiosRequestConfig): Promise<DashboardDto> =>
      http.get<DashboardDto>(`/api/v1/admin/dashboard`, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/ledger/verify */
    creditsAdminVerify: (config?: AxiosRequestConfig): Promise<LedgerVerificationDto> =>
      http.get<LedgerVerificationDto>(`/api/v1/admin/ledger/verify`, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/orders */
    paymentsAdminListOrders: (query?: { cursor?: string; limit?: number; status?: "pending" | "paid" | "closed" | "refunded"; channel?: "alipay" | "wechat" | "sandbox"; userId?: string; outTradeNo?: string; from?: string; to?: string }, config?: AxiosRequestConfig): Promise<AdminOrderPageDto> =>
      http.get<AdminOrderPageDto>(`/api/v1/admin/orders`, { ...config, params: { ...config?.params, ...query } }).then((r) => r.data),
    /** GET /api/v1/admin/orders/{id} */
    paymentsAdminGetOrder: (id: string, config?: AxiosRequestConfig): Promise<AdminOrderDto> =>
      http.get<AdminOrderDto>(`/api/v1/admin/orders/${encodeURIComponent(String(id))}`, { ...config }).then((r) => r.data),
    /** POST /api/v1/admin/orders/{id}/refund — Headers: Idempotency-Key. */
    paymentsAdminRefund: (id: string, body: RefundOrderDto, config?: AxiosRequestConfig): Promise<AdminOrderDto> =>
      http.post<AdminOrderDto>(`/api/v1/admin/orders/${encodeURIComponent(String(id))}/refund`, body, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/packages */
    paymentsAdminListPackages: (config?: AxiosRequestConfig): Promise<PackageDto[]> =>
      http.get<PackageDto[]>(`/api/v1/admin/packages`, { ...config }).then((r) => r.data),
    /** POST /api/v1/admin/packages — Headers: Idempotency-Key. */
    paymentsAdminCreatePackage: (body: CreatePackageDto, config?: AxiosRequestConfig): Promise<PackageDto> =>
      http.post<PackageDto>(`/api/v1/admin/packages`, body, { ...config }).then((r) => r.data),
    /** PATCH /api/v1/admin/packages/{id} — Headers: Idempotency-Key. */
    paymentsAdminUpdatePackage: (id: string, body: UpdatePackageDto, config?: AxiosRequestConfig): Promise<PackageDto> =>
      http.patch<PackageDto>(`/api/v1/admin/packages/${encodeURIComponent(String(id))}`, body, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/payments/rejected-notifications */
    paymentsAdminRejected: (config?: AxiosRequestConfig): Promise<RejectedNotificationDto[]> =>
      http.get<RejectedNotificationDto[]>(`/api/v1/admin/payments/rejected-notifications`, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/pricing */
    videosAdminPrices: (config?: AxiosRequestConfig): Promise<PriceTableDto> =>
      http.get<PriceTableDto>(`/api/v1/admin/pricing`, { ...config }).then((r) => r.data),
    /** PUT /api/v1/admin/pricing */
    videosAdminReplace: (body: PriceTableDto, config?: AxiosRequestConfig): Promise<PriceTableDto> =>
      http.put<PriceTableDto>(`/api/v1/admin/pricing`, body, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/provider-accounts */
    providerAccountsList: (config?: AxiosRequestConfig): Promise<ProviderAccountListDto> =>
      http.get<ProviderAccountListDto>(`/api/v1/admin/provider-accounts`, { ...config }).then((r) => r.data),
    /** POST /api/v1/admin/provider-accounts */
    providerAccountsCreate: (body: CreateProviderAccountDto, config?: AxiosRequestConfig): Promise<ProviderAccountDto> =>
      http.post<ProviderAccountDto>(`/api/v1/admin/provider-accounts`, body, { ...config }).then((r) => r.data),
    /** POST /api/v1/admin/provider-accounts/balance-check */
    providerAccountsCheckAll: (config?: AxiosRequestConfig): Promise<BalanceCheckDto> =>
      http.post<BalanceCheckDto>(`/api/v1/admin/provider-accounts/balance-check`, undefined, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/provider-accounts/{id} */
    providerAccountsGet: (id: string, config?: AxiosRequestConfig): Promise<ProviderAccountDto> =>
      http.get<ProviderAccountDto>(`/api/v1/admin/provider-accounts/${encodeURIComponent(String(id))}`, { ...config }).then((r) => r.data),
    /** PATCH /api/v1/admin/provider-accounts/{id} */
    providerAccountsUpdate: (id: string, body: UpdateProviderAccountDto, config?: AxiosRequestConfig): Promise<ProviderAccountDto> =>
      http.patch<ProviderAccountDto>(`/api/v1/admin/provider-accounts/${encodeURIComponent(String(id))}`, body, { ...config }).then((r) => r.data),
    /** DELETE /api/v1/admin/provider-accounts/{id} */
    providerAccountsRemove: (id: string, config?: AxiosRequestConfig): Promise<void> =>
      http.delete<void>(`/api/v1/admin/provider-accounts/${encodeURIComponent(String(id))}`, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/provider-accounts/{id}/balance-history */
    providerAccountsHistory: (id: string, query?: { limit?: number }, config?: AxiosRequestConfig): Promise<BalanceHistoryDto> =>
      http.get<BalanceHistoryDto>(`/api/v1/admin/provider-accounts/${encodeURIComponent(String(id))}/balance-history`, { ...config, params: { ...config?.params, ...query } }).then((r) => r.data),
    /** POST /api/v1/admin/provider-accounts/{id}/test */
    providerAccountsTest: (id: string, config?: AxiosRequestConfig): Promise<TestConnectionDto> =>
      http.post<TestConnectionDto>(`/api/v1/admin/provider-accounts/${encodeURIComponent(String(id))}/test`, undefined, { ...config }).then((r) => r.data),
    /** POST /api/v1/admin/provider-accounts/{id}/topups */
    providerAccountsTopup: (id: string, body: CreateTopupDto, config?: AxiosRequestConfig): Promise<TopupResultDto> =>
      http.post<TopupResultDto>(`/api/v1/admin/provider-accounts/${encodeURIComponent(String(id))}/topups`, body, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/provider-groups */
    providerAccountsGroups: (config?: AxiosRequestConfig): Promise<ProviderGroupListDto> =>
      http.get<ProviderGroupListDto>(`/api/v1/admin/provider-groups`, { ...config }).then((r) => r.data),
    /** POST /api/v1/admin/provider-groups */
    providerAccountsCreateGroup: (body: CreateProviderGroupDto, config?: AxiosRequestConfig): Promise<ProviderGroupDto> =>
      http.post<ProviderGroupDto>(`/api/v1/admin/provider-groups`, body, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/provider-groups/{id} */
    providerAccountsGroup: (id: string, config?: AxiosRequestConfig): Promise<ProviderGroupDto> =>
      http.get<ProviderGroupDto>(`/api/v1/admin/provider-groups/${encodeURIComponent(String(id))}`, { ...config }).then((r) => r.data),
    /** PATCH /api/v1/admin/provider-groups/{id} */
    providerAccountsUpdateGroup: (id: string, body: UpdateProviderGroupDto, config?: AxiosRequestConfig): Promise<ProviderGroupDto> =>
      http.patch<ProviderGroupDto>(`/api/v1/admin/provider-groups/${encodeURIComponent(String(id))}`, body, { ...config }).then((r) => r.data),
    /** DELETE /api/v1/admin/provider-groups/{id} */
    providerAccountsRemoveGroup: (id: string, config?: AxiosRequestConfig): Promise<void> =>
      http.delete<void>(`/api/v1/admin/provider-groups/${encodeURIComponent(String(id))}`, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/quota */
    providerAccountsQuotaSummary: (config?: AxiosRequestConfig): Promise<QuotaSummaryDto> =>
      http.get<QuotaSummaryDto>(`/api/v1/admin/quota`, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/redeem-batches */
    redeemAdminList: (query?: { cursor?: string; limit?: number }, config?: AxiosRequestConfig): Promise<RedeemBatchPageDto> =>
      http.get<RedeemBatchPageDto>(`/api/v1/admin/redeem-batches`, { ...config, params: { ...config?.params, ...query } }).then((r) => r.data),
    /** POST /api/v1/admin/redeem-batches — Create a batch of up to 10,000 codes; the plain codes are in this response and in one export only */
    redeemAdminCreate: (body: CreateRedeemBatchDto, config?: AxiosRequestConfig): Promise<CreatedRedeemBatchDto> =>
      http.post<CreatedRedeemBatchDto>(`/api/v1/admin/redeem-batches`, body, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/redeem-batches/{id} */
    redeemAdminGet: (id: string, config?: AxiosRequestConfig): Promise<RedeemBatchDto> =>
      http.get<RedeemBatchDto>(`/api/v1/admin/redeem-batches/${encodeURIComponent(String(id))}`, { ...config }).then((r) => r.data),
    /** PATCH /api/v1/admin/redeem-batches/{id} — Disable (or re-enable) every code of a batch, or disable single codes (`disableCodes`) */
    redeemAdminUpdate: (id: string, body: UpdateRedeemBatchDto, config?: AxiosRequestConfig): Promise<RedeemBatchDto> =>
      http.patch<RedeemBatchDto>(`/api/v1/admin/redeem-batches/${encodeURIComponent(String(id))}`, body, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/redeem-batches/{id}/export — The plain codes as CSV or TXT, exactly once (then erased; REDEEM_BATCH_ALREADY_EXPORTED after) */
    redeemAdminExport: (id: string, query?: { format?: "csv" | "txt" }, config?: AxiosRequestConfig): Promise<void> =>
      http.get<void>(`/api/v1/admin/redeem-batches/${encodeURIComponent(String(id))}/export`, { ...config, params: { ...config?.params, ...query } }).then((r) => r.data),
    /** GET /api/v1/admin/reports/daily */
    reportsList: (query?: { from?: string; to?: string }, config?: AxiosRequestConfig): Promise<DailyReportDto[]> =>
      http.get<DailyReportDto[]>(`/api/v1/admin/reports/daily`, { ...config, params: { ...config?.params, ...query } }).then((r) => r.data),
    /** GET /api/v1/admin/reports/daily.csv */
    reportsCsv: (query?: { from?: string; to?: string }, config?: AxiosRequestConfig): Promise<string> =>
      http.get<string>(`/api/v1/admin/reports/daily.csv`, { ...config, params: { ...config?.params, ...query }, responseType: 'text' }).then((r) => r.data),
    /** GET /api/v1/admin/reports/daily/{date} */
    reportsGet: (date: string, config?: AxiosRequestConfig): Promise<DailyReportDto> =>
      http.get<DailyReportDto>(`/api/v1/admin/reports/daily/${encodeURIComponent(String(date))}`, { ...config }).then((r) => r.data),
    /** POST /api/v1/admin/reports/daily/{date}/generate */
    reportsGenerate: (date: string, config?: AxiosRequestConfig): Promise<DailyReportDto> =>
      http.post<DailyReportDto>(`/api/v1/admin/reports/daily/${encodeURIComponent(String(date))}/generate`, undefined, { ...config }).then((r) => r.data),
    /** POST /api/v1/admin/scheduled-jobs/{name}/run */
    scheduledRunsRunNow: (name: string, config?: AxiosRequestConfig): Promise<ScheduledRunDto> =>
      http.post<ScheduledRunDto>(`/api/v1/admin/scheduled-jobs/${encodeURIComponent(String(name))}/run`, undefined, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/scheduled-runs */
    scheduledRunsRuns: (query?: { cursor?: string; limit?: number; job?: string }, config?: AxiosRequestConfig): Promise<ScheduledRunsPageDto> =>
      http.get<ScheduledRunsPageDto>(`/api/v1/admin/scheduled-runs`, { ...config, params: { ...config?.params, ...query } }).then((r) => r.data),
    /** PUT /api/v1/admin/system/status */
    systemSet: (body: UpdateSystemStatusDto, config?: AxiosRequestConfig): Promise<SystemStatusDto> =>
      http.put<SystemStatusDto>(`/api/v1/admin/system/status`, body, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/users */
    usersAdminList: (query?: { cursor?: string; limit?: number; query?: string }, config?: AxiosRequestConfig): Promise<AdminUserPageDto> =>
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
    creditsAdminLedger: (id: string, query?: { cursor?: string; limit?: number; kind?: "signup_bonus" | "purchase" | "purchase_bonus" | "consume" | "refund" | "admin_adjust" | "expire" | "order_refund" | "redeem" }, config?: AxiosRequestConfig): Promise<LedgerPageDto> =>
      http.get<LedgerPageDto>(`/api/v1/admin/users/${encodeURIComponent(String(id))}/ledger`, { ...config, params: { ...config?.params, ...query } }).then((r) => r.data),
    /** GET /api/v1/admin/videos */
    videosAdminList: (query?: { cursor?: string; limit?: number; status?: "queued" | "submitting" | "running" | "succeeded" | "failed" | "canceled"; userId?: string; accountId?: string; errorKind?: string; from?: string; to?: string }, config?: AxiosRequestConfig): Promise<AdminVideoJobPageDto> =>
      http.get<AdminVideoJobPageDto>(`/api/v1/admin/videos`, { ...config, params: { ...config?.params, ...query } }).then((r) => r.data),
    /** GET /api/v1/admin/videos/failures */
    videosAdminFailures: (query?: { from?: string; to?: string }, config?: AxiosRequestConfig): Promise<FailureSummaryDto> =>
      http.get<FailureSummaryDto>(`/api/v1/admin/videos/failures`, { ...config, params: { ...config?.params, ...query } }).then((r) => r.data),
    /** GET /api/v1/admin/videos/{id} */
    videosAdminGet: (id: string, config?: AxiosRequestConfig): Promise<AdminVideoJobDto> =>
      http.get<AdminVideoJobDto>(`/api/v1/admin/videos/${encodeURIComponent(String(id))}`, { ...config }).then((r) => r.data),
    /** GET /api/v1/admin/vip-levels */
    paymentsAdminVipLevels: (config?: AxiosRequestConfig): Promise<VipLevelsDto> =>
      http.get<VipLevelsDto>(`/api/v1/admin/vip-levels`, { ...config }).then((r) => r.data),
    /** PUT /api/v1/admin/vip-levels — Headers: Idempotency-Key. */
    paymentsAdminSetVipLevels: (body: VipLevelsDto, config?: AxiosRequestConfig): Promise<VipLevelsDto> =>
      http.put<VipLevelsDto>(`/api/v1/admin/vip-levels`, body, { ...config }).then((r) => r.data),
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
    creditsLedger: (query?: { cursor?: string; limit?: number; kind?: "signup_bonus" | "purchase" | "purchase_bonus" | "consume" | "refund" | "admin_adjust" | "expire" | "order_refund" | "redeem" }, config?: AxiosRequestConfig): Promise<LedgerPageDto> =>
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
    /** GET /api/v1/orders */
    paymentsList: (query?: { cursor?: string; limit?: number; status?: "pending" | "paid" | "closed" | "refunded" }, config?: AxiosRequestConfig): Promise<OrderPageDto> =>
      http.get<OrderPageDto>(`/api/v1/orders`, { ...config, params: { ...config?.params, ...query } }).then((r) => r.data),
    /** POST /api/v1/orders — Headers: Idempotency-Key. */
    paymentsCreate: (body: CreateOrderDto, config?: AxiosRequestConfig): Promise<OrderDto> =>
      http.post<OrderDto>(`/api/v1/orders`, body, { ...config }).then((r) => r.data),
    /** GET /api/v1/orders/{id} */
    paymentsGet: (id: string, config?: AxiosRequestConfig): Promise<OrderDto> =>
      http.get<OrderDto>(`/api/v1/orders/${encodeURIComponent(String(id))}`, { ...config }).then((r) => r.data),
    /** GET /api/v1/packages */
    paymentsListPackages: (config?: AxiosRequestConfig): Promise<PackageDto[]> =>
      http.get<PackageDto[]>(`/api/v1/packages`, { ...config }).then((r) => r.data),
    /** POST /api/v1/payments/alipay/notify */
    paymentsNotifyAlipay: (config?: AxiosRequestConfig): Promise<void> =>
      http.post<void>(`/api/v1/payments/alipay/notify`, undefined, { ...config }).then((r) => r.data),
    /** GET /api/v1/payments/channels */
    paymentsChannels: (config?: AxiosRequestConfig): Promise<ChannelDto[]> =>
      http.get<ChannelDto[]>(`/api/v1/payments/channels`, { ...config }).then((r) => r.data),
    /** POST /api/v1/payments/sandbox/notify */
    paymentsNotifySandbox: (config?: AxiosRequestConfig): Promise<void> =>
      http.post<void>(`/api/v1/payments/sandbox/notify`, undefined, { ...config }).then((r) => r.data),
    /** POST /api/v1/payments/sandbox/{orderId}/pay */
    paymentsNotifySandboxPay: (orderId: string, query?: { deliver?: "true" | "false" }, config?: AxiosRequestConfig): Promise<OrderDto> =>
      http.post<OrderDto>(`/api/v1/payments/sandbox/${encodeURIComponent(String(orderId))}/pay`, undefined, { ...config, params: { ...config?.params, ...query } }).then((r) => r.data),
    /** POST /api/v1/payments/wechat/notify */
    paymentsNotifyWechat: (config?: AxiosRequestConfig): Promise<void> =>
      http.post<void>(`/api/v1/payments/wechat/notify`, undefined, { ...config }).then((r) => r.data),
    /** GET /api/v1/pricing — Accepts an API key. */
    videosPrices: (config?: AxiosRequestConfig): Promise<PriceTableDto> =>
      http.get<PriceTableDto>(`/api/v1/pricing`, { ...config }).then((r) => r.data),
    /** GET /api/v1/quota — Accepts an API key. */
    quotaGet: (config?: AxiosRequestConfig): Promise<QuotaDto> =>
      http.get<QuotaDto>(`/api/v1/quota`, { ...config }).then((r) => r.data),
    /** POST /api/v1/redeem — Redeem a code: credits as a lot, and for a trial card a new API key whose secret is in this response — Errors: REDEEM_CODE_MALFORMED (typo, caught by the check character), REDEEM_CODE_UNKNOWN, REDEEM_CODE_USED, REDEEM_CODE_DISABLED, REDEEM_CODE_EXPIRED, REDEEM_LIMIT_REACHED, REDEEM_TOO_MANY_ATTEMPTS (429 after repeated unknown codes). — Headers: Idempotency-Key. */
    redeemRedeemCode: (body: RedeemDto, config?: AxiosRequestConfig): Promise<RedeemResultDto> =>
      http.post<RedeemResultDto>(`/api/v1/redeem`, body, { ...config }).then((r) => r.data),
    /** GET /api/v1/system/status */
    systemGet: (config?: AxiosRequestConfig): Promise<SystemStatusDto> =>
      http.get<SystemStatusDto>(`/api/v1/system/status`, { ...config }).then((r) => r.data),
    /** GET /api/v1/videos — Accepts an API key. */
    videosList: (query?: { cursor?: string; limit?: number; status?: "queued" | "submitting" | "running" | "succeeded" | "failed" | "canceled" }, config?: AxiosRequestConfig): Promise<VideoJobPageDto> =>
      http.get<VideoJobPageDto>(`/api/v1/videos`, { ...config, params: { ...config?.params, ...query } }).then((r) => r.data),
    /** POST /api/v1/videos — Accepts an API key. — Headers: Idempotency-Key. */
    videosCreate: (body: CreateVideoDto, config?: AxiosRequestConfig): Promise<VideoJobDto> =>
      http.post<VideoJobDto>(`/api/v1/videos`, body, { ...config }).then((r) => r.data),
    /** GET /api/v1/videos/{id} — Accepts an API key. */
    videosGet: (id: string, config?: AxiosRequestConfig): Promise<VideoJobDto> =>
      http.get<VideoJobDto>(`/api/v1/videos/${encodeURIComponent(String(id))}`, { ...config }).then((r) => r.data),
    /** POST /api/v1/videos/{id}/cancel — Accepts an API key. — Headers: Idempotency-Key. */
    videosCancel: (id: string, config?: AxiosRequestConfig): Promise<VideoJobDto> =>
      http.post<VideoJobDto>(`/api/v1/videos/${encodeURIComponent(String(id))}/cancel`, undefined, { ...config }).then((r) => r.data),
    /** GET /api/v1/videos/{id}/events — Accepts an API key. */
    videosEvents: (id: string, config?: AxiosRequestConfig): Promise<void> =>
      http.get<void>(`/api/v1/videos/${encodeURIComponent(String(id))}/events`, { ...config }).then((r) => r.data),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
