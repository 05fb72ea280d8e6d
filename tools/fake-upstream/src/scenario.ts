/**
 * What the fake upstream does, and how often. Every duration is "simulated" milliseconds and is
 * multiplied by the server's `timeScale` (0.001 in tests makes a 5-minute video take 0.3 s), except
 * `slowMs`, which is real time because it exists to outlast a client's real timeout.
 */
export interface Scenario {
  /** Latency of a submit, [min, max] simulated ms. The notes measured 0.3–3 s. */
  submitLatencyMs: [number, number];
  /** Latency of a task query or balance call, [min, max] simulated ms. */
  pollLatencyMs: [number, number];
  /** Time a task waits in the queue before generating. */
  queueMs: [number, number];
  /** Time a task spends generating. The notes measured 30–400 s. */
  generationMs: [number, number];
  /** Extra time for upsampling when `enable_upsample` is set (vivaapi). */
  upsampleMs: [number, number];
  /** Probability that any upstream call answers 5xx (a JSON error or, per `htmlErrorShare`, an HTML page). */
  serverErrorRate: number;
  /** Share of 5xx answers that are an HTML error page from a proxy instead of JSON. */
  htmlErrorShare: number;
  /** Probability that the connection is reset before any answer. */
  resetRate: number;
  /** Probability that the answer is delayed by `slowMs` real milliseconds (beyond a client's timeout). */
  slowRate: number;
  slowMs: number;
  /** Outcome probabilities of accepted tasks (the rest succeed). */
  failRate: number;
  contentRejectRate: number;
  stuckRate: number;
  vanishRate: number;
  /** Probability that a finished task reports `completed` without a URL for a while. */
  noUrlRate: number;
  /** Probability that a task's progress goes backwards once while generating. */
  progressRegressRate: number;
  /** Requests per second allowed per key (0 = unlimited); past it: 429 with Retry-After. */
  qpsLimit: number;
  /** Unfinished tasks allowed per key (0 = unlimited); past it a submit gets 429. */
  concurrencyLimit: number;
  /** Retry-After for 429 answers, simulated seconds (also sent as `retry-after-ms`, scaled). */
  retryAfterSeconds: number;
  /** Give the price back when a task fails (new-api does). */
  refundOnFailure: boolean;
  /** HTTP status vivaapi uses for insufficient balance (new-api: 403; some builds 401 or 402). */
  vivaInsufficientStatus: 401 | 402 | 403;
  /** 速创 answers errors with HTTP 200 and a body `code` (`body`), or mirrors the code in the HTTP status (`http`). */
  suchuangErrorStyle: 'body' | 'http';
}

export const DEFAULT_SCENARIO: Scenario = {
  submitLatencyMs: [300, 3000],
  pollLatencyMs: [20, 200],
  queueMs: [1000, 15_000],
  generationMs: [30_000, 400_000],
  upsampleMs: [10_000, 60_000],
  serverErrorRate: 0,
  htmlErrorShare: 0.5,
  resetRate: 0,
  slowRate: 0,
  slowMs: 60_000,
  failRate: 0,
  contentRejectRate: 0,
  stuckRate: 0,
  vanishRate: 0,
  noUrlRate: 0,
  progressRegressRate: 0.1,
  qpsLimit: 0,
  concurrencyLimit: 0,
  retryAfterSeconds: 2,
  refundOnFailure: true,
  vivaInsufficientStatus: 403,
  suchuangErrorStyle: 'body',
};

/** A "chaos" preset: what the notes say real resellers do on a bad day. */
export const FLAKY_SCENARIO: Partial<Scenario> = {
  serverErrorRate: 0.05,
  resetRate: 0.01,
  slowRate: 0.01,
  failRate: 0.05,
  contentRejectRate: 0.02,
  stuckRate: 0.01,
  vanishRate: 0.01,
  noUrlRate: 0.05,
  qpsLimit: 5,
};

/**
 * Faults forced on the next matching requests, in order, before any randomness: how tests make
 * one call fail exactly the way they need.
 */
export const FAULTS = [
  'server_error',
  'html_error',
  'reset',
  'slow',
  'rate_limited',
  'invalid_key',
  'insufficient_balance',
  'content_rejected',
  'bad_request',
] as const;
export type Fault = (typeof FAULTS)[number];

/** Which calls a queued fault applies to. */
export type FaultTarget = 'submit' | 'query' | 'balance' | 'any';

/**
 * Prompt markers force a task's outcome, whatever the probabilities: `[fake:fail]`, `[fake:reject]`
 * (rejected while generating), `[fake:reject-submit]` (rejected at submit), `[fake:stuck]`,
 * `[fake:vanish]`, `[fake:nourl]`, `[fake:regress]`.
 */
export const PROMPT_MARKERS = ['fail', 'reject', 'reject-submit', 'stuck', 'vanish', 'nourl', 'regress'] as const;

export type Dialect = 'vivaapi' | 'suchuang';
