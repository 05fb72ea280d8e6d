import 'reflect-metadata';
import { createPrivateKey, createPublicKey, KeyObject, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { validateCronExpression } from 'cron';
import { EnvSchema } from './env.schema';

/** The typed, validated configuration every module receives (never `process.env` elsewhere). */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  trustProxy: boolean;
  database: {
    /** Set when the operator gave DATABASE_URL; otherwise the embedded server is used. */
    url?: string;
    poolSize: number;
    embedded: { dir: string; port: number };
  };
  auth: {
    jwtSecret: string;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
    bcryptRounds: number;
    loginMaxFailuresPerEmail: number;
    loginMaxFailuresPerIp: number;
    loginFailureWindowSeconds: number;
  };
  admin: { email: string; password?: string };
  credits: { signupBonus: number; signupBonusValidityDays?: number };
  payments: PaymentsConfig;
  idempotency: { retentionHours: number };
  scheduler: { enabled: boolean; disabledJobs: string[]; timeZone: string; cronOverrides: Record<string, string> };
  metricsToken?: string;
  alerts: { smtpUrl?: string; emailFrom: string; retryBackoffSeconds: number[] };
  video: VideoConfig;
  upstream: {
    /** AES-256-GCM key (32 bytes) encrypting upstream API keys at rest. */
    secretKey: Buffer;
    stickyTtlSeconds: number;
    maxRetries: number;
    retryBaseMs: number;
    timeoutMs: number;
    defaultCooldownSeconds: number;
    /** For the scheduled balance check (wired by the scheduler). */
    balanceCheckIntervalMinutes: number;
  };
  /** The built-in fake upstream started in-process for `simulated` accounts. */
  simulatedUpstream: { enabled: boolean; port: number; timeScale: number; balanceFen: number };
  logLevel: string;
  webDistDir: string;
  /** The repository root (where package.json lives); relative paths are resolved against it. */
  rootDir: string;
}

/** Gateway credentials; a channel whose credentials are absent is reported as unavailable. */
export interface PaymentsConfig {
  orderTtlMinutes: number;
  /** Public base URL gateways post notifications to (…/api/v1/payments/<channel>/notify). */
  notifyBaseUrl?: string;
  /** Off in production whatever the variable says. */
  sandboxEnabled: boolean;
  alipay?: { appId: string; privateKey: string; alipayPublicKey: string; gatewayUrl: string; sellerId?: string };
  wechat?: {
    mchid: string;
    appid: string;
    apiV3Key: string;
    merchantPrivateKey: string;
    merchantSerial: string;
    platformPublicKey: string;
    platformSerial: string;
    /** A second platform key, accepted too, while WeChat Pay rotates its certificate. */
    nextPlatform?: { publicKey: string; serial: string };
    baseUrl: string;
  };
}

