import { Button, Table, Tag, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Muted, Panel } from '../../components/Panel';
import { formatTime } from '../credits/ledger-format';
import { useScheduledRuns, useVerifyLedger } from './hooks';

const OUTCOME_COLOR = { running: 'blue', succeeded: 'green', failed: 'red' } as const;

/** System: the ledger check on demand, and the scheduled jobs with their recent runs. */
export default function SystemPage() {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const runs = useScheduledRuns();
  const verify = useVerifyLedger();
  const result = verify.data;
  return (
    <div style={{ display: 'grid', gap: 16 }}>
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
        {runs.data && (
          <div style={{ marginBottom: 12, display: 'flex', flexWrap: 'wrap', gap: 8 }} data-testid="scheduled-jobs">
            {runs.data.jobs.map((job) => (
              <Tag key={job.name} color={job.enabled ? 'green' : 'default'} title={job.description}>
                {job.name} · {job.cron}
                {job.enabled ? '' : ` · ${t('admin.system.off')}`}
              </Tag>
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
