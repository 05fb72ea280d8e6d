import { App, Button, Input, InputNumber, Modal, Switch, Table, Tag, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, http } from '../../api/client';
import type { CreateRedeemBatchDto, RedeemBatchDto } from '../../api/generated/openapi';
import { downloadText } from '../../components/download';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Muted, Panel } from '../../components/Panel';
import { formatTime } from '../credits/ledger-format';
import { useAdminMutation, useAdminQuery } from './hooks';
import { newIdempotencyKey } from './idempotency';
import { formatFen, parseYuan } from './money';

type Draft = {
  name: string;
  count: number | null;
  credits: number | null;
  creditValidityDays: number | null;
  redeemBy: string;
  perUserLimit: number | null;
  channel: string;
  note: string;
  price: string;
  trial: boolean;
  trialQuota: number | null;
  trialDays: number | null;
  trialConcurrency: number | null;
  trialRate: number | null;
};

const EMPTY: Draft = {
  name: '',
  count: 100,
  credits: 50,
  creditValidityDays: null,
  redeemBy: '',
  perUserLimit: null,
  channel: '',
  note: '',
  price: '',
  trial: false,
  trialQuota: 20,
  trialDays: 7,
  trialConcurrency: null,
  trialRate: null,
};

/** Builds the request from the form, or says which fields are wrong. */
export function batchRequest(
  d: Draft,
  t: (key: string) => string,
): { body?: CreateRedeemBatchDto; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  if (!d.name.trim()) problems.name = t('auth.required');
  if (!d.count) problems.count = t('auth.required');
  if (d.credits === null || (d.credits === 0 && !d.trial)) problems.credits = t('admin.redeem.creditsNeeded');
  const priceFen = d.price.trim() ? parseYuan(d.price) : undefined;
  if (priceFen === null) problems.price = t('admin.money.invalid');
  if (d.trial && d.trialQuota === null) problems.trialQuota = t('auth.required');
  if (Object.keys(problems).length) return { problems };
  const optional = <T,>(key: string, value: T | null | undefined | '') =>
    value === null || value === undefined || value === '' ? {} : { [key]: value };
  return {
    problems,
    body: {
      name: d.name.trim(),
      count: d.count!,
      credits: d.credits!,
      ...optional('creditValidityDays', d.creditValidityDays),
      // The end of the chosen day in the browser's time zone.
      ...optional('redeemBy', d.redeemBy ? new Date(`${d.redeemBy}T23:59:59`).toISOString() : ''),
      ...optional('perUserLimit', d.perUserLimit),
      ...optional('channel', d.channel.trim()),
      ...optional('note', d.note.trim()),
      ...optional('priceFen', priceFen),
      ...(d.trial
        ? {
            trial: {
              quota: d.trialQuota!,
              ...optional('validityDays', d.trialDays),
              ...optional('concurrency', d.trialConcurrency),
              ...optional('rateLimitPerMinute', d.trialRate),
            },
          }
        : {}),
    } as CreateRedeemBatchDto,
  };
}

