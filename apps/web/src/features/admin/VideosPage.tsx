import { Button, Input, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { call } from '../../api/client';
import type { AdminVideoJobDto } from '../../api/generated/openapi';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Muted, Panel } from '../../components/Panel';
import { formatTime } from '../credits/ledger-format';
import { useAdminQuery } from './hooks';
import { formatFen } from './money';

type Status = AdminVideoJobDto['status'];
const STATUSES: Status[] = ['queued', 'submitting', 'running', 'succeeded', 'failed', 'canceled'];
const STATUS_COLOR = {
  queued: 'default',
  submitting: 'blue',
  running: 'blue',
  succeeded: 'green',
  failed: 'red',
  canceled: 'orange',
} as const;

function errorKindOf(job: AdminVideoJobDto): string | null {
  return job.error?.kind ?? null;
}

/** Video jobs of all users: filters in the URL, failures by kind (API) and by account (jobs listed). */
export default function VideosPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = STATUSES.find((s) => s === params.get('status'));
  const accountId = params.get('accountId') ?? undefined;
  const errorKind = params.get('errorKind') ?? undefined;
  const userId = params.get('userId') ?? undefined;
  const [cursor, setCursor] = useState<string | undefined>();
  const jobs = useAdminQuery(['videos', status, accountId, errorKind, userId, cursor], (signal) =>
    call('VideosAdmin_list', { query: { status, accountId, errorKind, userId, cursor, limit: 100 }, signal }),
  );
  const failures = useAdminQuery(['video-failures'], (signal) => call('VideosAdmin_failures', { signal }));
  const accounts = useAdminQuery(['accounts'], (signal) => call('ProviderAccounts_list', { signal }));
  const accountName = (id: string | null) => (id ? (accounts.data?.items.find((a) => a.id === id)?.name ?? id.slice(0, 8)) : '—');
  const update = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setCursor(undefined);
    setParams(next);
  };
  const items = jobs.data?.items ?? [];
  const failedByAccount = new Map<string, number>();
  for (const j of items)
    if (j.status === 'failed')
      failedByAccount.set(accountName(j.upstreamAccountId), (failedByAccount.get(accountName(j.upstreamAccountId)) ?? 0) + 1);
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Panel title={t('admin.videos.failures')} testId="video-failures">
        {failures.isError && <ErrorAlert error={failures.error} onRetry={() => void failures.refetch()} />}
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 24 }}>
          <div>
            <Muted style={{ fontSize: 12 }}>
              {t('admin.videos.byKind', { from: failures.data ? formatTime(failures.data.from, i18n.language) : '' })}
            </Muted>
            {(failures.data?.kinds ?? []).length === 0 ? (
              <div>{t('admin.videos.noFailures')}</div>
            ) : (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {failures.data!.kinds.map((k) => (
                  <li key={`${k.errorKind}:${k.status}`} data-testid="failure-kind" data-kind={k.errorKind} data-jobs={k.jobs}>
                    <a onClick={() => update('errorKind', k.errorKind)}>{k.errorKind}</a> ·{' '}
                    {t(`admin.videos.statuses.${k.status}`)} ·{' '}
                    {t('admin.videos.kindLine', { jobs: k.jobs, refunded: k.refunded, credits: k.creditsRefunded })}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div>
            <Muted style={{ fontSize: 12 }}>{t('admin.videos.byAccount')}</Muted>
            {failedByAccount.size === 0 ? (
              <div>{t('admin.videos.noFailures')}</div>
            ) : (
              <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="failures-by-account">
                {[...failedByAccount].map(([name, n]) => (
                  <li key={name}>
                    {name}: {n}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      </Panel>
      <Panel title={t('admin.videos.title')}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
          <Select
            allowClear
            data-testid="video-status-filter"
            placeholder={t('admin.videos.status')}
            style={{ width: 140 }}
            value={status}
            onChange={(v?: Status) => update('status', v)}
            options={STATUSES.map((s) => ({ value: s, label: t(`admin.videos.statuses.${s}`) }))}
          />
          <Select
            allowClear
            placeholder={t('admin.videos.account')}
            style={{ width: 200 }}
            value={accountId}
            onChange={(v?: string) => update('accountId', v)}
            options={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
          />
          <Input.Search
            allowClear
            maxLength={64}
            key={errorKind ?? ''}
            defaultValue={errorKind}
            placeholder={t('admin.videos.errorKind')}
            style={{ width: 200 }}
            onSearch={(v) => update('errorKind', v.trim() || undefined)}
          />
        </div>
        {jobs.isError && <ErrorAlert error={jobs.error} onRetry={() => void jobs.refetch()} />}
        <Table
          data-testid="video-table"
          rowKey="id"
          size="small"
          loading={jobs.isFetching}
          pagination={false}
          scroll={{ x: true }}
          dataSource={items}
          locale={{ emptyText: t('admin.empty') }}
          onRow={(j) => ({ 'data-testid': 'video-row', 'data-id': j.id }) as never}
          columns={[
            { title: t('admin.videos.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v, i18n.language) },
            {
              title: t('admin.videos.status'),
              dataIndex: 'status',
              render: (s: Status) => (
                <Tag color={STATUS_COLOR[s]} data-testid="video-status">
                  {t(`admin.videos.statuses.${s}`)}
                </Tag>
              ),
            },
            { title: t('admin.videos.model'), key: 'model', render: (_, j) => `${j.model} · ${j.durationSeconds}s` },
            { title: t('admin.videos.credits'), dataIndex: 'credits', align: 'right' },
            {
              title: t('admin.videos.cost'),
              dataIndex: 'costFen',
              align: 'right',
              render: (v: number | null) => (v === null ? '—' : formatFen(v)),
            },
            {
              title: t('admin.videos.user'),
              dataIndex: 'userId',
              render: (id: string) => (
                <Link to={`/admin/users/${id}`} style={{ fontSize: 12 }}>
                  {id.slice(0, 8)}
                </Link>
              ),
            },
            { title: t('admin.videos.account'), dataIndex: 'upstreamAccountId', render: (id: string | null) => accountName(id) },
            {
              title: t('admin.videos.error'),
              key: 'error',
              render: (_, j) =>
                errorKindOf(j) ? (
                  <span title={j.errorDetail ?? ''} data-testid="video-error">
                    {errorKindOf(j)}
                    {j.refunded ? ` · ${t('admin.videos.refunded')}` : ''}
                  </span>
                ) : (
                  ''
                ),
            },
          ]}
        />
        {(jobs.data?.nextCursor || cursor) && (
          <div style={{ display: 'flex', gap: 8, marginTop: 8 }}>
            {cursor && <Button onClick={() => setCursor(undefined)}>{t('admin.first')}</Button>}
            {jobs.data?.nextCursor && <Button onClick={() => setCursor(jobs.data.nextCursor!)}>{t('admin.next')}</Button>}
          </div>
        )}
      </Panel>
    </div>
  );
}
