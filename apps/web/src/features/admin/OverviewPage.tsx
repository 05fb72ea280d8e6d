import { Tag, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageSpinner } from '../../components/PageSpinner';
import { Muted, Panel } from '../../components/Panel';
import { useDashboard } from './hooks';
import { LineChart } from './LineChart';
import { formatBasisPoints, formatFen } from './money';

/** One figure: label above, value below; `data-value` carries the raw number for tests and tools. */
function Figure({ label, value, raw, testId }: { label: string; value: string; raw: number | null; testId: string }) {
  return (
    <div style={{ minWidth: 140 }}>
      <Muted style={{ fontSize: 12 }}>{label}</Muted>
      <div data-testid={testId} data-value={raw ?? ''} style={{ fontSize: 20, fontWeight: 600 }}>
        {value}
      </div>
    </div>
  );
}

const row = { display: 'flex', flexWrap: 'wrap', gap: 24 } as const;

export default function OverviewPage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const dashboard = useDashboard();
  if (dashboard.isPending) return <PageSpinner />;
  if (dashboard.isError) return <ErrorAlert error={dashboard.error} onRetry={() => void dashboard.refetch()} />;
  const d = dashboard.data;
  const money = (
    prefix: string,
    m: { revenueFen: number; upstreamCostFen: number; grossProfitFen: number; marginBasisPoints: number | null },
  ) => (
    <div style={row}>
      <Figure
        label={t('admin.overview.revenue')}
        value={formatFen(m.revenueFen)}
        raw={m.revenueFen}
        testId={`${prefix}-revenue`}
      />
      <Figure
        label={t('admin.overview.cost')}
        value={formatFen(m.upstreamCostFen)}
        raw={m.upstreamCostFen}
        testId={`${prefix}-cost`}
      />
      <Figure
        label={t('admin.overview.profit')}
        value={formatFen(m.grossProfitFen)}
        raw={m.grossProfitFen}
        testId={`${prefix}-profit`}
      />
      <Figure
        label={t('admin.overview.margin')}
        value={formatBasisPoints(m.marginBasisPoints)}
        raw={m.marginBasisPoints}
        testId={`${prefix}-margin`}
      />
    </div>
  );
  const labels = d.series.map((p) => p.date.slice(5));
  return (
    <div style={{ display: 'grid', gap: 16 }} data-testid="admin-overview">
      <Panel
        title={t('admin.overview.today', { date: d.today.date })}
        extra={
          <span data-testid="open-alerts" data-value={d.openAlerts}>
            {t('admin.overview.openAlerts', { count: d.openAlerts })}
          </span>
        }
      >
        {money('today', d.today)}
        <div style={{ ...row, marginTop: 12 }}>
          <Figure
            label={t('admin.overview.ordersPaid')}
            value={String(d.today.ordersPaid)}
            raw={d.today.ordersPaid}
            testId="today-orders"
          />
          <Figure
            label={t('admin.overview.creditsConsumed')}
            value={String(d.today.creditsConsumed)}
            raw={d.today.creditsConsumed}
            testId="today-credits"
          />
        </div>
      </Panel>
      <Panel title={t('admin.overview.month', { from: d.month.from.slice(0, 10) })}>{money('month', d.month)}</Panel>
      <Panel title={t('admin.overview.upstream')}>
        {d.upstream ? (
          <div style={row}>
            <Figure
              label={t('admin.overview.totalTopUps')}
              value={formatFen(d.upstream.totalTopUpsFen)}
              raw={d.upstream.totalTopUpsFen}
              testId="upstream-topups"
            />
            <Figure
              label={t('admin.overview.costUsed')}
              value={formatFen(d.upstream.costUsedFen)}
              raw={d.upstream.costUsedFen}
              testId="upstream-used"
            />
            <Figure
              label={t('admin.overview.remaining')}
              value={formatFen(d.upstream.remainingFen)}
              raw={d.upstream.remainingFen}
              testId="upstream-remaining"
            />
            <Figure
              label={t('admin.overview.usage')}
              value={formatBasisPoints(d.upstream.usageBasisPoints)}
              raw={d.upstream.usageBasisPoints}
              testId="upstream-usage"
            />
          </div>
        ) : (
          <Muted>{t('admin.overview.noUpstream')}</Muted>
        )}
      </Panel>
      <Panel title={t('admin.overview.chart30')}>
        <LineChart
          testId="chart-money"
          labels={labels}
          format={formatFen}
          series={[
            {
              key: 'revenue',
              label: t('admin.overview.revenue'),
              color: token.colorPrimary,
              values: d.series.map((p) => p.revenueFen),
            },
            {
              key: 'cost',
              label: t('admin.overview.cost'),
              color: token.colorWarning,
              values: d.series.map((p) => p.upstreamCostFen),
            },
            {
              key: 'profit',
              label: t('admin.overview.profit'),
              color: token.colorSuccess,
              values: d.series.map((p) => p.grossProfitFen),
            },
          ]}
        />
      </Panel>
      <Panel title={t('admin.overview.chartJobs')}>
        <LineChart
          testId="chart-jobs"
          labels={labels}
          format={String}
          series={[
            {
              key: 'succeeded',
              label: t('admin.overview.succeeded'),
              color: token.colorSuccess,
              values: d.series.map((p) => p.videosSucceeded),
            },
            {
              key: 'failed',
              label: t('admin.overview.failed'),
              color: token.colorError,
              values: d.series.map((p) => p.videosFailed),
            },
          ]}
        />
      </Panel>
      <Panel title={t('admin.overview.topUsers')}>
        {d.topUsers.length ? (
          <ol data-testid="top-users" style={{ margin: 0, paddingInlineStart: 20, display: 'grid', gap: 6 }}>
            {d.topUsers.map((u) => (
              <li key={u.userId}>
                {u.email} <Muted>{t('admin.overview.creditsUsed', { credits: u.creditsUsed })}</Muted>{' '}
                <Tag>{t('admin.overview.available', { credits: u.available })}</Tag>
              </li>
            ))}
          </ol>
        ) : (
          <Muted>{t('admin.empty')}</Muted>
        )}
      </Panel>
    </div>
  );
}
