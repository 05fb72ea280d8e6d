import { LedgerEntryDto, LedgerPageDto } from './dto/credits.dto';
import { LedgerEntryView } from './credits.types';
import { toPage } from '../common/pagination/pagination';

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

/** `entries` holds up to limit + 1 rows (see toPage); the cursor is the last entry's id. */
export function toLedgerPage(entries: LedgerEntryView[], limit: number): LedgerPageDto {
  const page = toPage(entries, limit, (last) => last.id);
  return { items: page.items.map(toLedgerEntryDto), nextCursor: page.nextCursor };
}