function CreateBatch({ onClose, onCreated }: { onClose: () => void; onCreated: (b: RedeemBatchDto) => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [d, setD] = useState<Draft>(EMPTY);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [key] = useState(newIdempotencyKey);
  const create = useAdminMutation((body: CreateRedeemBatchDto) =>
    call('RedeemAdmin_create', { body, headers: { 'Idempotency-Key': key } }),
  );
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const num = (k: keyof Draft, label: string, min: number, max: number, testId?: string) => (
    <label style={{ display: 'grid', gap: 2 }}>
      <span>{label}</span>
      <InputNumber
        data-testid={testId}
        precision={0}
        min={min}
        max={max}
        style={{ width: '100%' }}
        value={d[k] as number | null}
        onChange={(v) => set(k, (typeof v === 'number' ? v : null) as never)}
      />
      {problems[k] && <span style={{ color: token.colorError, fontSize: 12 }}>{problems[k]}</span>}
    </label>
  );
  const text = (k: keyof Draft, label: string, max: number, extra: Record<string, unknown> = {}) => (
    <label style={{ display: 'grid', gap: 2 }}>
      <span>{label}</span>
      <Input maxLength={max} value={d[k] as string} onChange={(e) => set(k, e.target.value as never)} {...extra} />
      {problems[k] && <span style={{ color: token.colorError, fontSize: 12 }}>{problems[k]}</span>}
    </label>
  );
  const submit = () => {
    const { body, problems: found } = batchRequest(d, t);
    setProblems(found);
    if (!body) return;
    create.mutate(body, {
      onSuccess: (created) => {
        // The plain codes in this response are not kept: the one export is where they are handed over.
        const { codes: _codes, ...batch } = created;
        onCreated(batch);
      },
    });
  };
  return (
    <Modal
      open
      width={640}
      title={t('admin.redeem.create')}
      okText={t('admin.redeem.createSubmit')}
      cancelText={t('admin.cancel')}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'batch-save' } as never}
      onCancel={onClose}
      onOk={submit}
    >
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 10 }}>
        {text('name', t('admin.redeem.name'), 100, { 'data-testid': 'batch-name' })}
        {text('channel', t('admin.redeem.channel'), 100)}
        {num('count', t('admin.redeem.count'), 1, 10000, 'batch-count')}
        {num('credits', t('admin.redeem.credits'), 0, 1_000_000_000, 'batch-credits')}
        {num('creditValidityDays', t('admin.redeem.validity'), 1, 3650)}
        {num('perUserLimit', t('admin.redeem.perUser'), 1, 10000)}
        {text('redeemBy', t('admin.redeem.redeemBy'), 10, { type: 'date' })}
        {text('price', t('admin.redeem.price'), 12, { prefix: '¥', 'data-testid': 'batch-price' })}
        <div style={{ gridColumn: '1 / -1' }}>{text('note', t('admin.redeem.note'), 500)}</div>
        <label style={{ gridColumn: '1 / -1', display: 'flex', gap: 8, alignItems: 'center' }}>
          <Switch data-testid="batch-trial" checked={d.trial} onChange={(v) => set('trial', v)} />
          <span>{t('admin.redeem.trial')}</span>
        </label>
        {d.trial && (
          <>
            {num('trialQuota', t('admin.redeem.trialQuota'), 0, 1_000_000_000)}
            {num('trialDays', t('admin.redeem.trialDays'), 1, 3650)}
            {num('trialConcurrency', t('admin.redeem.trialConcurrency'), 0, 1000)}
            {num('trialRate', t('admin.redeem.trialRate'), 1, 1_000_000)}
          </>
        )}
        {create.isError && (
          <div style={{ gridColumn: '1 / -1' }}>
            <ErrorAlert error={create.error} />
          </div>
        )}
      </div>
    </Modal>
  );
}

/** Disable single codes (e.g. leaked from a storefront): one per line. */
function DisableCodes({ batch, onClose }: { batch: RedeemBatchDto; onClose: () => void }) {
  const { t } = useTranslation();
  const [codes, setCodes] = useState('');
  const disable = useAdminMutation((list: string[]) =>
    call('RedeemAdmin_update', { pathParams: { id: batch.id }, body: { disableCodes: list } }),
  );
  const list = codes
    .split(/[\s,]+/)
    .map((c) => c.trim())
    .filter(Boolean);
  return (
    <Modal
      open
      title={t('admin.redeem.disableCodesTitle', { name: batch.name })}
      okText={t('admin.redeem.disableCodes')}
      okButtonProps={{ danger: true, disabled: list.length === 0, loading: disable.isPending } as never}
      cancelText={t('admin.cancel')}
      onCancel={onClose}
      onOk={() => disable.mutate(list, { onSuccess: onClose })}
    >
      <Input.TextArea
        rows={5}
        maxLength={20_000}
        value={codes}
        onChange={(e) => setCodes(e.target.value)}
        placeholder="ABCD-EFGH-JKLM-N"
      />
      {disable.isError && <ErrorAlert error={disable.error} style={{ marginTop: 8 }} />}
    </Modal>
  );
}

