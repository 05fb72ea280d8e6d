import { theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LedgerEntryDto } from '../../api/generated/openapi';
import { Muted } from '../../components/Panel';
import { CreditAmount, formatTime, kindLabel, referenceText } from './ledger-format';

/**
 * Ledger rows: kind, time, description and reference on the left; the signed change (+green /
 * −red) and the balance after it on the right. One layout for desktop and phone. (A list rather
 * than Ant Design's Table: the Table brings ~100 KB gzip of filter/tree/virtual-scroll machinery
 * this page does not use.)
 */
export function LedgerList({ entries, showReference = false }: { entries: LedgerEntryDto[]; showReference?: boolean }) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  return (
    <ul data-testid="ledger-list" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {entries.map((entry, i) => {
        const reference = showReference ? referenceText(entry) : '';
        return (
          <li
            key={entry.id}
            data-testid="ledger-row"
            data-kind={entry.kind}
            style={{
              display: 'flex',
              justifyContent: 'space-between',
              gap: 12,
              padding: '10px 0',
              borderTop: i ? `1px solid ${token.colorBorderSecondary}` : undefined,
            }}
          >
            <div style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
              <div>{kindLabel(entry.kind, t)}</div>
              <Muted style={{ fontSize: 12 }}>
                {formatTime(entry.createdAt, i18n.language)}
                {entry.description ? ` · ${entry.description}` : ''}
                {reference ? ` · ${reference}` : ''}
              </Muted>
            </div>
            <div style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
              <CreditAmount amount={entry.amount} />
              <div>
                <Muted style={{ fontSize: 12 }}>
                  {t('ledger.balanceAfter')} <span data-testid="balance-after">{entry.balanceAfter}</span>
                </Muted>
              </div>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
