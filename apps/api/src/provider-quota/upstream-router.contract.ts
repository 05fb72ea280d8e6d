import type { EntityManager } from 'typeorm';
import type { SubmitVideoRequest, TaskSnapshot } from './providers/provider.types';

/**
 * What the provider-quota module offers the video pipeline (implemented by its router service).
 * Kept as an interface so the pipeline depends on behaviour, not on how accounts are chosen.
 */
export interface UpstreamBinding {
  /** A dedicated account: only it may serve. */
  accountId?: string;
  /** A group: only its accounts may serve. */
  groupId?: string;
}

export interface RoutedSubmission {
  accountId: string;
  taskId: string;
}

export interface UpstreamRouterContract {
  /**
   * Picks an account (binding → group → shared; healthy, with balance and free concurrency; sticky
   * per user; priority then weighted least-load) and submits. Fails over to the next account on
   * insufficient balance / invalid key / rate limit / exhausted retries of 5xx; never retries a
   * submit that may have reached the provider. Throws ProviderError when no account can take it.
   */
  submit(
    context: { userId: string; jobId: string; binding?: UpstreamBinding },
    request: SubmitVideoRequest,
  ): Promise<RoutedSubmission>;

  /** Polls a task on the account that accepted it; errors are normalized ProviderErrors. */
  poll(accountId: string, taskId: string): Promise<TaskSnapshot>;

  /**
   * Records a finished task: cost (fen) to the account, credits spent upstream to the user's quota
   * (`used`), and the usage record. Runs in the caller's transaction when `em` is given.
   */
  recordCompletion(
    completion: {
      accountId: string;
      userId: string;
      jobId: string;
      model: string;
      credits: number;
      succeeded: boolean;
      latencyMs: number;
    },
    em?: EntityManager,
  ): Promise<{ costFen: number }>;

  /** Frees the account's concurrency slot taken by submit (called when a task ends either way). */
  release(accountId: string, jobId: string): Promise<void>;
}

export const UPSTREAM_ROUTER = Symbol('UPSTREAM_ROUTER');
