import { theme } from 'antd';
import type { TFunction } from 'i18next';
import type { LedgerEntryDto } from '../../api/generated/openapi';

/** A signed credit change: + green for credits added, − red for credits taken. */
export function CreditAmount({ amount }: { amount: number }) {
  const { token } = theme.useToken();
  const positive = amount > 0;
  return (
    <strong
      style={{ color: positive ? token.colorSuccess : token.colorError }}
      data-testid="ledger-amount"
      data-sign={positive ? '+' : '-'}
    >
      {formatSigned(amount)}
    </strong>
  );
}

export function formatSigned(amount: number): string {
  return amount > 0 ? `+${amount}` : `−${Math.abs(amount)}`;
}

export function kindLabel(kind: LedgerEntryDto['kind'], t: TFunction): string {
  return t(`ledger.kinds.${kind}`, { defaultValue: kind });
}

export function formatTime(iso: string, language: string): string {
  return new Date(iso).toLocaleString(language, { hour12: false });
}

export function referenceText(entry: Pick<LedgerEntryDto, 'referenceType' | 'referenceId'>): string {
  return entry.referenceType && entry.referenceId ? `${entry.referenceType}:${entry.referenceId}` : '';
}
