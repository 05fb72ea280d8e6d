import { AxiosError } from 'axios';

/** The API's one error shape `{ statusCode, code, message, details? }`, or a network failure. */
export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when no response arrived (offline, timeout, connection refused). */
    readonly status: number,
    /** The API's error code, or NETWORK_ERROR / UNKNOWN_ERROR for failures without one. */
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }

  /** Worth retrying automatically: nothing arrived, or the server failed / is briefly unavailable. */
  get isTransient(): boolean {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

interface ErrorBody {
  statusCode?: number;
  code?: string;
  message?: string;
  details?: Record<string, unknown>;
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof AxiosError) {
    const res = error.response;
    if (!res) return new ApiError(0, 'NETWORK_ERROR', error.message);
    const body = (typeof res.data === 'object' && res.data !== null ? res.data : {}) as ErrorBody;
    return new ApiError(res.status, body.code ?? 'UNKNOWN_ERROR', body.message ?? error.message, body.details ?? {});
  }
  return new ApiError(-1, 'UNKNOWN_ERROR', error instanceof Error ? error.message : String(error));
}
