import { Button, Table, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { call, http } from '../../api/client';
import type { DailyFiguresDto } from '../../api/generated/openapi';
import { downloadText } from '../../components/download';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Muted, Panel } from '../../components/Panel';
import { DayRange } from './DayRange';
import { useAdminQuery } from './hooks';
import { LineChart } from './LineChart';
import { formatBasisPoints, formatFen } from './money';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** YYYY-MM-DD of a local date, n days before today (the browser's calendar; the API reports in its own zone). */
export function isoDay(daysAgo: number, now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysAgo);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Daily reports for a date range: chart of revenue / cost / profit, the table, and its CSV. */
export default function ReportsPage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [params, setParams] = useSearchParams();
  const from = DATE.test(params.get('from') ?? '') ? params.get('from')! : isoDay(29);
  const to = DATE.test(params.get('to') ?? '') ? params.get('to')! : isoDay(0);
  const reports = useAdminQuery(['reports', from, to], (signal) => call('Reports_list', { query: { from, to }, signal }));
  const [csv, setCsv] = useState<{ pending: boolean; error: unknown }>({ pending: false, error: null });
  const rows = [...(reports.data ?? [])].map((r) => r.figures).sort((a, b) => a.date.localeCompare(b.date));
  const exportCsv = async () => {
    setCsv({ pending: true, error: null });
    try {
      const { data } = await http.get<string>('/api/v1/admin/reports/daily.csv', { params: { from, to }, responseType: 'text' });
      downloadText(`reelmeter-reports-${from}-${to}.csv`, data);
      setCsv({ pending: false, error: null });
    } catch (error) {
      setCsv({ pending: false, error });
    }
  };
  const range = (key: 'from' | 'to', value: string) => {
    if (!DATE.test(value)) return;
    setParams({ from, to, [key]: value });
  };
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Panel
        title={t('admin.reports.title')}
        extra={
          <Button data-testid="reports-csv" loading={csv.pending} onClick={() => void exportCsv()}>
            {t('admin.reports.csv')}
          </Button>
        }
      >
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 12 }}>
          <DayRange testId="reports" from={from} to={to} onChange={range} />
          <Muted style={{ fontSize: 12 }}>{t('admin.reports.help')}</Muted>
        </div>
        {reports.isError && <ErrorAlert error={reports.error} onRetry={() => void reports.refetch()} />}
        {Boolean(csv.error) && <ErrorAlert error={csv.error} />}
        {rows.length > 0 && (
          <LineChart
            testId="reports-chart"
            labels={rows.map((r) => r.date)}
            series={[
              {
                key: 'revenue',
                label: t('admin.overview.revenue'),
                color: token.colorPrimary,
                values: rows.map((r) => r.revenueFen),
              },
              {
                key: 'cost',
                label: t('admin.overview.cost'),
                color: token.colorWarning,
                values: rows.map((r) => r.upstreamCostFen),
              },
              {
                key: 'profit',
                label: t('admin.overview.profit'),
                color: token.colorSuccess,
                values: rows.map((r) => r.grossProfitFen),
              },
            ]}
            format={formatFen}
          />
        )}
      </Panel>
      <Panel title={t('admin.reports.table')}>
        <Table
          data-testid="reports-table"
          rowKey="date"
          size="small"
          loading={reports.isFetching}
          pagination={false}
          scroll={{ x: true }}
          dataSource={[...rows].reverse()}
          locale={{ emptyText: t('admin.reports.none') }}
          onRow={(r) => ({ 'data-testid': 'report-row', 'data-date': r.date }) as never}
          columns={[
            { title: t('admin.reports.date'), dataIndex: 'date' },
            ...(
              [
                ['revenueFen', 'admin.overview.revenue'],
                ['refundsFen', 'admin.reports.refunds'],
                ['upstreamCostFen', 'admin.overview.cost'],
                ['grossProfitFen', 'admin.overview.profit'],
              ] as const
            ).map(([key, label]) => ({
              title: t(label),
              dataIndex: key,
              align: 'right' as const,
              render: (v: number) => <span data-testid={`report-${key}`}>{formatFen(v)}</span>,
            })),
            {
              title: t('admin.overview.margin'),
              dataIndex: 'marginBasisPoints',
              align: 'right',
              render: (v: number | null) => formatBasisPoints(v),
            },
            { title: t('admin.reports.orders'), dataIndex: 'ordersPaid', align: 'right' },
            {
              title: t('admin.reports.credits'),
              key: 'credits',
              render: (_, r: DailyFiguresDto) =>
                t('admin.reports.creditsLine', {
                  sold: r.credits.sold,
                  consumed: r.credits.consumed,
                  refunded: r.credits.refunded,
                }),
            },
            {
              title: t('admin.reports.videos'),
              key: 'videos',
              render: (_, r: DailyFiguresDto) => `${r.videos.succeeded} / ${r.videos.failed}`,
            },
          ]}
        />
      </Panel>
    </div>
  );
}
