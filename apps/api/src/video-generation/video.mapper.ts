import { encodeTimeCursor, toPage } from '../common/pagination/pagination';
import type { AdminVideoJobDto, VideoJobDto } from './dto/video.dto';
import type { VideoJobView } from './video-job.types';

/** What the job's owner sees: never the upstream account, task id, cost or the upstream's wording. */
export function toVideoJobDto(j: VideoJobView): VideoJobDto {
  return {
    id: j.id,
    status: j.status,
    model: j.model,
    durationSeconds: j.durationSeconds,
    orientation: j.orientation,
    prompt: j.prompt,
    credits: j.credits,
    progress: j.progress,
    resultUrl: j.status === 'succeeded' ? j.resultUrl : null,
    error: j.errorKind ? { kind: j.errorKind, messageZh: j.messageZh ?? '', messageEn: j.messageEn ?? '' } : null,
    refunded: j.refunded,
    createdAt: j.createdAt,
    submittedAt: j.submittedAt,
    finishedAt: j.finishedAt,
  };
}

export function toAdminVideoJobDto(j: VideoJobView): AdminVideoJobDto {
  return {
    ...toVideoJobDto(j),
    userId: j.userId,
    apiKeyId: j.apiKeyId,
    upstreamAccountId: j.upstreamAccountId,
    providerTaskId: j.providerTaskId,
    costFen: j.costFen,
    errorDetail: j.errorDetail,
    pollCount: j.pollCount,
    submitStartedAt: j.submitStartedAt,
    deadlineAt: j.deadlineAt,
  };
}

export function toJobPage<T>(rows: VideoJobView[], limit: number, map: (j: VideoJobView) => T) {
  const page = toPage(rows, limit, (last) => encodeTimeCursor(last.createdAt, last.id));
  return { items: page.items.map(map), nextCursor: page.nextCursor };
}
