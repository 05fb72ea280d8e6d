import { Button, Input, InputNumber, Modal, Select, Table, Tag, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { call } from '../../api/client';
import type {
  CreateProviderAccountDto,
  ProviderAccountDto,
  ProviderGroupDto,
  TestConnectionDto,
} from '../../api/generated/openapi';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Muted, Panel } from '../../components/Panel';
import { formatTime } from '../credits/ledger-format';
import { useAdminMutation, useAdminQuery } from './hooks';
import { newIdempotencyKey } from './idempotency';
import { LineChart } from './LineChart';
import { fenToYuanInput, formatFen, formatRatio, parseYuan } from './money';

const STATUS_COLOR = { active: 'green', cooling_down: 'orange', exhausted: 'red', disabled: 'default' } as const;
const PROVIDERS = ['simulated', 'vivaapi', 'suchuang'] as const;

type Draft = {
  provider: CreateProviderAccountDto['provider'];
  name: string;
  baseUrl: string;
  apiKey: string;
  costModel: 'per_credit' | 'per_video';
  cost: string;
  threshold: string;
  priority: number;
  weight: number;
  concurrencyLimit: number;
  mode: 'shared' | 'dedicated';
  groupId: string | null;
};

const EMPTY: Draft = {
  provider: 'simulated',
  name: '',
  baseUrl: '',
  apiKey: '',
  costModel: 'per_video',
  cost: '',
  threshold: '',
  priority: 0,
  weight: 1,
  concurrencyLimit: 0,
  mode: 'shared',
  groupId: null,
};

function problemStyle(color: string) {
  return { color, fontSize: 12 };
}

/**
 * Create or edit an account. The key is entered once: editing shows only its masked form and a
 * blank field keeps the stored key. Money fields are yuan strings converted to fen by string split.
 */
