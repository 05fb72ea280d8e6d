import './i18n';
import { Button, Tag, theme } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../../api/client';
import { ROUTES } from '../../app/routes';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextInput } from '../../components/TextInput';
import { Figure } from '../../components/Figure';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Muted, Panel } from '../../components/Panel';
import { ProgressBar } from '../../components/ResultPanel';
import { formatTime } from '../credits/ledger-format';

/**
 * Public (no sign-in): a key holder — e.g. someone who bought a trial card — pastes the key and sees
 * its quota, use, remainder and expiry. The key is sent once, to GET /api/v1/key-usage, never stored.
 */
export default function KeyUsagePage() {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const [key, setKey] = useState('');
  const lookup = useMutation({
    mutationFn: (secret: string) => call('KeyUsage_usage', { headers: { Authorization: `Bearer ${secret}` } }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (key.trim() && !lookup.isPending) lookup.mutate(key.trim());
  };
  const u = lookup.data;
  return (
    <div style={{ minHeight: '100vh', background: token.colorBgLayout, padding: 16, boxSizing: 'border-box' }}>
      <div style={{ maxWidth: 640, margin: '0 auto', display: 'grid', gap: 16 }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
          <Link to={ROUTES.dashboard} style={{ fontWeight: 600, fontSize: 18 }}>
            {t('app.name')}
          </Link>
          <span style={{ flex: 1 }} />
          <LanguageSwitch />
        </div>
        <Panel title={t('keys.usageTitle')} testId="key-usage-page">
          <p style={{ marginTop: 0 }}>
            <Muted>{t('keys.usageHint')}</Muted>
          </p>
          <form onSubmit={submit} style={{ display: 'flex', gap: 8 }}>
            <TextInput
              type="password"
              value={key}
              onChange={(e) => setKey(e.target.value)}
              placeholder={t('keys.keyPlaceholder')}
              maxLength={200}
              autoComplete="off"
              data-testid="usage-key"
              aria-label={t('keys.usageTitle')}
            />
            <Button type="primary" htmlType="submit" loading={lookup.isPending} data-testid="usage-check">
              {t('keys.check')}
            </Button>
          </form>
          {lookup.error && <ErrorAlert error={lookup.error} style={{ marginTop: 12 }} />}
          {u && (
            <div data-testid="usage-result" style={{ marginTop: 16, display: 'grid', gap: 12 }}>
              <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
                <strong>{u.name}</strong> <code>{u.prefix}…</code>
                <Tag data-testid="usage-status">{t(`keys.statuses.${u.status}`)}</Tag>
              </div>
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 24 }}>
                <Figure
                  label={t('keys.limit')}
                  value={u.quotaLimit > 0 ? u.quotaLimit : t('keys.unlimited')}
                  valueTestId="usage-limit"
                  size={20}
                />
                <Figure label={t('keys.used')} value={u.quotaUsed} valueTestId="usage-used" size={20} />
                <Figure
                  label={t('keys.remaining')}
                  value={u.quotaRemaining ?? t('keys.unlimited')}
                  valueTestId="usage-remaining"
                  size={20}
                />
                <Figure
                  label={t('keys.expiry')}
                  value={u.expiresAt ? formatTime(u.expiresAt, i18n.language) : t('keys.noExpiry')}
                  valueTestId="usage-expiry"
                  size={20}
                />
              </div>
              {u.quotaLimit > 0 && <ProgressBar percent={(u.quotaUsed / u.quotaLimit) * 100} />}
            </div>
          )}
        </Panel>
      </div>
    </div>
  );
}