/** The video pipeline (module video-generation). Durations in ms unless named otherwise. */
export interface VideoConfig {
  /** Jobs accepted per day across all users (0 = no cap), and per user (0 = no per-user cap). */
  dailyLimit: number;
  dailyLimitPerUser: number;
  jobTimeoutMinutes: number;
  /** Run the submit worker and poller in this process. */
  workerEnabled: boolean;
  submitConcurrency: number;
  pollConcurrency: number;
  pollInitialMs: number;
  pollMaxMs: number;
  pollTickMs: number;
  pollLeaseSeconds: number;
  /** A job still `submitting` after this long (its worker died mid-submit) fails and is refunded. */
  submitStaleSeconds: number;
  ssePollMs: number;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** The monorepo root: the nearest parent holding the workspace package.json. */
export function findRootDir(start = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && readFileSync(candidate, 'utf8').includes('"workspaces"')) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // The whole environment goes in; `whitelist` keeps only the variables EnvSchema declares.
  const parsed = plainToInstance(EnvSchema, { ...env }, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { whitelist: true });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map(
        (e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')} (got ${JSON.stringify(env[e.property])})`,
      ),
    );
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: parsed.SCHEDULER_TIMEZONE });
  } catch {
    throw new ConfigError([`SCHEDULER_TIMEZONE: unknown time zone (got ${JSON.stringify(parsed.SCHEDULER_TIMEZONE)})`]);
  }
  const cronOverrides = parseCronOverrides(parsed.SCHEDULER_CRON_OVERRIDES);
  const rootDir = findRootDir();
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(rootDir, p));
  const embeddedDir = abs(parsed.EMBEDDED_PG_DIR);

  let jwtSecret = parsed.JWT_SECRET;
  if (!jwtSecret) {
    if (parsed.NODE_ENV === 'production') throw new ConfigError(['JWT_SECRET: required when NODE_ENV=production']);
    jwtSecret = localSecret(join(dirname(embeddedDir), 'jwt-secret'));
  }

  let upstreamKey = parsed.UPSTREAM_SECRET_KEY;
  if (!upstreamKey) {
    if (parsed.NODE_ENV === 'production') {
      throw new ConfigError(['UPSTREAM_SECRET_KEY: required when NODE_ENV=production (32 bytes, base64 or hex)']);
    }
    upstreamKey = localSecret(join(dirname(embeddedDir), 'upstream-secret-key'), () => randomBytes(32).toString('base64'));
  }
  const secretKey = /^[0-9a-fA-F]{64}$/.test(upstreamKey) ? Buffer.from(upstreamKey, 'hex') : Buffer.from(upstreamKey, 'base64');
  if (secretKey.length !== 32) throw new ConfigError(['UPSTREAM_SECRET_KEY: must decode to exactly 32 bytes']);

  return {
    env: parsed.NODE_ENV,
    port: parsed.PORT,
    host: parsed.HOST,
    trustProxy: parsed.TRUST_PROXY === 'true',
    database: {
      url: parsed.DATABASE_URL,
      poolSize: parsed.DATABASE_POOL_SIZE,
      embedded: { dir: embeddedDir, port: parsed.EMBEDDED_PG_PORT },
    },
    auth: {
      jwtSecret,
      accessTtlSeconds: parsed.JWT_ACCESS_TTL_SECONDS,
      refreshTtlSeconds: parsed.JWT_REFRESH_TTL_SECONDS,
      bcryptRounds: parsed.BCRYPT_ROUNDS,
      loginMaxFailuresPerEmail: parsed.LOGIN_MAX_FAILURES_PER_EMAIL,
      loginMaxFailuresPerIp: parsed.LOGIN_MAX_FAILURES_PER_IP,
      loginFailureWindowSeconds: parsed.LOGIN_FAILURE_WINDOW_SECONDS,
    },
    admin: { email: parsed.ADMIN_EMAIL.toLowerCase(), password: parsed.ADMIN_PASSWORD },
    credits: { signupBonus: parsed.SIGNUP_BONUS_CREDITS, signupBonusValidityDays: parsed.CREDITS_SIGNUP_BONUS_VALIDITY_DAYS },
    payments: paymentsConfig(parsed),
    idempotency: { retentionHours: parsed.IDEMPOTENCY_RETENTION_HOURS },
    scheduler: {
      enabled: parsed.SCHEDULER_ENABLED === 'true',
      disabledJobs: parsed.SCHEDULER_DISABLED_JOBS.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      timeZone: parsed.SCHEDULER_TIMEZONE,
      cronOverrides,
    },
    metricsToken: parsed.METRICS_TOKEN,
    alerts: {
      smtpUrl: parsed.SMTP_URL,
      emailFrom: parsed.ALERT_EMAIL_FROM,
      retryBackoffSeconds: parsed.ALERT_RETRY_BACKOFF_SECONDS.split(',').map(Number),
    },
    upstream: {
      secretKey,
      stickyTtlSeconds: parsed.UPSTREAM_STICKY_TTL_SECONDS,
      maxRetries: parsed.UPSTREAM_MAX_RETRIES,
      retryBaseMs: parsed.UPSTREAM_RETRY_BASE_MS,
      timeoutMs: parsed.UPSTREAM_TIMEOUT_MS,
      defaultCooldownSeconds: parsed.UPSTREAM_DEFAULT_COOLDOWN_SECONDS,
      balanceCheckIntervalMinutes: parsed.UPSTREAM_BALANCE_CHECK_INTERVAL_MINUTES,
    },
    simulatedUpstream: {
      enabled: (parsed.SIMULATED_UPSTREAM_ENABLED ?? (parsed.NODE_ENV === 'production' ? 'false' : 'true')) === 'true',
      port: parsed.SIMULATED_UPSTREAM_PORT,
      timeScale: parsed.SIMULATED_UPSTREAM_TIME_SCALE,
      balanceFen: parsed.SIMULATED_UPSTREAM_BALANCE_FEN,
    },
    video: {
      dailyLimit: parsed.DAILY_GENERATION_LIMIT,
      dailyLimitPerUser: parsed.DAILY_GENERATION_LIMIT_PER_USER,
      jobTimeoutMinutes: parsed.VIDEO_JOB_TIMEOUT_MINUTES,
      workerEnabled: parsed.VIDEO_WORKER_ENABLED === 'true',
      submitConcurrency: parsed.VIDEO_SUBMIT_CONCURRENCY,
      pollConcurrency: parsed.VIDEO_POLL_CONCURRENCY,
      pollInitialMs: parsed.VIDEO_POLL_INITIAL_MS,
      pollMaxMs: Math.max(parsed.VIDEO_POLL_MAX_MS, parsed.VIDEO_POLL_INITIAL_MS),
      pollTickMs: parsed.VIDEO_POLL_TICK_MS,
      pollLeaseSeconds: parsed.VIDEO_POLL_LEASE_SECONDS,
      submitStaleSeconds: parsed.VIDEO_SUBMIT_STALE_SECONDS,
      ssePollMs: parsed.VIDEO_SSE_POLL_MS,
    },
    logLevel: parsed.LOG_LEVEL,
    webDistDir: abs(parsed.WEB_DIST_DIR ?? 'apps/web/dist'),
    rootDir,
  };
}

