import type { ProviderErrorKind } from '../provider-quota/providers/provider.types';

/** Why a job did not succeed, as stored on the job (`error_kind`) and shown to users. */
export type JobErrorKind =
  | 'content_rejected'
  | 'generation_failed'
  | 'upstream_unavailable'
  | 'upstream_balance'
  | 'rate_limited'
  | 'timeout'
  | 'submit_interrupted'
  | 'task_lost'
  | 'bad_request'
  | 'canceled';

const UNAVAILABLE_ADMIN = {
  zh: '服务暂时不可用，管理员正在处理中，请稍后重试',
  en: 'The service is temporarily unavailable; an administrator is working on it. Please try again later.',
};

/**
 * User-facing messages in zh-CN and en (seed 004: an exhausted upstream balance is the operator's
 * problem, never explained to the user as such). Every failure message says the credits came back,
 * because a failed job is always refunded.
 */
export const JOB_MESSAGES: Record<JobErrorKind, { zh: string; en: string }> = {
  upstream_balance: UNAVAILABLE_ADMIN,
  content_rejected: {
    zh: '提示词未通过内容审核，请修改后重试；积分已退还',
    en: 'The prompt was rejected by content moderation; please change it and try again. Your credits were refunded.',
  },
  generation_failed: {
    zh: '视频生成失败，积分已退还，请稍后重试',
    en: 'Video generation failed and your credits were refunded; please try again later.',
  },
  upstream_unavailable: {
    zh: '视频服务暂时不可用，积分已退还，请稍后重试',
    en: 'The video service is temporarily unavailable and your credits were refunded; please try again later.',
  },
  rate_limited: {
    zh: '视频服务繁忙，积分已退还，请稍后重试',
    en: 'The video service is busy and your credits were refunded; please try again later.',
  },
  timeout: {
    zh: '视频生成超时，积分已退还，请稍后重试',
    en: 'The video took too long and was stopped; your credits were refunded.',
  },
  submit_interrupted: {
    zh: '提交过程被中断，积分已退还，请重新提交',
    en: 'Submitting the job was interrupted; your credits were refunded. Please submit it again.',
  },
  task_lost: {
    zh: '视频服务丢失了该任务，积分已退还，请重新提交',
    en: 'The video service lost this task; your credits were refunded. Please submit it again.',
  },
  bad_request: {
    zh: '视频服务不接受该请求参数，积分已退还',
    en: 'The video service did not accept these settings; your credits were refunded.',
  },
  canceled: { zh: '任务已取消，积分已退还', en: 'The job was canceled and your credits were refunded.' },
};

/** Maps a provider error (after the router's fail-over gave up) to the job's error kind. */
export function jobErrorKindOf(kind: ProviderErrorKind | undefined): JobErrorKind {
  switch (kind) {
    case 'insufficient_balance':
    case 'invalid_key':
      return 'upstream_balance';
    case 'content_rejected':
      return 'content_rejected';
    case 'rate_limited':
      return 'rate_limited';
    case 'timeout':
    case 'upstream_unavailable':
      return 'upstream_unavailable';
    case 'bad_request':
      return 'bad_request';
    default:
      return 'generation_failed';
  }
}

export const MAINTENANCE_DEFAULT = {
  zh: '系统维护中，视频生成暂停，请稍后再试',
  en: 'Video generation is paused for maintenance; please try again later.',
};
export const DEGRADED_DEFAULT = UNAVAILABLE_ADMIN;
