import { Button, Input, Switch, Table, Tag, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { SystemStatusDto, UpdateSystemStatusDto } from '../../api/generated/openapi';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Muted, Panel } from '../../components/Panel';
import { formatTime } from '../credits/ledger-format';
import { useAdminMutation, useAdminQuery, useScheduledRuns, useVerifyLedger } from './hooks';

/** The form starts from the current status; a changed draft is kept until saved. */
function MaintenanceForm({ current }: { current: SystemStatusDto }) {
  const { t } = useTranslation();
  const [on, setOn] = useState(current.status === 'maintenance');
  const [message, setMessage] = useState(current.status === 'maintenance' ? current.message : '');
  const [messageEn, setMessageEn] = useState(current.status === 'maintenance' ? current.messageEn : '');
  const save = useAdminMutation((body: UpdateSystemStatusDto) => call('System_set', { body }));
  return (
    <div style={{ display: 'grid', gap: 10, maxWidth: 560 }}>
      <label style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <Switch data-testid="maintenance-switch" checked={on} onChange={setOn} />
        <span>{t('admin.system.maintenanceOn')}</span>
      </label>
      <label style={{ display: 'grid', gap: 2 }}>
        <span>{t('admin.system.message')}</span>
        <Input.TextArea
          data-testid="maintenance-message"
          rows={2}
          maxLength={500}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
        />
      </label>
      <label style={{ display: 'grid', gap: 2 }}>
        <span>{t('admin.system.messageEn')}</span>
        <Input.TextArea rows={2} maxLength={500} value={messageEn} onChange={(e) => setMessageEn(e.target.value)} />
      </label>
      <div>
        <Button
          type="primary"
          data-testid="maintenance-save"
          loading={save.isPending}
          onClick={() =>
            save.mutate({
              maintenance: on,
              ...(message.trim() ? { message: message.trim() } : {}),
              ...(messageEn.trim() ? { messageEn: messageEn.trim() } : {}),
            })
          }
        >
          {t('admin.save')}
        </Button>
      </div>
      {save.isError && <ErrorAlert error={save.error} />}
    </div>
  );
}

const STATE_COLOR = { normal: 'green', degraded: 'orange', maintenance: 'red' } as const;

/** Maintenance switch with the message users see in their banner; new video jobs are refused meanwhile. */
function Maintenance() {
  const { t } = useTranslation();
  const status = useAdminQuery(['system-status'], (signal) => call('System_get', { signal }));
  return (
    <Panel
      title={t('admin.system.maintenance')}
      extra={
        status.data && (
          <Tag color={STATE_COLOR[status.data.status]} data-testid="system-state" data-value={status.data.status}>
            {t(`admin.system.states.${status.data.status}`)}
          </Tag>
        )
      }
    >
      <Muted>{t('admin.system.maintenanceHelp')}</Muted>
      {status.isError && <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />}
      {status.data && (
        <div style={{ marginTop: 12 }}>
          <MaintenanceForm key={`${status.data.status}:${status.data.message}`} current={status.data} />
        </div>
      )}
    </Panel>
  );
}

const OUTCOME_COLOR = { running: 'blue', succeeded: 'green', failed: 'red' } as const;

/** System: the ledger check on demand, and the scheduled jobs with their recent runs. */
export default function SystemPage() {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const runs = useScheduledRuns();
  const verify = useVerifyLedger();
  const runNow = useAdminMutation((name: string) => call('ScheduledRuns_runNow', { pathParams: { name } }));
  const result = verify.data;
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Maintenance />
      <Panel
        title={t('admin.system.ledger')}
        extra={
          <Button data-testid="verify-ledger" loading={verify.isPending} onClick={() => verify.mutate()}>
            {t('admin.system.verify')}
          </Button>
        }
      >
        <Muted>{t('admin.system.ledgerHelp')}</Muted>
        {verify.isError && <ErrorAlert error={verify.error} style={{ marginTop: 12 }} />}
        {result && (
          <div
            data-testid="verify-result"
            data-ok={String(result.ok)}
            role="status"
            style={{ marginTop: 12, fontWeight: 600, color: result.ok ? token.colorSuccess : token.colorError }}
          >
            {t(result.ok ? 'admin.system.verifyOk' : 'admin.system.verifyBad', {
              accounts: result.accountsChecked,
              entries: result.entriesChecked,
              problems: result.problems.length,
            })}
            {result.problems.length > 0 && (
              <ul style={{ margin: 0, fontWeight: 400 }}>
                {result.problems.map((p, i) => (
                  <li key={i}>
                    {p.userId}: {p.problem} ({p.expected} ≠ {p.actual})
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </Panel>
      <Panel title={t('admin.system.runs')}>
        {runs.isError && <ErrorAlert error={runs.error} onRetry={() => void runs.refetch()} />}
        {runNow.isError && <ErrorAlert error={runNow.error} style={{ marginBottom: 12 }} />}
        {runs.data && (
          <div style={{ marginBottom: 12, display: 'flex', flexWrap: 'wrap', gap: 8 }} data-testid="scheduled-jobs">
            {runs.data.jobs.map((job) => (
              <span key={job.name} data-testid="scheduled-job" data-name={job.name} style={{ display: 'inline-flex', gap: 4 }}>
                <Tag color={job.enabled ? 'green' : 'default'} title={job.description} style={{ marginInlineEnd: 0 }}>
                  {job.name} · {job.cron}
                  {job.enabled ? '' : ` · ${t('admin.system.off')}`}
                </Tag>
                <Button
                  size="small"
                  data-testid="run-now"
                  loading={runNow.isPending && runNow.variables === job.name}
                  onClick={() => runNow.mutate(job.name)}
                >
                  {t('admin.system.runNow')}
                </Button>
              </span>
            ))}
          </div>
        )}
        <Table
          data-testid="scheduled-runs"
          rowKey="id"
          size="small"
          loading={runs.isFetching}
          pagination={false}
          scroll={{ x: true }}
          dataSource={runs.data?.items ?? []}
          locale={{ emptyText: t('admin.empty') }}
          columns={[
            { title: t('admin.system.job'), dataIndex: 'jobName' },
            { title: t('admin.system.trigger'), dataIndex: 'trigger', render: (v: string) => t(`admin.system.triggers.${v}`) },
            { title: t('admin.system.started'), dataIndex: 'startedAt', render: (v: string) => formatTime(v, i18n.language) },
            {
              title: t('admin.system.outcome'),
              dataIndex: 'outcome',
              render: (v: keyof typeof OUTCOME_COLOR) => <Tag color={OUTCOME_COLOR[v]}>{t(`admin.system.outcomes.${v}`)}</Tag>,
            },
            { title: t('admin.system.error'), dataIndex: 'error', render: (v: string | null) => v ?? '' },
          ]}
        />
      </Panel>
    </div>
  );
}
