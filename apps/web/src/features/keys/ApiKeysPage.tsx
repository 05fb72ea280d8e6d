import './i18n';
import { Alert, Button, Spin, Tag, theme } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../../api/client';
import type { ApiKeyDto } from '../../api/generated/openapi';
import { ROUTES } from '../../app/routes';
import { CopyButton } from '../../components/CopyButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextInput } from '../../components/TextInput';
import { Muted, Panel } from '../../components/Panel';
import { ProgressBar } from '../../components/ResultPanel';
import { formatTime } from '../credits/ledger-format';

const KEYS = ['api-keys'] as const;

/** My API keys: create (the secret shown once, with copy), usage vs quota, revoke; how to call the API. */
export default function ApiKeysPage() {
  const { t } = useTranslation();
  const keys = useQuery({ queryKey: KEYS, queryFn: ({ signal }) => call('ApiKeys_list', { signal }) });
  return (
    <div style={{ display: 'grid', gap: 16 }} data-testid="api-keys-page">
      {keys.data?.canCreate && <CreateKey />}
      {keys.data && !keys.data.canCreate && (
        <Alert
          type="info"
          showIcon
          data-testid="keys-not-allowed"
          title={t('keys.notAllowed')}
          action={<Link to={ROUTES.buy}>{t('keys.buy')}</Link>}
        />
      )}
      <Panel title={t('keys.title')} extra={<Link to={ROUTES.keyUsage}>{t('keys.checkUsage')}</Link>}>
        {keys.error ? (
          <ErrorAlert error={keys.error} onRetry={() => void keys.refetch()} />
        ) : keys.isPending ? (
          <Spin />
        ) : !keys.data.items.length ? (
          <Muted>{t('keys.empty')}</Muted>
        ) : (
          keys.data.items.map((key) => <KeyRow key={key.id} apiKey={key} />)
        )}
      </Panel>
      <HowTo />
    </div>
  );
}

function CreateKey() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [quota, setQuota] = useState('0');
  const create = useMutation({
    // Key creation does not honour Idempotency-Key (the secret is never stored for a replay);
    // the button is disabled while the request runs instead.
    mutationFn: () => call('ApiKeys_create', { body: { name: name.trim(), quotaLimit: Number(quota) || 0 } }),
    onSuccess: () => {
      setName('');
      void client.invalidateQueries({ queryKey: KEYS });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() && !create.isPending) create.mutate();
  };
  return (
    <Panel title={t('keys.create')} testId="create-key">
      <form onSubmit={submit} style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'end' }}>
        <label style={{ flex: '2 1 200px' }}>
          <div style={{ marginBottom: 6 }}>{t('keys.name')}</div>
          <TextInput
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder={t('keys.namePlaceholder')}
            maxLength={100}
            data-testid="key-name"
          />
        </label>
        <label style={{ flex: '1 1 140px' }}>
          <div style={{ marginBottom: 6 }}>{t('keys.quota')}</div>
          <TextInput
            type="number"
            min={0}
            max={1_000_000_000}
            value={quota}
            onChange={(e) => setQuota(e.target.value)}
            data-testid="key-quota"
          />
        </label>
        <Button type="primary" htmlType="submit" loading={create.isPending} disabled={!name.trim()} data-testid="key-create">
          {t('keys.create')}
        </Button>
      </form>
      {create.error && <ErrorAlert error={create.error} style={{ marginTop: 12 }} />}
      {create.data && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="key-secret-once"
          title={t('keys.created')}
          description={
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
              <code data-testid="key-secret" style={{ wordBreak: 'break-all' }}>
                {create.data.secret}
              </code>
              <CopyButton text={create.data.secret} testId="key-copy" />
            </div>
          }
        />
      )}
    </Panel>
  );
}

const STATUS_COLOR: Record<ApiKeyDto['status'], string> = {
  active: 'success',
  disabled: 'default',
  expired: 'warning',
  revoked: 'error',
};

function KeyRow({ apiKey: k }: { apiKey: ApiKeyDto }) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation({
    mutationFn: () => call('ApiKeys_revoke', { pathParams: { id: k.id } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: KEYS }),
  });
  const limit = k.quotaLimit > 0 ? String(k.quotaLimit) : t('keys.unlimited');
  return (
    <div
      data-testid="key-row"
      data-status={k.status}
      style={{ display: 'grid', gap: 6, padding: '12px 0', borderBottom: `1px solid ${token.colorBorderSecondary}` }}
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
        <strong>{k.name}</strong>
        <code>{k.prefix}…</code>
        <Tag color={STATUS_COLOR[k.status]} data-testid="key-status">
          {t(`keys.statuses.${k.status}`)}
        </Tag>
        <span style={{ flex: 1 }} />
        {k.status !== 'revoked' &&
          (confirming ? (
            <Button
              danger
              size="small"
              loading={revoke.isPending}
              onClick={() => revoke.mutate()}
              data-testid="key-revoke-confirm"
            >
              {t('keys.confirmRevoke')}
            </Button>
          ) : (
            <Button size="small" onClick={() => setConfirming(true)} data-testid="key-revoke">
              {t('keys.revoke')}
            </Button>
          ))}
      </div>
      <div data-testid="key-usage">{t('keys.usage', { used: k.quotaUsed, limit })}</div>
      {k.quotaLimit > 0 && <ProgressBar percent={(k.quotaUsed / k.quotaLimit) * 100} />}
      <Muted>
        {[
          k.expiresAt
            ? t('keys.expires', { date: formatTime(k.expiresAt, i18n.language) })
            : k.expiresAfterFirstUseDays
              ? t('keys.expiresAfterUse', { days: k.expiresAfterFirstUseDays })
              : null,
          k.lastUsedAt ? t('keys.lastUsed', { date: formatTime(k.lastUsedAt, i18n.language) }) : t('keys.neverUsed'),
        ]
          .filter(Boolean)
          .join(' · ')}
      </Muted>
      {revoke.error && <ErrorAlert error={revoke.error} />}
    </div>
  );
}

function HowTo() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const origin = window.location.origin;
  const example = `curl -sS ${origin}/api/v1/credits/balance \\\n  -H "Authorization: Bearer rm_live_…"\n\ncurl -sS -X POST ${origin}/api/v1/videos \\\n  -H "Authorization: Bearer rm_live_…" -H "Idempotency-Key: clip-0001" \\\n  -H "Content-Type: application/json" \\\n  -d '{"prompt":"a red fox running through snow","model":"veo3","durationSeconds":8,"orientation":"landscape"}'`;
  return (
    <Panel title={t('keys.howTo')} testId="keys-how-to">
      <p style={{ marginTop: 0 }}>
        {t('keys.howToText')}{' '}
        <a href="/api/docs" target="_blank" rel="noreferrer" data-testid="api-docs-link">
          {t('keys.docs')}
        </a>
        .
      </p>
      <pre
        style={{
          margin: 0,
          padding: 12,
          overflowX: 'auto',
          background: token.colorFillQuaternary,
          borderRadius: token.borderRadius,
          fontSize: 12,
        }}
      >
        {example}
      </pre>
    </Panel>
  );
}
