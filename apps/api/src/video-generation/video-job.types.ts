import type { VideoJobStatus } from './dto/video.dto';
import type { JobErrorKind } from './video-messages';

export const OPEN_STATUSES: VideoJobStatus[] = ['queued', 'submitting', 'running'];
export const TERMINAL_STATUSES: VideoJobStatus[] = ['succeeded', 'failed', 'canceled'];

export interface VideoJobView {
  id: string;
  userId: string;
  apiKeyId: string | null;
  status: VideoJobStatus;
  model: string;
  durationSeconds: number;
  orientation: 'landscape' | 'portrait';
  prompt: string;
  credits: number;
  progress: number;
  upstreamAccountId: string | null;
  providerTaskId: string | null;
  resultUrl: string | null;
  costFen: number | null;
  errorKind: JobErrorKind | null;
  errorDetail: string | null;
  messageEn: string | null;
  messageZh: string | null;
  refunded: boolean;
  pollCount: number;
  pollErrors: number;
  submitAttempts: number;
  deadlineAt: Date;
  createdAt: Date;
  submitStartedAt: Date | null;
  submittedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
}

/** How a job ends when it does not succeed. */
export interface JobFailure {
  kind: JobErrorKind;
  /** The upstream's reason, for operators (never shown to users, never holds secrets). */
  detail?: string;
}

export function toJobView(r: Record<string, unknown>): VideoJobView {
  return {
    id: r.id as string,
    userId: r.user_id as string,
    apiKeyId: (r.api_key_id as string | null) ?? null,
    status: r.status as VideoJobStatus,
    model: r.model as string,
    durationSeconds: Number(r.duration_seconds),
    orientation: r.orientation as 'landscape' | 'portrait',
    prompt: r.prompt as string,
    credits: Number(r.credits),
    progress: Number(r.progress),
    upstreamAccountId: (r.upstream_account_id as string | null) ?? null,
    providerTaskId: (r.provider_task_id as string | null) ?? null,
    resultUrl: (r.result_url as string | null) ?? null,
    costFen: r.cost_fen === null || r.cost_fen === undefined ? null : Number(r.cost_fen),
    errorKind: (r.error_kind as JobErrorKind | null) ?? null,
    errorDetail: (r.error_detail as string | null) ?? null,
    messageEn: (r.message_en as string | null) ?? null,
    messageZh: (r.message_zh as string | null) ?? null,
    refunded: r.refunded === true,
    pollCount: Number(r.poll_count),
    pollErrors: Number(r.poll_errors),
    submitAttempts: Number(r.submit_attempts),
    deadlineAt: r.deadline_at as Date,
    createdAt: r.created_at as Date,
    submitStartedAt: (r.submit_started_at as Date | null) ?? null,
    submittedAt: (r.submitted_at as Date | null) ?? null,
    finishedAt: (r.finished_at as Date | null) ?? null,
    updatedAt: r.updated_at as Date,
  };
}
