import { LedgerEntryDto, LedgerPageDto } from './dto/credits.dto';
import { LedgerEntryView } from './credits.types';

export function toLedgerEntryDto(entry: LedgerEntryView): LedgerEntryDto {
  return {
    id: entry.id,
    kind: entry.kind,
    amount: entry.amount,
    balanceAfter: entry.balanceAfter,
    action: entry.action,
    description: entry.description,
    referenceType: entry.referenceType,
    referenceId: entry.referenceId,
    createdAt: entry.createdAt,
  };
}

/** `entries` holds up to limit + 1 rows; the extra one only says that another page exists. */
export function toLedgerPage(entries: LedgerEntryView[], limit: number): LedgerPageDto {
  const page = entries.slice(0, limit);
  return {
    items: page.map(toLedgerEntryDto),
    nextCursor: entries.length > limit ? page[page.length - 1].id : null,
  };
}
