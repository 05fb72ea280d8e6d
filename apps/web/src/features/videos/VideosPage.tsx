import './i18n';
import { Button, Space, Spin, Tag } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { call } from '../../api/client';
import { ROUTES } from '../../app/routes';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Muted, Panel } from '../../components/Panel';
import { VideoList } from './VideoList';
import { VIDEO_STATUSES, type VideoStatus } from './video-status';

const PAGE_SIZE = 10;

/** My jobs, newest first: status filter (in the URL), cursor pages, a link to each job. */
export default function VideosPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status') ?? '';
  const status = (VIDEO_STATUSES as string[]).includes(raw) ? (raw as VideoStatus) : undefined;
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const page = useQuery({
    queryKey: ['videos', 'list', status ?? 'all', cursor ?? '', PAGE_SIZE],
    queryFn: ({ signal }) => call('Videos_list', { query: { status, cursor, limit: PAGE_SIZE }, signal }),
    placeholderData: keepPreviousData,
  });
  const setStatus = (value: VideoStatus | undefined) => {
    setCursors([]);
    setParams(value ? { status: value } : {}, { replace: true });
  };
  const nextCursor = page.data?.nextCursor;
  return (
    <Panel testId="videos-page" title={t('video.listTitle')} extra={<Link to={ROUTES.generate}>{t('nav.generate')}</Link>}>
      <div data-testid="status-filter" style={{ display: 'flex', flexWrap: 'wrap', rowGap: 8, marginBottom: 16 }}>
        {[undefined, ...VIDEO_STATUSES].map((s) => (
          <Tag.CheckableTag key={s ?? 'all'} checked={status === s} onChange={() => setStatus(s)} data-status={s ?? 'all'}>
            {s ? t(`video.statuses.${s}`) : t('video.allStatuses')}
          </Tag.CheckableTag>
        ))}
      </div>
      {page.error ? (
        <ErrorAlert error={page.error} onRetry={() => void page.refetch()} />
      ) : page.isPending ? (
        <Spin />
      ) : !page.data.items.length ? (
        <Muted>
          {t('video.empty')} <Link to={ROUTES.generate}>{t('video.generateOne')}</Link>
        </Muted>
      ) : (
        <VideoList items={page.data.items} />
      )}
      {(cursors.length > 0 || nextCursor) && (
        <Space style={{ marginTop: 16 }}>
          <Button size="small" disabled={!cursors.length} onClick={() => setCursors((c) => c.slice(0, -1))}>
            {t('video.prev')}
          </Button>
          <Muted>{t('ledger.page', { page: cursors.length + 1 })}</Muted>
          <Button size="small" disabled={!nextCursor} onClick={() => nextCursor && setCursors((c) => [...c, nextCursor])}>
            {t('video.next')}
          </Button>
        </Space>
      )}
    </Panel>
  );
}
