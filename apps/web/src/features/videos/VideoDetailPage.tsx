import './i18n';
import { Alert, Button, Spin } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { call } from '../../api/client';
import { ROUTES } from '../../app/routes';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../components/idempotency';
import { Muted, Panel } from '../../components/Panel';
import { ProgressBar } from '../../components/ResultPanel';
import { formatTime } from '../credits/ledger-format';
import { useLiveVideo } from './live-video';
import { videoKey } from './video-key';
import { failureText, isTerminal, StatusChip } from './video-status';

/** One job: live progress, then the player and download, or the friendly failure with the refund. */
export default function VideoDetailPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const client = useQueryClient();
  const job = useLiveVideo(id);
  const status = job.data?.status;
  const done = status ? isTerminal(status) : false;
  const refunded = job.data?.refunded;
  useEffect(() => {
    // The charge, or the refund of a failed job, changed the balance.
    if (done) void client.invalidateQueries({ queryKey: ['credits'] });
  }, [done, refunded, client]);
  const cancel = useMutation({
    mutationFn: () => call('Videos_cancel', { pathParams: { id }, headers: { 'Idempotency-Key': newIdempotencyKey() } }),
    onSuccess: (next) => client.setQueryData(videoKey(id), next),
  });

  if (job.error) return <ErrorAlert error={job.error} onRetry={() => void job.refetch()} />;
  if (!job.data) return <Spin />;
  const v = job.data;
  return (
    <Panel
      testId="video-detail"
      title={
        <span>
          {t('video.detailTitle')} <StatusChip status={v.status} />
        </span>
      }
      extra={<Link to={ROUTES.videos}>{t('video.back')}</Link>}
    >
      <div style={{ display: 'grid', gap: 12 }}>
        <div style={{ whiteSpace: 'pre-wrap' }} data-testid="video-prompt">
          {v.prompt}
        </div>
        <Muted>
          {v.model} · {t('video.seconds', { n: v.durationSeconds })} · {t(`video.orientations.${v.orientation}`)} ·{' '}
          {t('video.charged', { n: v.credits })} · {t('video.created')} {formatTime(v.createdAt, i18n.language)}
        </Muted>
        {!done && (
          <div data-testid="video-progress" data-progress={v.progress}>
            <ProgressBar percent={v.progress} />
            <Muted>{job.streaming ? t('video.live') : t('common.loading')}</Muted>
          </div>
        )}
        {v.status === 'queued' && (
          <div>
            <Button onClick={() => cancel.mutate()} loading={cancel.isPending} data-testid="cancel-video">
              {t('video.cancel')}
            </Button>
          </div>
        )}
        {cancel.error && <ErrorAlert error={cancel.error} />}
        {v.status === 'succeeded' && v.resultUrl && (
          <div style={{ display: 'grid', gap: 8 }}>
            <video
              src={v.resultUrl}
              controls
              playsInline
              data-testid="video-player"
              style={{ width: '100%', maxHeight: 480, background: '#000', borderRadius: 8 }}
            />
            <div>
              <a href={v.resultUrl} download target="_blank" rel="noreferrer" data-testid="video-download">
                <Button type="primary">{t('video.download')}</Button>
              </a>
            </div>
          </div>
        )}
        {(v.status === 'failed' || v.status === 'canceled') && (
          <Alert
            type={v.status === 'failed' ? 'error' : 'warning'}
            showIcon
            data-testid="video-failure"
            data-kind={v.error?.kind ?? ''}
            title={failureText(v, i18n.language) || t(`video.statuses.${v.status}`)}
            description={
              <span data-testid="video-refund" data-refunded={String(v.refunded)}>
                {v.refunded ? t('video.refunded', { n: v.credits }) : t('video.refundPending')}
              </span>
            }
          />
        )}
        {done && (
          <div>
            <Link to={ROUTES.generate}>{t('video.another')}</Link>
          </div>
        )}
      </div>
    </Panel>
  );
}