function AccountForm({ account, onClose }: { account: ProviderAccountDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [draft, setDraft] = useState<Draft>(() =>
    account
      ? {
          provider: account.provider,
          name: account.name,
          baseUrl: account.baseUrl,
          apiKey: '',
          costModel: account.costModel,
          cost: fenToYuanInput(account.costFen),
          threshold: fenToYuanInput(account.lowBalanceThresholdFen),
          priority: account.priority,
          weight: account.weight,
          concurrencyLimit: account.concurrencyLimit,
          mode: account.mode as Draft['mode'],
          groupId: account.groupId,
        }
      : EMPTY,
  );
  const [problems, setProblems] = useState<Record<string, string>>({});
  const groups = useAdminQuery(['provider-groups'], (signal) => call('ProviderAccounts_groups', { signal }));
  const save = useAdminMutation((body: CreateProviderAccountDto) =>
    account
      ? call('ProviderAccounts_update', { pathParams: { id: account.id }, body: { ...body, provider: undefined } as never })
      : call('ProviderAccounts_create', { body }),
  );
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const submit = () => {
    const costFen = parseYuan(draft.cost || '0');
    const thresholdFen = parseYuan(draft.threshold || '0');
    const found: Record<string, string> = {};
    if (!draft.name.trim()) found.name = t('auth.required');
    if (!account && !draft.apiKey.trim()) found.apiKey = t('auth.required');
    if (draft.provider !== 'simulated' && !draft.baseUrl.trim()) found.baseUrl = t('auth.required');
    if (costFen === null) found.cost = t('admin.money.invalid');
    if (thresholdFen === null) found.threshold = t('admin.money.invalid');
    setProblems(found);
    if (Object.keys(found).length) return;
    save.mutate(
      {
        provider: draft.provider,
        name: draft.name.trim(),
        ...(draft.baseUrl.trim() ? { baseUrl: draft.baseUrl.trim() } : {}),
        ...(draft.apiKey.trim() ? { apiKey: draft.apiKey.trim() } : {}),
        costModel: draft.costModel,
        costFen: costFen!,
        lowBalanceThresholdFen: thresholdFen!,
        priority: draft.priority,
        weight: draft.weight,
        concurrencyLimit: draft.concurrencyLimit,
        mode: draft.mode,
        groupId: draft.groupId,
      } as CreateProviderAccountDto,
      { onSuccess: onClose },
    );
  };
  const field = (label: string, key: string, input: React.ReactNode, help?: string) => (
    <label style={{ display: 'grid', gap: 2 }}>
      <span>{label}</span>
      {input}
      {help && <Muted style={{ fontSize: 12 }}>{help}</Muted>}
      {problems[key] && <span style={problemStyle(token.colorError)}>{problems[key]}</span>}
    </label>
  );
  return (
    <Modal
      open
      title={t(account ? 'admin.accounts.edit' : 'admin.accounts.add')}
      okText={t('admin.save')}
      cancelText={t('admin.cancel')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'account-save' } as never}
      onCancel={onClose}
      onOk={submit}
    >
      <div style={{ display: 'grid', gap: 10 }} data-testid="account-form">
        {field(
          t('admin.accounts.provider'),
          'provider',
          <Select
            data-testid="account-provider"
            value={draft.provider}
            disabled={!!account}
            onChange={(v) => set('provider', v)}
            options={PROVIDERS.map((p) => ({ value: p, label: t(`admin.accounts.providers.${p}`) }))}
          />,
        )}
        {field(
          t('admin.accounts.name'),
          'name',
          <Input data-testid="account-name" maxLength={100} value={draft.name} onChange={(e) => set('name', e.target.value)} />,
        )}
        {field(
          t('admin.accounts.baseUrl'),
          'baseUrl',
          <Input
            data-testid="account-base-url"
            maxLength={500}
            value={draft.baseUrl}
            placeholder="https://"
            onChange={(e) => set('baseUrl', e.target.value)}
          />,
          draft.provider === 'simulated' ? t('admin.accounts.baseUrlSimulated') : undefined,
        )}
        {field(
          t('admin.accounts.apiKey'),
          'apiKey',
          <Input.Password
            data-testid="account-key"
            maxLength={500}
            autoComplete="new-password"
            value={draft.apiKey}
            placeholder={account ? account.apiKeyMasked : ''}
            onChange={(e) => set('apiKey', e.target.value)}
          />,
          t(account ? 'admin.accounts.apiKeyKeep' : 'admin.accounts.apiKeyOnce'),
        )}
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 10 }}>
          {field(
            t('admin.accounts.costModel'),
            'costModel',
            <Select
              value={draft.costModel}
              onChange={(v) => set('costModel', v)}
              options={(['per_video', 'per_credit'] as const).map((m) => ({
                value: m,
                label: t(`admin.accounts.costModels.${m}`),
              }))}
            />,
          )}
          {field(
            t('admin.accounts.cost'),
            'cost',
            <Input data-testid="account-cost" prefix="¥" value={draft.cost} onChange={(e) => set('cost', e.target.value)} />,
          )}
          {field(
            t('admin.accounts.threshold'),
            'threshold',
            <Input prefix="¥" value={draft.threshold} onChange={(e) => set('threshold', e.target.value)} />,
          )}
          {field(
            t('admin.accounts.concurrency'),
            'concurrencyLimit',
            <InputNumber
              precision={0}
              min={0}
              max={10000}
              style={{ width: '100%' }}
              value={draft.concurrencyLimit}
              onChange={(v) => set('concurrencyLimit', v ?? 0)}
            />,
          )}
          {field(
            t('admin.accounts.priority'),
            'priority',
            <InputNumber
              precision={0}
              min={-1000}
              max={1000}
              style={{ width: '100%' }}
              value={draft.priority}
              onChange={(v) => set('priority', v ?? 0)}
            />,
          )}
          {field(
            t('admin.accounts.weight'),
            'weight',
            <InputNumber
              precision={0}
              min={1}
              max={1000}
              style={{ width: '100%' }}
              value={draft.weight}
              onChange={(v) => set('weight', v ?? 1)}
            />,
          )}
          {field(
            t('admin.accounts.mode'),
            'mode',
            <Select
              data-testid="account-mode"
              value={draft.mode}
              onChange={(v) => set('mode', v)}
              options={(['shared', 'dedicated'] as const).map((m) => ({ value: m, label: t(`admin.accounts.modes.${m}`) }))}
            />,
          )}
          {field(
            t('admin.accounts.group'),
            'groupId',
            <Select
              data-testid="account-group"
              value={draft.groupId ?? ''}
              loading={groups.isFetching && !groups.data}
              onChange={(v) => set('groupId', v || null)}
              options={[
                { value: '', label: t('admin.accounts.noGroup') },
                ...(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name })),
              ]}
            />,
          )}
        </div>
        <Muted style={{ fontSize: 12 }}>{t('admin.accounts.routingHelp')}</Muted>
        {save.isError && <ErrorAlert error={save.error} />}
      </div>
    </Modal>
  );
}

