import { Transform, Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every environment variable ReelMeter reads. `.env.example` documents each one; keep them in step.
 * Values arrive as strings; integers are converted strictly (no "3000abc").
 */
export class EnvSchema {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @MaxLength(255)
  HOST = '0.0.0.0';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// connection string' })
  DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  DATABASE_POOL_SIZE = 20;

  @IsString()
  @MinLength(1)
  EMBEDDED_PG_DIR = '.data/postgres';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86_400)
  JWT_ACCESS_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(3600)
  @Max(31_536_000)
  JWT_REFRESH_TTL_SECONDS = 2_592_000;

  @Transform(toInt)
  @IsInt()
  @Min(4)
  @Max(15)
  BCRYPT_ROUNDS = 12;

  @IsEmail()
  ADMIN_EMAIL = 'admin@reelmeter.local';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  @MaxLength(128)
  ADMIN_PASSWORD?: string;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  SIGNUP_BONUS_CREDITS = 520;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_MAX_FAILURES_PER_EMAIL = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  LOGIN_MAX_FAILURES_PER_IP = 100;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(86_400)
  LOGIN_FAILURE_WINDOW_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(24)
  @Max(24 * 90)
  IDEMPOTENCY_RETENTION_HOURS = 48;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WEB_DIST_DIR?: string;

  @Type(() => String)
  @IsIn(['true', 'false'])
  TRUST_PROXY = 'false';

  @Type(() => String)
  @IsIn(['true', 'false'])
  SCHEDULER_ENABLED = 'true';

  @IsOptional()
  @Matches(/^[a-z0-9_.,-]*$/, { message: 'SCHEDULER_DISABLED_JOBS is a comma-separated list of job names' })
  SCHEDULER_DISABLED_JOBS = '';

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  SCHEDULER_CRON_OVERRIDES = '';

  @IsString()
  @Matches(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, { message: 'SCHEDULER_TIMEZONE must be an IANA zone such as Asia/Shanghai' })
  SCHEDULER_TIMEZONE = 'Asia/Shanghai';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must look like smtp://user:pass@host:587 or smtps://…' })
  SMTP_URL?: string;

  @Matches(/^\d{1,6}(,\d{1,6}){0,9}$/, { message: 'ALERT_RETRY_BACKOFF_SECONDS is a comma-separated list of seconds' })
  ALERT_RETRY_BACKOFF_SECONDS = '30,120,600,1800,3600';

  @IsString()
  @MinLength(3)
  @MaxLength(200)
  ALERT_EMAIL_FROM = 'ReelMeter <alerts@reelmeter.local>';

  // --- Payments -------------------------------------------------------------------------------
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  PAYMENT_ORDER_TTL_MINUTES = 30;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'PAYMENT_NOTIFY_BASE_URL must be an http(s) URL' })
  @MaxLength(500)
  PAYMENT_NOTIFY_BASE_URL?: string;

  @Type(() => String)
  @IsIn(['true', 'false'])
  PAYMENT_SANDBOX_ENABLED = 'true';

  @Transform((v) => toInt({ value: emptyToUndefined(v) }))
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(36_500)
  CREDITS_SIGNUP_BONUS_VALIDITY_DAYS?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(32)
  ALIPAY_APP_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  ALIPAY_PRIVATE_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  ALIPAY_PUBLIC_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'ALIPAY_GATEWAY_URL must be an http(s) URL' })
  ALIPAY_GATEWAY_URL = 'https://openapi.alipay.com/gateway.do';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(32)
  ALIPAY_SELLER_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(32)
  WECHAT_MCHID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(32)
  WECHAT_APPID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @Matches(/^.{32}$/, { message: 'WECHAT_APIV3_KEY must be exactly 32 characters' })
  WECHAT_APIV3_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  WECHAT_MERCHANT_PRIVATE_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(64)
  WECHAT_MERCHANT_SERIAL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  WECHAT_PLATFORM_PUBLIC_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(64)
  WECHAT_PLATFORM_SERIAL?: string;

  /** A second platform key accepted while WeChat Pay rotates its certificate (or moves to a PUB_KEY_ID). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  WECHAT_PLATFORM_PUBLIC_KEY_NEXT?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(64)
  WECHAT_PLATFORM_SERIAL_NEXT?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'WECHAT_BASE_URL must be an http(s) URL' })
  WECHAT_BASE_URL = 'https://api.mch.weixin.qq.com/';

  /** AES-256-GCM key for upstream API keys at rest: 32 bytes as base64 or 64 hex characters. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^([A-Za-z0-9+/]{43}=|[A-Za-z0-9_-]{43}|[0-9a-fA-F]{64})$/, {
    message: 'UPSTREAM_SECRET_KEY must be 32 bytes as base64 (44 characters) or hex (64 characters)',
  })
  UPSTREAM_SECRET_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['true', 'false'])
  SIMULATED_UPSTREAM_ENABLED?: string;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  SIMULATED_UPSTREAM_PORT = 0;

  @Type(() => Number)
  @IsNumber()
  @Min(0.0001)
  @Max(10)
  SIMULATED_UPSTREAM_TIME_SCALE = 0.1;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  SIMULATED_UPSTREAM_BALANCE_FEN = 100_000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(7 * 86_400)
  UPSTREAM_STICKY_TTL_SECONDS = 3600;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  UPSTREAM_MAX_RETRIES = 2;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60_000)
  UPSTREAM_RETRY_BASE_MS = 500;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  UPSTREAM_TIMEOUT_MS = 30_000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  UPSTREAM_DEFAULT_COOLDOWN_SECONDS = 60;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_080)
  UPSTREAM_BALANCE_CHECK_INTERVAL_MINUTES = 60;

  // ---- video generation ----
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  DAILY_GENERATION_LIMIT = 1000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  DAILY_GENERATION_LIMIT_PER_USER = 0;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  VIDEO_JOB_TIMEOUT_MINUTES = 30;

  @Type(() => String)
  @IsIn(['true', 'false'])
  VIDEO_WORKER_ENABLED = 'true';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  VIDEO_SUBMIT_CONCURRENCY = 8;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(2000)
  VIDEO_POLL_CONCURRENCY = 64;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(600_000)
  VIDEO_POLL_INITIAL_MS = 5000;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  VIDEO_POLL_MAX_MS = 30_000;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60_000)
  VIDEO_POLL_TICK_MS = 500;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  VIDEO_POLL_LEASE_SECONDS = 60;

  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(86_400)
  VIDEO_SUBMIT_STALE_SECONDS = 600;

  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  VIDEO_SSE_POLL_MS = 1000;
}
