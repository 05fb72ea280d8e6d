import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
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
  credits: { signupBonus: number };
  idempotency: { retentionHours: number };
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
  const known = Object.fromEntries(
    Object.keys(new EnvSchema())
      .concat([
        'DATABASE_URL',
        'JWT_SECRET',
        'ADMIN_PASSWORD',
        'WEB_DIST_DIR',
        'UPSTREAM_SECRET_KEY',
        'SIMULATED_UPSTREAM_ENABLED',
      ])
      .filter((name) => env[name] !== undefined)
      .map((name) => [name, env[name]]),
  );
  const parsed = plainToInstance(EnvSchema, known, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { whitelist: true });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map(
        (e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')} (got ${JSON.stringify(env[e.property])})`,
      ),
    );
  }
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
    credits: { signupBonus: parsed.SIGNUP_BONUS_CREDITS },
    idempotency: { retentionHours: parsed.IDEMPOTENCY_RETENTION_HOURS },
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
    logLevel: parsed.LOG_LEVEL,
    webDistDir: abs(parsed.WEB_DIST_DIR ?? 'apps/web/dist'),
    rootDir,
  };
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
