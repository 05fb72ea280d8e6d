import { App, Button, Input, InputNumber, Modal, Select, Switch, Table, Tag, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { call } from '../../api/client';
import type { AdminCreateApiKeyDto, ApiKeyDto } from '../../api/generated/openapi';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Muted, Panel } from '../../components/Panel';
import { formatTime } from '../credits/ledger-format';
import { useAdminMutation, useAdminQuery } from './hooks';
import { newIdempotencyKey } from './idempotency';

type Status = ApiKeyDto['status'];
const STATUSES: Status[] = ['active', 'disabled', 'expired', 'revoked'];
const STATUS_COLOR = { active: 'green', disabled: 'default', expired: 'orange', revoked: 'red' } as const;

/** Pick a user by searching e-mail or name (the API takes the user's id). */
function UserPicker({ value, onChange }: { value?: string; onChange: (id: string) => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const users = useAdminQuery(['key-user-search', query], (signal) =>
    call('UsersAdmin_list', { query: { query: query || undefined, limit: 20 }, signal }),
  );
  return (
    <Select
      data-testid="key-user"
      showSearch={{ filterOption: false, onSearch: setQuery }}
      value={value}
      placeholder={t('admin.users.search')}
      onChange={onChange}
      loading={users.isFetching}
      options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.email }))}
    />
  );
}

/** Create a key for a user; "trial" presets a small quota that expires a week after first use. */
function CreateKey({ onClose, onCreated }: { onClose: () => void; onCreated: (secret: string) => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [userId, setUserId] = useState<string>();
  const [name, setName] = useState('');
  const [quota, setQuota] = useState<number | null>(0);
  const [days, setDays] = useState<number | null>(null);
  const [concurrency, setConcurrency] = useState<number | null>(0);
  const [binding, setBinding] = useState('');
  const [problem, setProblem] = useState('');
  const [key] = useState(newIdempotencyKey);
  const groups = useAdminQuery(['provider-groups'], (signal) => call('ProviderAccounts_groups', { signal }));
  const accounts = useAdminQuery(['accounts'], (signal) => call('ProviderAccounts_list', { signal }));
  const create = useAdminMutation((body: AdminCreateApiKeyDto) =>
    call('ApiKeysAdmin_create', { body, headers: { 'Idempotency-Key': key } }),
  );
  const trial = () => {
    setName(t('admin.keys.trialName'));
    setQuota(20);
    setDays(7);
    setConcurrency(1);
  };
  const submit = () => {
    if (!userId || !name.trim()) return setProblem(t('admin.keys.userAndName'));
    setProblem('');
    create.mutate(
      {
        userId,
        name: name.trim(),
        quotaLimit: quota ?? 0,
        concurrencyLimit: concurrency ?? 0,
        ...(days ? { expiresAfterFirstUseDays: days } : {}),
        ...(binding ? { upstreamBinding: binding } : {}),
      },
      { onSuccess: (created) => onCreated(created.secret) },
    );
  };
  return (
    <Modal
      open
      title={t('admin.keys.create')}
      okText={t('admin.save')}
      cancelText={t('admin.cancel')}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'key-save' } as never}
      onCancel={onClose}
      onOk={submit}
    >
      <div style={{ display: 'grid', gap: 10 }}>
        <Button data-testid="key-trial" onClick={trial}>
          {t('admin.keys.trialPreset')}
        </Button>
        <label style={{ display: 'grid', gap: 2 }}>
          <span>{t('admin.keys.user')}</span>
          <UserPicker value={userId} onChange={setUserId} />
        </label>
        <label style={{ display: 'grid', gap: 2 }}>
          <span>{t('admin.keys.name')}</span>
          <Input data-testid="key-name" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr 1fr', gap: 10 }}>
          <label style={{ display: 'grid', gap: 2 }}>
            <span>{t('admin.keys.quota')}</span>
            <InputNumber
              data-testid="key-quota"
              precision={0}
              min={0}
              max={1_000_000_000}
              value={quota}
              onChange={setQuota}
              style={{ width: '100%' }}
            />
          </label>
          <label style={{ display: 'grid', gap: 2 }}>
            <span>{t('admin.keys.days')}</span>
            <InputNumber
              data-testid="key-days"
              precision={0}
              min={1}
              max={3650}
              value={days}
              onChange={setDays}
              style={{ width: '100%' }}
            />
          </label>
          <label style={{ display: 'grid', gap: 2 }}>
            <span>{t('admin.keys.concurrency')}</span>
            <InputNumber
              precision={0}
              min={0}
              max={1000}
              value={concurrency}
              onChange={setConcurrency}
              style={{ width: '100%' }}
            />
          </label>
        </div>
        <label style={{ display: 'grid', gap: 2 }}>
          <span>{t('admin.keys.binding')}</span>
          <Select
            data-testid="key-binding"
            value={binding}
            onChange={setBinding}
            options={[
              { value: '', label: t('admin.keys.sharedPool') },
              ...(groups.data?.items ?? []).map((g) => ({
                value: `group:${g.id}`,
                label: t('admin.keys.bindGroup', { name: g.name }),
              })),
              ...(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: t('admin.keys.bindAccount', { name: a.name }) })),
            ]}
          />
        </label>
        {problem && <span style={{ color: token.colorError, fontSize: 12 }}>{problem}</span>}
        {create.isError && <ErrorAlert error={create.error} />}
      </div>
    </Modal>
  );
}

