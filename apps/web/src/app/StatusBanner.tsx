import { Alert } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';

/**
 * The system status banner (`GET /api/v1/system/status`), on every signed-in page whenever the
 * status is not normal: maintenance (new videos refused) or degraded. Re-checked every minute.
 */
export function StatusBanner() {
  const { i18n } = useTranslation();
  const status = useQuery({
    queryKey: ['system-status'],
    queryFn: ({ signal }) => call('System_get', { signal }),
    refetchInterval: 60_000,
  });
  const s = status.data;
  if (!s || s.status === 'normal') return null;
  const text = (i18n.language === 'en' ? s.messageEn : s.message) || s.message || s.messageEn;
  return (
    <Alert
      type={s.status === 'maintenance' ? 'error' : 'warning'}
      showIcon
      banner
      data-testid="status-banner"
      data-status={s.status}
      style={{ marginBottom: 16 }}
      title={text}
    />
  );
}
