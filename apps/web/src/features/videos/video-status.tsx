import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { VideoJobDto } from '../../api/generated/openapi';

export type VideoStatus = VideoJobDto['status'];
export const VIDEO_STATUSES: VideoStatus[] = ['queued', 'submitting', 'running', 'succeeded', 'failed', 'canceled'];
export const isTerminal = (status: VideoStatus) => status === 'succeeded' || status === 'failed' || status === 'canceled';

const COLORS: Record<VideoStatus, string> = {
  queued: 'default',
  submitting: 'processing',
  running: 'processing',
  succeeded: 'success',
  failed: 'error',
  canceled: 'warning',
};

/** A job's status as a coloured chip. */
export function StatusChip({ status }: { status: VideoStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="video-status" data-status={status}>
      {t(`video.statuses.${status}`)}
    </Tag>
  );
}

/** The friendly, mapped failure message in the UI language. */
export function failureText(job: Pick<VideoJobDto, 'error'>, language: string): string {
  if (!job.error) return '';
  return language === 'en' ? job.error.messageEn : job.error.messageZh;
}