/** All API keys (filter by status / user), create one for a user, disable or revoke. */
export default function ApiKeysPage() {
  const { modal } = App.useApp();
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = STATUSES.find((s) => s === params.get('status'));
  const userId = params.get('userId') ?? undefined;
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const keys = useAdminQuery(['api-keys', status, userId], (signal) =>
    call('ApiKeysAdmin_list', { query: { status, userId, limit: 100 }, signal }),
  );
  const update = useAdminMutation(({ id, status: next }: { id: string; status: 'active' | 'disabled' }) =>
    call('ApiKeysAdmin_update', { pathParams: { id }, body: { status: next } }),
  );
  const revoke = useAdminMutation((id: string) => call('ApiKeysAdmin_revoke', { pathParams: { id } }));
  return (
    <Panel
      title={t('admin.keys.title')}
      extra={
        <Button type="primary" data-testid="key-create" onClick={() => setCreating(true)}>
          {t('admin.keys.create')}
        </Button>
      }
    >
      <div style={{ display: 'flex', gap: 8, marginBottom: 12 }}>
        <Select
          allowClear
          data-testid="key-status-filter"
          placeholder={t('admin.keys.status')}
          style={{ width: 140 }}
          value={status}
          onChange={(v?: Status) => setParams(v ? { status: v } : {})}
          options={STATUSES.map((s) => ({ value: s, label: t(`admin.keys.statuses.${s}`) }))}
        />
      </div>
      {secret && (
        <div data-testid="key-secret-box" role="status" style={{ marginBottom: 12 }}>
          <div>{t('admin.keys.secretOnce')}</div>
          <Input readOnly data-testid="key-secret" value={secret} />
          <Button size="small" style={{ marginTop: 4 }} onClick={() => setSecret(null)}>
            {t('admin.keys.secretDone')}
          </Button>
        </div>
      )}
      {keys.isError && <ErrorAlert error={keys.error} onRetry={() => void keys.refetch()} />}
      {(update.isError || revoke.isError) && <ErrorAlert error={update.error ?? revoke.error} />}
      <Table
        data-testid="key-table"
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        loading={keys.isFetching && !keys.data}
        dataSource={keys.data?.items ?? []}
        locale={{ emptyText: t('admin.empty') }}
        onRow={(k) => ({ 'data-testid': 'key-row', 'data-id': k.id }) as never}
        columns={[
          {
            title: t('admin.keys.name'),
            dataIndex: 'name',
            render: (n: string, k) => (
              <div>
                <div>{n}</div>
                <Muted style={{ fontSize: 12 }}>{k.prefix}…</Muted>
              </div>
            ),
          },
          {
            title: t('admin.keys.user'),
            dataIndex: 'userId',
            render: (id: string) => (
              <Link to={`/admin/users/${id}`} style={{ fontSize: 12 }}>
                {id.slice(0, 8)}
              </Link>
            ),
          },
          {
            title: t('admin.keys.status'),
            dataIndex: 'status',
            render: (s: Status) => (
              <Tag color={STATUS_COLOR[s]} data-testid="key-status">
                {t(`admin.keys.statuses.${s}`)}
              </Tag>
            ),
          },
          {
            title: t('admin.keys.quotaUsed'),
            key: 'quota',
            align: 'right',
            render: (_, k) => (
              <span data-testid="key-quota-cell">{k.quotaLimit ? `${k.quotaUsed} / ${k.quotaLimit}` : `${k.quotaUsed} / ∞`}</span>
            ),
          },
          {
            title: t('admin.keys.expires'),
            key: 'expires',
            render: (_, k) =>
              k.expiresAt
                ? formatTime(k.expiresAt, i18n.language)
                : k.expiresAfterFirstUseDays
                  ? t('admin.keys.afterFirstUse', { days: k.expiresAfterFirstUseDays })
                  : '—',
          },
          {
            title: t('admin.keys.lastUsed'),
            dataIndex: 'lastUsedAt',
            render: (v: string | null) => (v ? formatTime(v, i18n.language) : '—'),
          },
          {
            title: '',
            key: 'actions',
            render: (_, k) =>
              k.status === 'active' || k.status === 'disabled' ? (
                <div style={{ display: 'flex', gap: 6 }}>
                  <Switch
                    size="small"
                    checked={k.status === 'active'}
                    onChange={(on) => update.mutate({ id: k.id, status: on ? 'active' : 'disabled' })}
                  />
                  <Button
                    size="small"
                    danger
                    data-testid="key-revoke"
                    onClick={() =>
                      modal.confirm({
                        title: t('admin.keys.revokeConfirm', { name: k.name }),
                        okText: t('admin.confirm'),
                        cancelText: t('admin.cancel'),
                        okButtonProps: { danger: true, 'data-testid': 'key-revoke-confirm' } as never,
                        onOk: () => revoke.mutateAsync(k.id),
                      })
                    }
                  >
                    {t('admin.keys.revoke')}
                  </Button>
                </div>
              ) : null,
          },
        ]}
      />
      {creating && (
        <CreateKey
          onClose={() => setCreating(false)}
          onCreated={(s) => {
            setCreating(false);
            setSecret(s);
          }}
        />
      )}
    </Panel>
  );
}
