import { Button, Segmented, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Panel } from '../../components/Panel';
import { formatTime } from '../credits/ledger-format';
import { AlertChannels, AlertRules } from './AlertSettings';
import { useAckAlert, useAlerts, type AlertStatus } from './hooks';

const STATUSES: AlertStatus[] = ['open', 'acknowledged', 'resolved'];
const SEVERITY_COLOR = { info: 'blue', warning: 'orange', critical: 'red' } as const;

/** Alerts by status (in the URL); open ones can be acknowledged. Channels and rules below. */
export default function AlertsPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status: AlertStatus = STATUSES.includes(raw as AlertStatus) ? (raw as AlertStatus) : 'open';
  const alerts = useAlerts(status);
  const ack = useAckAlert();
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Panel title={t('admin.alerts.title')}>
        <Segmented
          data-testid="alert-status"
          value={status}
          onChange={(value) => setParams(value === 'open' ? {} : { status: value })}
          options={STATUSES.map((s) => ({ value: s, label: t(`admin.alerts.statuses.${s}`) }))}
          style={{ marginBottom: 12 }}
        />
        {alerts.isError && <ErrorAlert error={alerts.error} onRetry={() => void alerts.refetch()} />}
        {ack.isError && <ErrorAlert error={ack.error} />}
        <Table
          data-testid="alert-table"
          rowKey="id"
          size="small"
          loading={alerts.isFetching}
          pagination={false}
          scroll={{ x: true }}
          dataSource={alerts.data?.items ?? []}
          locale={{ emptyText: t('admin.empty') }}
          onRow={(a) => ({ 'data-testid': 'alert-row', 'data-id': a.id }) as never}
          columns={[
            {
              title: t('admin.alerts.severity'),
              dataIndex: 'severity',
              render: (v: keyof typeof SEVERITY_COLOR) => (
                <Tag color={SEVERITY_COLOR[v]}>{t(`admin.alerts.severities.${v}`)}</Tag>
              ),
            },
            {
              title: t('admin.alerts.alert'),
              dataIndex: 'title',
              render: (title: string, a) => (
                <div>
                  <div>{title}</div>
                  <div style={{ fontSize: 12, opacity: 0.7 }}>{a.message}</div>
                </div>
              ),
            },
            { title: t('admin.alerts.occurrences'), dataIndex: 'occurrences', align: 'right' },
            { title: t('admin.alerts.lastSeen'), dataIndex: 'lastSeenAt', render: (v: string) => formatTime(v, i18n.language) },
            {
              title: '',
              key: 'actions',
              render: (_, a) =>
                a.status === 'open' ? (
                  <Button
                    size="small"
                    data-testid="ack"
                    loading={ack.isPending && ack.variables === a.id}
                    onClick={() => ack.mutate(a.id)}
                  >
                    {t('admin.alerts.ack')}
                  </Button>
                ) : a.acknowledgedAt ? (
                  formatTime(a.acknowledgedAt, i18n.language)
                ) : null,
            },
          ]}
        />
      </Panel>
      <AlertChannels />
      <AlertRules />
    </div>
  );
}
