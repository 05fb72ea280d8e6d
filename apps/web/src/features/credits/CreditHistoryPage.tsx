import { Button, Space, Spin, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { call } from '../../api/client';
import { useLedger, type LedgerKind } from '../../api/hooks';
import type { LedgerEntryDto } from '../../api/generated/openapi';
import { downloadText } from '../../components/download';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Muted, Panel } from '../../components/Panel';
import { ledgerToCsv } from './csv';
import { kindLabel } from './ledger-format';
import { LedgerList } from './LedgerList';

const KINDS: LedgerKind[] = [
  'signup_bonus',
  'purchase',
  'purchase_bonus',
  'consume',
  'refund',
  'admin_adjust',
  'expire',
  'order_refund',
  'redeem',
];
const PAGE_SIZE = 20;
/** The CSV holds at most this many rows (newest first); admins export full books elsewhere. */
const CSV_MAX_ROWS = 10_000;

/** The ledger, newest first: cursor pages, kind filter, +green/−red, balance after, CSV download. */
export default function CreditHistoryPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const kind = (KINDS as string[]).includes(params.get('kind') ?? '') ? (params.get('kind') as LedgerKind) : undefined;
  // Cursors of the pages before this one, so "previous" works with a forward-only cursor.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const page = useLedger({ kind, cursor, limit: PAGE_SIZE });
  const [exportError, setExportError] = useState<unknown>(null);
  const [exporting, setExporting] = useState(false);

  const setKind = (value: LedgerKind | undefined) => {
    setCursors([]);
    setParams(value ? { kind: value } : {}, { replace: true });
  };

  const exportCsv = async () => {
    setExporting(true);
    setExportError(null);
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
      setExportError(error);
    } finally {
      setExporting(false);
    }
  };

  const nextCursor = page.data?.nextCursor;
  return (
    <Panel
      testId="credit-history"
      title={t('ledger.title')}
      extra={
        <Button size="small" onClick={() => void exportCsv()} loading={exporting} data-testid="download-csv">
          {exporting ? t('ledger.downloading') : t('ledger.downloadCsv')}
        </Button>
      }
    >
      <div data-testid="kind-filter" style={{ display: 'flex', flexWrap: 'wrap', rowGap: 8, marginBottom: 16 }}>
        {[undefined, ...KINDS].map((k) => (
          <Tag.CheckableTag key={k ?? 'all'} checked={kind === k} onChange={() => setKind(k)} data-kind={k ?? 'all'}>
            {k ? kindLabel(k, t) : t('ledger.allKinds')}
          </Tag.CheckableTag>
        ))}
      </div>
      <ErrorAlert error={exportError} style={{ marginBottom: 16 }} />
      {page.error ? (
        <ErrorAlert error={page.error} onRetry={() => void page.refetch()} />
      ) : !page.data ? (
        <Spin />
      ) : !page.data.items.length ? (
        <Muted>{t('dashboard.empty')}</Muted>
      ) : (
        <Spin spinning={page.isPlaceholderData} delay={200}>
          <LedgerList entries={page.data.items} showReference />
        </Spin>
      )}
      <Space style={{ marginTop: 16, justifyContent: 'flex-end', width: '100%' }}>
        <Muted>{t('ledger.page', { page: cursors.length + 1 })}</Muted>
        <Button size="small" disabled={!cursors.length} onClick={() => setCursors((c) => c.slice(0, -1))} data-testid="prev-page">
          {t('ledger.prev')}
        </Button>
        <Button
          size="small"
          disabled={!nextCursor || page.isPlaceholderData}
          onClick={() => nextCursor && setCursors((c) => [...c, nextCursor])}
          data-testid="next-page"
        >
          {t('ledger.next')}
        </Button>
      </Space>
    </Panel>
  );
}
