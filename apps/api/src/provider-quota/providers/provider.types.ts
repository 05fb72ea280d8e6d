/**
 * The contract every upstream video provider adapter implements (vivaapi, suchuang, simulated)
 * and that the video pipeline relies on. Statuses and errors are normalized here so nothing
 * outside an adapter knows a provider's dialect.
 */
export type NormalizedTaskStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'unknown';

export type ProviderErrorKind =
  | 'insufficient_balance'
  | 'invalid_key'
  | 'rate_limited'
  | 'upstream_unavailable'
  | 'content_rejected'
  | 'timeout'
  | 'bad_request';

/** Thrown by adapters; `retryable` says whether the same call may be tried again. */
export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly options: {
      retryable?: boolean;
      retryAfterMs?: number;
      httpStatus?: number;
      providerCode?: string | number;
      /** True when the request may have reached the provider (a submit must then not be retried). */
      mayHaveReachedProvider?: boolean;
    } = {},
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  get retryable(): boolean {
    return this.options.retryable ?? false;
  }
}

export type VideoOrientation = 'landscape' | 'portrait';

export interface SubmitVideoRequest {
  model: string;
  prompt: string;
  durationSeconds: number;
  orientation: VideoOrientation;
  imageUrls?: string[];
}

export interface SubmitVideoResult {
  taskId: string;
}

export interface TaskSnapshot {
  taskId: string;
  status: NormalizedTaskStatus;
  /** 0–100 when the provider reports it. */
  progress?: number;
  resultUrl?: string;
  failureReason?: string;
  /** Set for failed tasks when the reason maps to a kind (e.g. content_rejected). */
  errorKind?: ProviderErrorKind;
  /**
   * The provider no longer knows the task (`task_not_exist`: it vanished). Status is then `unknown`;
   * the pipeline decides (keep polling until its timeout, then fail and refund).
   */
  notFound?: boolean;
}

export interface BalanceSnapshot {
  /** Remaining balance converted to fen when the provider's unit is known. */
  balanceFen?: number;
  /** The provider's own figures, e.g. quota units. */
  raw?: Record<string, number | string | boolean | null>;
}

export interface VideoProvider {
  submitVideo(request: SubmitVideoRequest): Promise<SubmitVideoResult>;
  getTask(taskId: string): Promise<TaskSnapshot>;
  /** Undefined when the provider has no balance API (the balance is then estimated). */
  getBalance(): Promise<BalanceSnapshot | undefined>;
}