/** Record money paid to the upstream: it raises the estimated balance and shows in the books. */
function TopupForm({ account, onClose }: { account: ProviderAccountDto; onClose: () => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState('');
  const [key] = useState(newIdempotencyKey);
  const topup = useAdminMutation((body: { amountFen: number; note?: string }) =>
    call('ProviderAccounts_topup', { pathParams: { id: account.id }, body, headers: { 'Idempotency-Key': key } }),
  );
  const submit = () => {
    const amountFen = parseYuan(amount);
    if (!amountFen) return setProblem(t('admin.money.invalid'));
    setProblem('');
    topup.mutate({ amountFen, ...(note.trim() ? { note: note.trim() } : {}) }, { onSuccess: onClose });
  };
  return (
    <Modal
      open
      title={t('admin.accounts.topupTitle', { name: account.name })}
      okText={t('admin.save')}
      cancelText={t('admin.cancel')}
      okButtonProps={{ loading: topup.isPending, 'data-testid': 'topup-save' } as never}
      onCancel={onClose}
      onOk={submit}
    >
      <div style={{ display: 'grid', gap: 10 }}>
        <label style={{ display: 'grid', gap: 2 }}>
          <span>{t('admin.accounts.topupAmount')}</span>
          <Input data-testid="topup-amount" prefix="¥" value={amount} onChange={(e) => setAmount(e.target.value)} />
          {problem && <span style={problemStyle(token.colorError)}>{problem}</span>}
        </label>
        <label style={{ display: 'grid', gap: 2 }}>
          <span>{t('admin.accounts.note')}</span>
          <Input maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        {topup.isError && <ErrorAlert error={topup.error} />}
      </div>
    </Modal>
  );
}

function BalanceHistory({ account }: { account: ProviderAccountDto }) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const history = useAdminQuery(['account-history', account.id], (signal) =>
    call('ProviderAccounts_history', { pathParams: { id: account.id }, query: { limit: 200 }, signal }),
  );
  // The chart runs left (old) to right (new), whatever order the API lists them in.
  const points = [...(history.data?.items ?? [])].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <Panel title={t('admin.accounts.history', { name: account.name })} testId="balance-history">
      {history.isError && <ErrorAlert error={history.error} onRetry={() => void history.refetch()} />}
      {points.length === 0 ? (
        <Muted>{t('admin.empty')}</Muted>
      ) : (
        <LineChart
          testId="balance-chart"
          labels={points.map((p) => formatTime(p.at, i18n.language))}
          series={[
            {
              key: 'balance',
              label: t('admin.accounts.balance'),
              color: token.colorPrimary,
              values: points.map((p) => p.balanceFen),
            },
          ]}
          format={formatFen}
        />
      )}
    </Panel>
  );
}

/** Create or rename a group of upstream accounts (API keys can be bound to a group). */
function GroupForm({ group, onClose }: { group: ProviderGroupDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [name, setName] = useState(group?.name ?? '');
  const [description, setDescription] = useState(group?.description ?? '');
  const [problem, setProblem] = useState('');
  const save = useAdminMutation((body: { name: string; description?: string }) =>
    group
      ? call('ProviderAccounts_updateGroup', { pathParams: { id: group.id }, body })
      : call('ProviderAccounts_createGroup', { body }),
  );
  const submit = () => {
    if (!name.trim()) return setProblem(t('auth.required'));
    setProblem('');
    save.mutate(
      { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) },
      { onSuccess: onClose },
    );
  };
  return (
    <Modal
      open
      title={t(group ? 'admin.groups.edit' : 'admin.groups.add')}
      okText={t('admin.save')}
      cancelText={t('admin.cancel')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'group-save' } as never}
      onCancel={onClose}
      onOk={submit}
    >
      <div style={{ display: 'grid', gap: 10 }}>
        <label style={{ display: 'grid', gap: 2 }}>
          <span>{t('admin.groups.name')}</span>
          <Input data-testid="group-name" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          {problem && <span style={problemStyle(token.colorError)}>{problem}</span>}
        </label>
        <label style={{ display: 'grid', gap: 2 }}>
          <span>{t('admin.groups.description')}</span>
          <Input maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        {save.isError && <ErrorAlert error={save.error} />}
      </div>
    </Modal>
  );
}

