import { theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { VideoJobDto } from '../../api/generated/openapi';
import { ROUTES } from '../../app/routes';
import { Muted } from '../../components/Panel';
import { formatTime } from '../credits/ledger-format';
import { StatusChip } from './video-status';

/** Rows of jobs: status chip, prompt (linked to the job), model, duration, credits, time. */
export function VideoList({ items }: { items: VideoJobDto[] }) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  return (
    <div>
      {items.map((v) => (
        <div
          key={v.id}
          data-testid="video-row"
          style={{
            display: 'flex',
            flexWrap: 'wrap',
            alignItems: 'center',
            gap: 8,
            padding: '10px 0',
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          <StatusChip status={v.status} />
          <Link
            to={`${ROUTES.videos}/${v.id}`}
            style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
          >
            {v.prompt}
          </Link>
          <Muted>
            {v.model} · {t('video.seconds', { n: v.durationSeconds })} · {t('video.creditsUnit', { n: v.credits })} ·{' '}
            {formatTime(v.createdAt, i18n.language)}
          </Muted>
        </div>
      ))}
    </div>
  );
}
