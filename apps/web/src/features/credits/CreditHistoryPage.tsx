import { Button, Select, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { call } from '../../api/client';
import { useLedger, type LedgerKind } from '../../api/hooks';
import type { LedgerEntryDto } from '../../api/generated/openapi';
import { AntdLocale } from '../../components/AntdLocale';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Muted, Panel } from '../../components/Panel';
import { downloadText } from '../../components/download';
import { ledgerToCsv } from './csv';
import { CreditAmount, formatTime, kindLabel, referenceText } from './ledger-format';

const KINDS: LedgerKind[] = [
  'signup_bonus',
  'purchase',
  'purchase_bonus',
  'consume',
  'refund',
  'admin_adjust',
  'expire',
  'order_refund',
];
const PAGE_SIZE = 20;
/** The CSV holds at most this many rows (newest first); the admin export covers full books. */
const CSV_MAX_ROWS = 10_000;

/** The ledger, newest first: cursor pages, kind filter, +green/−red, balance after, CSV download. */
export default function CreditHistoryPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const kind = (KINDS as string[]).includes(params.get('kind') ?? '') ? (params.get('kind') as LedgerKind) : undefined;
  // Cursors of the pages before this one, so "previous" works with a forward-only cursor.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const page = useLedger({ kind, cursor, limit: PAGE_SIZE });
  const [exporting, setExporting] = useState<unknown>(null);
  const [exportBusy, setExportBusy] = useState(false);

  const setKind = (value: LedgerKind | undefined) => {
    setCursors([]);
    setParams(value ? { kind: value } : {}, { replace: true });
  };

  const exportCsv = async () => {
    setExportBusy(true);
    setExporting(null);
    try {
      const all: LedgerEntryDto[] = [];
      let next: string | undefined;
      do {
        const chunk = await call('Credits_ledger', { query: { kind, cursor: next, limit: 100 } });
        all.push(...chunk.items);
        next = chunk.nextCursor ?? undefined;
      } while (next && all.length < CSV_MAX_ROWS);
      const stamp = new Date().toISOString().slice(0, 10);
      downloadText(`reelmeter-credits-${kind ?? 'all'}-${stamp}.csv`, ledgerToCsv(all));
    } catch (error) {
      setExporting(error);
    } finally {
      setExportBusy(false);
    }
  };

  const columns: TableColumnsType<LedgerEntryDto> = [
    { title: t('ledger.time'), dataIndex: 'createdAt', render: (v: string) => formatTime(v, i18n.language), width: 180 },
    { title: t('ledger.kind'), dataIndex: 'kind', render: (k: LedgerKind) => kindLabel(k, t) },
    { title: t('ledger.amount'), dataIndex: 'amount', align: 'right', render: (a: number) => <CreditAmount amount={a} /> },
    {
      title: t('ledger.balanceAfter'),
      dataIndex: 'balanceAfter',
      align: 'right',
      render: (b: number) => <span data-testid="balance-after">{b}</span>,
    },
    { title: t('ledger.description'), dataIndex: 'description', render: (d: string | null) => d ?? '' },
    {
      title: t('ledger.reference'),
      key: 'reference',
      render: (_: unknown, e: LedgerEntryDto) => <Muted>{referenceText(e)}</Muted>,
    },
  ];

  return (
    <AntdLocale>
      <Panel
        testId="credit-history"
        title={t('ledger.title')}
        extra={
          <Button onClick={() => void exportCsv()} loading={exportBusy} data-testid="download-csv">
            {exportBusy ? t('ledger.downloading') : t('ledger.downloadCsv')}
          </Button>
        }
      >
        <Space wrap style={{ marginBottom: 16 }}>
          <Select<LedgerKind | 'all'>
            value={kind ?? 'all'}
            onChange={(v) => setKind(v === 'all' ? undefined : v)}
            style={{ minWidth: 160 }}
            data-testid="kind-filter"
            options={[{ value: 'all', label: t('ledger.allKinds') }, ...KINDS.map((k) => ({ value: k, label: kindLabel(k, t) }))]}
          />
        </Space>
        <ErrorAlert error={exporting} style={{ marginBottom: 16 }} />
        {page.error ? (
          <ErrorAlert error={page.error} onRetry={() => void page.refetch()} />
        ) : (
          <Table<LedgerEntryDto>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={page.data?.items ?? []}
            loading={page.isFetching}
            pagination={false}
            scroll={{ x: 720 }}
            data-testid="ledger-table"
            locale={{ emptyText: t('dashboard.empty') }}
          />
        )}
        <Space style={{ marginTop: 16, justifyContent: 'flex-end', width: '100%' }}>
          <Muted>{t('ledger.page', { page: cursors.length + 1 })}</Muted>
          <Button disabled={!cursors.length} onClick={() => setCursors((c) => c.slice(0, -1))} data-testid="prev-page">
            {t('ledger.prev')}
          </Button>
          <Button
            disabled={!page.data?.nextCursor || page.isPlaceholderData}
            onClick={() => page.data?.nextCursor && setCursors((c) => [...c, page.data.nextCursor!])}
            data-testid="next-page"
          >
            {t('ledger.next')}
          </Button>
        </Space>
      </Panel>
    </AntdLocale>
  );
}
