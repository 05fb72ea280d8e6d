import axios, { AxiosError, AxiosInstance } from 'axios';
import { CONTENT_REJECTED, INSUFFICIENT_BALANCE, ProviderOperation, ProviderSettings, RATE_LIMITED } from './dialects';
import { ProviderError, ProviderErrorKind } from './provider.types';

export interface ProviderAccountConfig {
  baseUrl: string;
  apiKey: string;
  settings?: ProviderSettings;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The parsed JSON body when it is JSON. */
  body?: unknown;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_MESSAGE = 300;

/** Reads `a.b.c` from a parsed JSON body. */
export function pick(body: unknown, path: string): unknown {
  let value: unknown = body;
  for (const part of path.split('.')) {
    if (!value || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export function firstString(body: unknown, paths: string[]): string | undefined {
  for (const path of paths) {
    const v = pick(body, path);
    if (typeof v === 'string' && v.trim()) return v.trim();
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return undefined;
}

/** Retry-After as ms: OpenAI-style `retry-after-ms` first, then seconds or an HTTP date. */
export function retryAfterMs(headers: Record<string, string>): number | undefined {
  const ms = Number(headers['retry-after-ms']);
  if (Number.isFinite(ms) && ms >= 0 && headers['retry-after-ms'] !== undefined) return ms;
  const value = headers['retry-after'];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * The HTTP plumbing every adapter shares: one axios instance per account, answers read as text
 * (HTML error pages from proxies are answers too), transport failures turned into ProviderErrors.
 * Nothing here ever puts the API key into a message: upstream texts are scrubbed of it, and axios
 * errors (whose config holds the Authorization header) are never passed on.
 */
export abstract class HttpVideoProvider {
  protected readonly http: AxiosInstance;
  protected readonly settings: ProviderSettings;

  protected constructor(
    protected readonly providerName: string,
    protected readonly account: ProviderAccountConfig,
    authorization: string,
  ) {
    this.settings = account.settings ?? {};
    this.http = axios.create({
      baseURL: account.baseUrl.replace(/\/+$/, ''),
      timeout: this.settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      headers: { Authorization: authorization, Accept: 'application/json' },
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
    });
  }

  protected mapModel(model: string): string {
    return this.settings.modelMap?.[model] ?? model;
  }

  /** Removes the key (and anything that looks like a bearer token) from a text and shortens it. */
  protected scrub(text: string): string {
    let out = text;
    const key = this.account.apiKey;
    if (key) out = out.split(key).join('[redacted]');
    out = out.replace(/Bearer\s+\S+/gi, 'Bearer [redacted]').replace(/\bsk-[A-Za-z0-9_-]{8,}/g, 'sk-[redacted]');
    return out.length > MAX_MESSAGE ? `${out.slice(0, MAX_MESSAGE)}…` : out;
  }

  protected error(
    kind: ProviderErrorKind,
    operation: ProviderOperation,
    detail: string,
    options: ConstructorParameters<typeof ProviderError>[2] = {},
  ): ProviderError {
    const retryable = options.retryable ?? defaultRetryable(kind);
    return new ProviderError(kind, this.scrub(`${this.providerName} ${operation}: ${detail}`), { ...options, retryable });
  }

  protected async call(
    operation: ProviderOperation,
    method: 'GET' | 'POST',
    path: string,
    request: { params?: Record<string, string>; data?: unknown } = {},
  ): Promise<HttpAnswer> {
    try {
      const res = await this.http.request<string>({ method, url: path, params: request.params, data: request.data });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers ?? {})) {
        if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
      }
      const text = typeof res.data === 'string' ? res.data : '';
      let body: unknown;
      if (text && /^\s*[[{]/.test(text)) {
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
      }
      return { status: res.status, headers, text, body };
    } catch (error) {
      throw this.transportError(operation, error);
    }
  }

  /** A failure without an HTTP answer. A submit that may have been sent is never retryable. */
  private transportError(operation: ProviderOperation, error: unknown): ProviderError {
    const e = error as AxiosError;
    const code = e?.code ?? '';
    const submit = operation === 'submit';
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(e?.message ?? '')) {
      return this.error('timeout', operation, 'no answer before the timeout', {
        retryable: !submit,
        mayHaveReachedProvider: submit,
      });
    }
    if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) {
      return this.error('upstream_unavailable', operation, `cannot connect (${code})`, {
        retryable: true,
        mayHaveReachedProvider: false,
      });
    }
    return this.error('upstream_unavailable', operation, `connection failed (${code || 'network error'})`, {
      retryable: !submit,
      mayHaveReachedProvider: submit,
    });
  }

  /**
   * Classifies an HTTP error answer by status and text. `message` is the provider's own text
   * (already extracted from its error body) and `providerCode` its code, when it has them.
   */
  protected httpError(
    operation: ProviderOperation,
    answer: HttpAnswer,
    message: string,
    providerCode?: string | number,
  ): ProviderError {
    const { status } = answer;
    const text = `${providerCode ?? ''} ${message}`;
    const base = { httpStatus: status, providerCode };
    const detail = `HTTP ${status}${providerCode !== undefined ? ` (${providerCode})` : ''}: ${message || answer.text.slice(0, 120) || 'no body'}`;
    if (status === 429 || RATE_LIMITED.test(text)) {
      return this.error('rate_limited', operation, detail, { ...base, retryAfterMs: retryAfterMs(answer.headers) });
    }
    if (status === 402 || (INSUFFICIENT_BALANCE.test(text) && [400, 401, 403].includes(status))) {
      return this.error('insufficient_balance', operation, detail, base);
    }
    if (status === 401 || status === 403) return this.error('invalid_key', operation, detail, base);
    if (status === 504 || status === 408) {
      // The gateway gave up waiting: the provider may have accepted the submit.
      return this.error('timeout', operation, detail, {
        ...base,
        retryable: operation !== 'submit',
        mayHaveReachedProvider: operation === 'submit',
      });
    }
    if (status >= 500) return this.error('upstream_unavailable', operation, detail, { ...base, mayHaveReachedProvider: false });
    if (CONTENT_REJECTED.test(text)) return this.error('content_rejected', operation, detail, base);
    return this.error('bad_request', operation, detail, base);
  }
}

function defaultRetryable(kind: ProviderErrorKind): boolean {
  return kind === 'rate_limited' || kind === 'upstream_unavailable' || kind === 'timeout';
}

/** 0–100 from a number or a "45%" string. */
export function parseProgress(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseFloat(value) : Number.NaN;
  if (!Number.isFinite(n)) return undefined;
  return Math.max(0, Math.min(100, Math.round(n)));
}

export function isContentRejection(reason: string | undefined): boolean {
  return !!reason && CONTENT_REJECTED.test(reason);
}