/** Redemption batches: create, export once (CSV or TXT), disable a batch or single codes, statistics. */
export default function RedeemPage() {
  const { modal } = App.useApp();
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<RedeemBatchDto | null>(null);
  const [disabling, setDisabling] = useState<RedeemBatchDto | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const batches = useAdminQuery(['redeem-batches'], (signal) => call('RedeemAdmin_list', { query: { limit: 100 }, signal }));
  const setStatus = useAdminMutation(({ id, status }: { id: string; status: 'active' | 'disabled' }) =>
    call('RedeemAdmin_update', { pathParams: { id }, body: { status } }),
  );
  const exportBatch = (batch: RedeemBatchDto, format: 'csv' | 'txt') => {
    modal.confirm({
      title: t('admin.redeem.exportConfirm'),
      content: t('admin.redeem.exportOnce'),
      okText: t('admin.confirm'),
      cancelText: t('admin.cancel'),
      okButtonProps: { 'data-testid': 'export-confirm' } as never,
      onOk: async () => {
        setExportError(null);
        setExporting(batch.id);
        try {
          const { data } = await http.get<string>(`/api/v1/admin/redeem-batches/${encodeURIComponent(batch.id)}/export`, {
            params: { format },
            responseType: 'text',
          });
          downloadText(
            `redeem-${batch.name}.${format}`,
            data,
            format === 'csv' ? 'text/csv;charset=utf-8' : 'text/plain;charset=utf-8',
          );
        } catch (error) {
          setExportError(error);
        } finally {
          setExporting(null);
          void batches.refetch();
        }
      },
    });
  };
  return (
    <Panel
      title={t('admin.redeem.title')}
      extra={
        <Button type="primary" data-testid="batch-create" onClick={() => setCreating(true)}>
          {t('admin.redeem.create')}
        </Button>
      }
    >
      {created && (
        <div data-testid="batch-created" role="status" style={{ marginBottom: 12, color: token.colorSuccess }}>
          {t('admin.redeem.created', { name: created.name, count: created.count })}
        </div>
      )}
      {batches.isError && <ErrorAlert error={batches.error} onRetry={() => void batches.refetch()} />}
      {Boolean(exportError) && <ErrorAlert error={exportError} style={{ marginBottom: 12 }} />}
      {setStatus.isError && <ErrorAlert error={setStatus.error} style={{ marginBottom: 12 }} />}
      <Table
        data-testid="batch-table"
        rowKey="id"
        size="small"
        loading={batches.isFetching && !batches.data}
        pagination={false}
        scroll={{ x: true }}
        dataSource={batches.data?.items ?? []}
        locale={{ emptyText: t('admin.empty') }}
        onRow={(b) => ({ 'data-testid': 'batch-row', 'data-id': b.id }) as never}
        columns={[
          {
            title: t('admin.redeem.name'),
            dataIndex: 'name',
            render: (name: string, b) => (
              <div>
                <div style={{ fontWeight: 600 }}>
                  {name} {b.trial && <Tag color="purple">{t('admin.redeem.trialTag')}</Tag>}
                </div>
                <Muted style={{ fontSize: 12 }}>
                  {[b.channel, b.priceFen !== null ? formatFen(b.priceFen) : null, formatTime(b.createdAt, i18n.language)]
                    .filter(Boolean)
                    .join(' · ')}
                </Muted>
              </div>
            ),
          },
          { title: t('admin.redeem.credits'), dataIndex: 'credits', align: 'right' },
          { title: t('admin.redeem.count'), dataIndex: 'count', align: 'right' },
          ...(['redeemed', 'remaining', 'expired', 'disabled'] as const).map((k) => ({
            title: t(`admin.redeem.stats.${k}`),
            key: k,
            align: 'right' as const,
            render: (_: unknown, b: RedeemBatchDto) => <span data-testid={`batch-${k}`}>{b.stats[k]}</span>,
          })),
          {
            title: t('admin.redeem.redeemBy'),
            dataIndex: 'redeemBy',
            render: (v: string | null) => (v ? formatTime(v, i18n.language) : '—'),
          },
          {
            title: t('admin.redeem.status'),
            dataIndex: 'status',
            render: (s: RedeemBatchDto['status']) => (
              <Tag color={s === 'active' ? 'green' : 'red'} data-testid="batch-status">
                {t(`admin.redeem.statuses.${s}`)}
              </Tag>
            ),
          },
          {
            title: '',
            key: 'actions',
            render: (_, b) => (
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
                {b.exportable ? (
                  <>
                    <Button
                      size="small"
                      data-testid="batch-export-csv"
                      loading={exporting === b.id}
                      onClick={() => exportBatch(b, 'csv')}
                    >
                      {t('admin.redeem.exportCsv')}
                    </Button>
                    <Button size="small" data-testid="batch-export-txt" onClick={() => exportBatch(b, 'txt')}>
                      {t('admin.redeem.exportTxt')}
                    </Button>
                  </>
                ) : (
                  <Muted style={{ fontSize: 12 }}>
                    <span data-testid="batch-exported">
                      {b.exportedAt
                        ? t('admin.redeem.exportedAt', { at: formatTime(b.exportedAt, i18n.language) })
                        : t('admin.redeem.notExportable')}
                    </span>
                  </Muted>
                )}
                <Button
                  size="small"
                  danger={b.status === 'active'}
                  data-testid="batch-toggle"
                  onClick={() => setStatus.mutate({ id: b.id, status: b.status === 'active' ? 'disabled' : 'active' })}
                >
                  {t(b.status === 'active' ? 'admin.redeem.disable' : 'admin.redeem.enable')}
                </Button>
                <Button size="small" onClick={() => setDisabling(b)}>
                  {t('admin.redeem.disableCodes')}
                </Button>
              </div>
            ),
          },
        ]}
      />
      {creating && (
        <CreateBatch
          onClose={() => setCreating(false)}
          onCreated={(b) => {
            setCreating(false);
            setCreated(b);
          }}
        />
      )}
      {disabling && <DisableCodes batch={disabling} onClose={() => setDisabling(null)} />}
    </Panel>
  );
}