/** "job.name=0 * * * *;other.job=30 3 * * *" becomes { "job.name": "0 * * * *", … }, each validated. */
function parseCronOverrides(value: string): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const part of value
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, cron] = part.split('=').map((p) => p?.trim());
    if (!name || !cron || !/^[a-z0-9_.-]+$/.test(name) || !validateCronExpression(cron).valid) {
      throw new ConfigError([`SCHEDULER_CRON_OVERRIDES: "${part}" is not job.name=<cron expression>`]);
    }
    overrides[name] = cron;
  }
  return overrides;
}

/**
 * A key is given inline (PEM, or its base64 body; `\n` escapes allowed) or as `file:/path`.
 * Either all of a channel's variables are set or none: half a configuration is an error.
 */
function paymentsConfig(p: EnvSchema): PaymentsConfig {
  const key = (name: string, value: string | undefined, kind: 'private' | 'public') => {
    if (!value) return undefined;
    let text = value.replace(/\\n/g, '\n').trim();
    if (value.startsWith('file:')) {
      const path = value.slice('file:'.length);
      if (!existsSync(path)) throw new ConfigError([`${name}: file ${path} does not exist`]);
      text = readFileSync(path, 'utf8').trim();
    }
    // Checked now so a bad key stops start-up naming the variable (never echoing the key).
    const parsed = parseRsaKey(text, kind);
    if (!parsed) throw new ConfigError([`${name}: not a readable RSA ${kind} key (PEM, base64 DER or file:/path)`]);
    if (text.includes('BEGIN CERTIFICATE')) return text;
    return parsed.export(kind === 'private' ? { type: 'pkcs8', format: 'pem' } : { type: 'spki', format: 'pem' }).toString();
  };
  const group = <T>(names: Record<string, string | undefined>, build: () => T): T | undefined => {
    const missing = Object.entries(names).filter(([, v]) => !v);
    if (missing.length === Object.keys(names).length) return undefined;
    if (missing.length) {
      throw new ConfigError(
        missing.map(
          ([n]) =>
            `${n}: required when ${Object.keys(names)
              .filter((k) => names[k])
              .join(', ')} is set`,
        ),
      );
    }
    return build();
  };
  const alipay = group(
    { ALIPAY_APP_ID: p.ALIPAY_APP_ID, ALIPAY_PRIVATE_KEY: p.ALIPAY_PRIVATE_KEY, ALIPAY_PUBLIC_KEY: p.ALIPAY_PUBLIC_KEY },
    () => ({
      appId: p.ALIPAY_APP_ID!,
      privateKey: key('ALIPAY_PRIVATE_KEY', p.ALIPAY_PRIVATE_KEY, 'private')!,
      alipayPublicKey: key('ALIPAY_PUBLIC_KEY', p.ALIPAY_PUBLIC_KEY, 'public')!,
      gatewayUrl: p.ALIPAY_GATEWAY_URL,
      sellerId: p.ALIPAY_SELLER_ID,
    }),
  );
  const wechat = group(
    {
      WECHAT_MCHID: p.WECHAT_MCHID,
      WECHAT_APPID: p.WECHAT_APPID,
      WECHAT_APIV3_KEY: p.WECHAT_APIV3_KEY,
      WECHAT_MERCHANT_PRIVATE_KEY: p.WECHAT_MERCHANT_PRIVATE_KEY,
      WECHAT_MERCHANT_SERIAL: p.WECHAT_MERCHANT_SERIAL,
      WECHAT_PLATFORM_PUBLIC_KEY: p.WECHAT_PLATFORM_PUBLIC_KEY,
      WECHAT_PLATFORM_SERIAL: p.WECHAT_PLATFORM_SERIAL,
    },
    () => ({
      mchid: p.WECHAT_MCHID!,
      appid: p.WECHAT_APPID!,
      apiV3Key: p.WECHAT_APIV3_KEY!,
      merchantPrivateKey: key('WECHAT_MERCHANT_PRIVATE_KEY', p.WECHAT_MERCHANT_PRIVATE_KEY, 'private')!,
      merchantSerial: p.WECHAT_MERCHANT_SERIAL!,
      platformPublicKey: key('WECHAT_PLATFORM_PUBLIC_KEY', p.WECHAT_PLATFORM_PUBLIC_KEY, 'public')!,
      platformSerial: p.WECHAT_PLATFORM_SERIAL!,
      nextPlatform: group(
        {
          WECHAT_PLATFORM_PUBLIC_KEY_NEXT: p.WECHAT_PLATFORM_PUBLIC_KEY_NEXT,
          WECHAT_PLATFORM_SERIAL_NEXT: p.WECHAT_PLATFORM_SERIAL_NEXT,
        },
        () => ({
          publicKey: key('WECHAT_PLATFORM_PUBLIC_KEY_NEXT', p.WECHAT_PLATFORM_PUBLIC_KEY_NEXT, 'public')!,
          serial: p.WECHAT_PLATFORM_SERIAL_NEXT!,
        }),
      ),
      baseUrl: p.WECHAT_BASE_URL,
    }),
  );
  return {
    orderTtlMinutes: p.PAYMENT_ORDER_TTL_MINUTES,
    notifyBaseUrl: p.PAYMENT_NOTIFY_BASE_URL?.replace(/\/+$/, ''),
    sandboxEnabled: p.NODE_ENV !== 'production' && p.PAYMENT_SANDBOX_ENABLED === 'true',
    alipay,
    wechat,
  };
}

