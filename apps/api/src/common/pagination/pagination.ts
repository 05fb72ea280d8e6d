import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { DomainException } from '../errors/domain.exception';

/**
 * An optional ISO 8601 instant bounding a list by creation time: `from` (at or after) and `to`
 * (before), the same on every filterable list. `note` adds to the description (a default, say).
 */
export function CreatedBound(side: 'from' | 'to', note = '') {
  return applyDecorators(
    ApiPropertyOptional({ description: `${side === 'from' ? 'Created at or after' : 'Created before'} (ISO 8601)${note}` }),
    IsOptional(),
    IsISO8601({ strict: true }),
  );
}

/** `?cursor&limit` for every keyset-paginated list: newest first, `nextCursor` from the last page. */
export class PageQueryDto {
  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor is not valid' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

/** Rows were fetched with limit + 1; the extra row only says that another page exists. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (last: T) => string): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? cursorOf(items[items.length - 1]) : null };
}

/** Cursor for lists ordered by (timestamp, uuid) descending. */
export function encodeTimeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

export function decodeTimeCursor(cursor: string): { at: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso);
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(at.getTime())) {
    throw new DomainException('VALIDATION_FAILED', 'cursor is not valid');
  }
  return { at, id };
}

/** Cursor for lists ordered by a bigint id descending: the id itself. */
export function decodeIdCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  if (!/^\d{1,19}$/.test(cursor)) throw new DomainException('VALIDATION_FAILED', 'cursor is not valid');
  return cursor;
}
