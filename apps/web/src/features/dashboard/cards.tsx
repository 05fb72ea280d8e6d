import { Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../../api/client';
import { ROUTES } from '../../app/routes';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Figure } from '../../components/Figure';
import { Muted, Panel } from '../../components/Panel';
import { ProgressBar } from '../../components/ResultPanel';
import { VideoList } from '../videos/VideoList';

/** Quota card: total / used / remaining of the user's upstream quota, with a progress bar. */
export function QuotaCard() {
  const { t } = useTranslation();
  const quota = useQuery({ queryKey: ['credits', 'quota'], queryFn: ({ signal }) => call('Quota_get', { signal }) });
  const q = quota.data;
  return (
    <Panel title={t('dashboard.quota.title')} testId="quota-card" style={{ height: '100%' }}>
      {quota.error ? (
        <ErrorAlert error={quota.error} onRetry={() => void quota.refetch()} />
      ) : !q ? (
        <Spin />
      ) : (
        <div style={{ display: 'grid', gap: 12 }}>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 24 }}>
            <Figure label={t('dashboard.quota.total')} value={q.quota} valueTestId="quota-total" size={20} />
            <Figure label={t('dashboard.quota.used')} value={q.used} valueTestId="quota-used" size={20} />
            <Figure label={t('dashboard.quota.remaining')} value={q.remaining} valueTestId="quota-remaining" size={20} />
          </div>
          <ProgressBar percent={q.quota > 0 ? (q.used / q.quota) * 100 : 0} />
        </div>
      )}
    </Panel>
  );
}

/** The user's five most recent video jobs (`GET /api/v1/videos`). */
export function RecentVideos() {
  const { t } = useTranslation();
  const videos = useQuery({
    queryKey: ['videos', 'list', 'all', '', 5],
    queryFn: ({ signal }) => call('Videos_list', { query: { limit: 5 }, signal }),
  });
  return (
    <Panel
      title={t('dashboard.recentVideos')}
      testId="recent-videos"
      extra={<Link to={ROUTES.videos}>{t('dashboard.viewAll')}</Link>}
    >
      {videos.error ? (
        <ErrorAlert error={videos.error} onRetry={() => void videos.refetch()} />
      ) : !videos.data ? (
        <Spin />
      ) : !videos.data.items.length ? (
        <Muted>
          {t('dashboard.noVideos')} <Link to={ROUTES.generate}>{t('nav.generate')}</Link>
        </Muted>
      ) : (
        <VideoList items={videos.data.items} />
      )}
    </Panel>
  );
}