/** Groups of accounts: an API key bound to a group is served only by that group's accounts. */
function GroupsPanel() {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<ProviderGroupDto | 'new' | null>(null);
  const groups = useAdminQuery(['provider-groups'], (signal) => call('ProviderAccounts_groups', { signal }));
  const remove = useAdminMutation((id: string) => call('ProviderAccounts_removeGroup', { pathParams: { id } }));
  return (
    <Panel
      title={t('admin.groups.title')}
      testId="group-panel"
      extra={
        <Button data-testid="group-add" onClick={() => setEditing('new')}>
          {t('admin.groups.add')}
        </Button>
      }
    >
      <Muted style={{ display: 'block', fontSize: 12, marginBottom: 8 }}>{t('admin.groups.help')}</Muted>
      {groups.isError && <ErrorAlert error={groups.error} onRetry={() => void groups.refetch()} />}
      {remove.isError && <ErrorAlert error={remove.error} />}
      <Table
        data-testid="group-table"
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={groups.data?.items ?? []}
        locale={{ emptyText: t('admin.empty') }}
        onRow={(g) => ({ 'data-testid': 'group-row', 'data-id': g.id }) as never}
        columns={[
          { title: t('admin.groups.name'), dataIndex: 'name' },
          { title: t('admin.groups.description'), dataIndex: 'description', render: (v: string | null) => v ?? '—' },
          {
            title: t('admin.groups.accounts'),
            dataIndex: 'accountCount',
            align: 'right',
            render: (n: number) => <span data-testid="group-count">{n}</span>,
          },
          {
            title: '',
            key: 'actions',
            render: (_, g) => (
              <div style={{ display: 'flex', gap: 6 }}>
                <Button size="small" data-testid="group-edit" onClick={() => setEditing(g)}>
                  {t('admin.accounts.edit')}
                </Button>
                <Button
                  size="small"
                  danger
                  data-testid="group-delete"
                  loading={remove.isPending && remove.variables === g.id}
                  onClick={() => remove.mutate(g.id)}
                >
                  {t('admin.groups.delete')}
                </Button>
              </div>
            ),
          },
        ]}
      />
      {editing && <GroupForm group={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Panel>
  );
}

/** Upstream accounts: state and why, balance, checks, success rate, latency; add, edit, test, top up. */
export default function AccountsPage() {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState<ProviderAccountDto | 'new' | null>(null);
  const [topping, setTopping] = useState<ProviderAccountDto | null>(null);
  const [tests, setTests] = useState<Record<string, TestConnectionDto>>({});
  const accounts = useAdminQuery(['accounts'], (signal) => call('ProviderAccounts_list', { signal }));
  const test = useAdminMutation((id: string) => call('ProviderAccounts_test', { pathParams: { id } }));
  const setStatus = useAdminMutation(({ id, status }: { id: string; status: 'active' | 'disabled' }) =>
    call('ProviderAccounts_update', { pathParams: { id }, body: { status } }),
  );
  const items = accounts.data?.items ?? [];
  const selected = items.find((a) => a.id === params.get('account'));
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Panel
        title={t('admin.accounts.title')}
        extra={
          <Button type="primary" data-testid="account-add" onClick={() => setEditing('new')}>
            {t('admin.accounts.add')}
          </Button>
        }
      >
        {accounts.isError && <ErrorAlert error={accounts.error} onRetry={() => void accounts.refetch()} />}
        {(test.isError || setStatus.isError) && <ErrorAlert error={test.error ?? setStatus.error} />}
        <Table
          data-testid="account-table"
          rowKey="id"
          size="small"
          loading={accounts.isFetching && !accounts.data}
          pagination={false}
          scroll={{ x: true }}
          dataSource={items}
          locale={{ emptyText: t('admin.empty') }}
          onRow={(a) => ({ 'data-testid': 'account-row', 'data-id': a.id }) as never}
          columns={[
            {
              title: t('admin.accounts.name'),
              dataIndex: 'name',
              render: (name: string, a) => (
                <div>
                  <div style={{ fontWeight: 600 }}>{name}</div>
                  <Muted style={{ fontSize: 12 }}>
                    {t(`admin.accounts.providers.${a.provider}`)} · {a.apiKeyMasked}
                    {a.groupName ? ` · ${a.groupName}` : ''}
                  </Muted>
                </div>
              ),
            },
            {
              title: t('admin.accounts.status'),
              dataIndex: 'status',
              render: (s: ProviderAccountDto['status'], a) => (
                <div>
                  <Tag color={STATUS_COLOR[s]} data-testid="account-status">
                    {t(`admin.accounts.statuses.${s}`)}
                  </Tag>
                  {a.statusReason && <div style={{ fontSize: 12, color: token.colorTextSecondary }}>{a.statusReason}</div>}
                </div>
              ),
            },
            {
              title: t('admin.accounts.balance'),
              dataIndex: 'balanceFen',
              align: 'right',
              render: (v: number | null, a) => (
                <div>
                  <span data-testid="account-balance" data-value={v ?? ''}>
                    {v === null ? '—' : formatFen(v)}
                  </span>
                  {a.balanceSource && (
                    <div style={{ fontSize: 12, color: token.colorTextSecondary }}>
                      {t(`admin.accounts.sources.${a.balanceSource}`)}
                    </div>
                  )}
                </div>
              ),
            },
            {
              title: t('admin.accounts.lastCheck'),
              dataIndex: 'balanceCheckedAt',
              render: (v: string | null) => (v ? formatTime(v, i18n.language) : '—'),
            },
            {
              title: t('admin.accounts.successRate'),
              key: 'rate',
              align: 'right',
              render: (_, a) => (
                <span data-testid="account-success-rate">
                  {formatRatio(a.usage.successRate)}
                  <Muted style={{ fontSize: 12 }}> ({a.usage.calls})</Muted>
                </span>
              ),
            },
            {
              title: t('admin.accounts.latency'),
              key: 'latency',
              align: 'right',
              render: (_, a) => (a.usage.avgLatencyMs === null ? '—' : `${a.usage.avgLatencyMs} ms`),
            },
            {
              title: '',
              key: 'actions',
              render: (_, a) => (
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
                  <Button
                    size="small"
                    data-testid="account-test"
                    loading={test.isPending && test.variables === a.id}
                    onClick={() => test.mutate(a.id, { onSuccess: (r) => setTests((all) => ({ ...all, [a.id]: r })) })}
                  >
                    {t('admin.accounts.test')}
                  </Button>
                  <Button size="small" data-testid="account-topup" onClick={() => setTopping(a)}>
                    {t('admin.accounts.topup')}
                  </Button>
                  <Button size="small" data-testid="account-history" onClick={() => setParams({ account: a.id })}>
                    {t('admin.accounts.historyShort')}
                  </Button>
                  <Button size="small" data-testid="account-edit" onClick={() => setEditing(a)}>
                    {t('admin.accounts.edit')}
                  </Button>
                  <Button
                    size="small"
                    danger={a.status !== 'disabled'}
                    onClick={() => setStatus.mutate({ id: a.id, status: a.status === 'disabled' ? 'active' : 'disabled' })}
                  >
                    {t(a.status === 'disabled' ? 'admin.accounts.enable' : 'admin.accounts.disable')}
                  </Button>
                  {tests[a.id] && (
                    <div
                      data-testid="test-result"
                      data-ok={String(tests[a.id].ok)}
                      role="status"
                      style={{ flexBasis: '100%', fontSize: 12, color: tests[a.id].ok ? token.colorSuccess : token.colorError }}
                    >
                      {t(tests[a.id].ok ? 'admin.accounts.testOk' : 'admin.accounts.testBad', {
                        ms: tests[a.id].latencyMs,
                        message: tests[a.id].message,
                      })}
                      {tests[a.id].balanceFen !== undefined && ` · ${formatFen(tests[a.id].balanceFen!)}`}
                    </div>
                  )}
                </div>
              ),
            },
          ]}
        />
      </Panel>
      <GroupsPanel />
      {selected && <BalanceHistory account={selected} />}
      {editing && <AccountForm account={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {topping && <TopupForm account={topping} onClose={() => setTopping(null)} />}
    </div>
  );
}
