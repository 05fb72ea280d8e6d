import type { LedgerEntryDto } from '../../api/generated/openapi';

/** RFC 4180 field: quoted when needed; a leading =,+,-,@ is defused so spreadsheets don't run it. */
export function csvField(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const LEDGER_CSV_HEADER = [
  'id',
  'createdAt',
  'kind',
  'amount',
  'balanceAfter',
  'action',
  'description',
  'referenceType',
  'referenceId',
];

/** Ledger rows → CSV text (UTF-8 with BOM so Excel shows Chinese correctly; CRLF line ends). */
export function ledgerToCsv(entries: LedgerEntryDto[]): string {
  const rows = entries.map((e) =>
    [e.id, e.createdAt, e.kind, e.amount, e.balanceAfter, e.action, e.description, e.referenceType, e.referenceId]
      .map(csvField)
      .join(','),
  );
  return '\uFEFF' + [LEDGER_CSV_HEADER.join(','), ...rows].join('\r\n') + '\r\n';
}