/** An RSA key from PEM (or a certificate, for public keys) or bare base64 DER; undefined when unreadable. */
export function parseRsaKey(text: string, kind: 'private' | 'public'): KeyObject | undefined {
  const attempts: (() => KeyObject)[] = [];
  if (text.includes('BEGIN CERTIFICATE')) {
    if (kind === 'public') attempts.push(() => new X509Certificate(text).publicKey);
  } else if (text.includes('-----BEGIN')) {
    attempts.push(() => (kind === 'private' ? createPrivateKey(text) : createPublicKey(text)));
  } else {
    const der = Buffer.from(text.replace(/\s+/g, ''), 'base64');
    if (kind === 'private') {
      attempts.push(() => createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
      attempts.push(() => createPrivateKey({ key: der, format: 'der', type: 'pkcs1' }));
    } else {
      attempts.push(() => createPublicKey({ key: der, format: 'der', type: 'spki' }));
      attempts.push(() => createPublicKey({ key: der, format: 'der', type: 'pkcs1' }));
    }
  }
  for (const attempt of attempts) {
    try {
      const key = attempt();
      if (key.asymmetricKeyType === 'rsa') return key;
    } catch {
      // try the next encoding
    }
  }
  return undefined;
}

/**
 * Outside production a missing JWT_SECRET is generated once and kept next to the embedded data,
 * so sessions survive restarts without the operator having to invent a secret.
 */
function localSecret(file: string, generate = () => randomBytes(48).toString('base64url')): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = generate();
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
