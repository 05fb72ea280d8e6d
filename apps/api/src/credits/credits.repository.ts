import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { LedgerKind } from '@reelmeter/shared';
import { queryRows, Row, toSafeInt } from '../common/database/sql';
import { BalanceView, LedgerEntryView, LedgerReference, TotalColumn } from './credits.types';

const LEDGER_COLUMNS = `id, user_id, kind, amount, balance_after, action, description, reference_type, reference_id, actor_id, created_at`;

export function toLedgerEntry(row: Row): LedgerEntryView {
  return {
    id: String(row.id),
    userId: row.user_id as string,
    kind: row.kind as LedgerKind,
    amount: toSafeInt(row.amount),
    balanceAfter: toSafeInt(row.balance_after),
    action: (row.action as string | null) ?? null,
    description: (row.description as string | null) ?? null,
    referenceType: (row.reference_type as string | null) ?? null,
    referenceId: (row.reference_id as string | null) ?? null,
    actorId: (row.actor_id as string | null) ?? null,
    createdAt: row.created_at as Date,
  };
}

function toBalance(row: Row): BalanceView {
  return {
    available: toSafeInt(row.available),
    totalGranted: toSafeInt(row.total_granted),
    totalUsed: toSafeInt(row.total_used),
    totalRefunded: toSafeInt(row.total_refunded),
    totalExpired: toSafeInt(row.total_expired),
    totalDeducted: toSafeInt(row.total_deducted),
    updatedAt: row.updated_at as Date,
  };
}

/** SQL for credit accounts and the ledger. Every statement runs on the caller's manager (transaction). */
@Injectable()
export class CreditsRepository {
  async openAccount(em: EntityManager, userId: string): Promise<void> {
    await queryRows(em, `INSERT INTO credit_accounts (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING`, [userId]);
  }

  /**
   * Adds `delta` to the balance and `abs(delta)` to one total, in one conditional statement.
   * With `requireAvailable`, the row only changes when at least that much is available, so
   * concurrent debits serialize on the row lock and can never overdraw. Returns the new balance,
   * or undefined when the condition failed (or the account does not exist).
   */
  async moveBalance(
    em: EntityManager,
    userId: string,
    delta: number,
    total: TotalColumn,
    requireAvailable?: number,
  ): Promise<number | undefined> {
    const params: unknown[] = [userId, delta, Math.abs(delta)];
    let condition = '';
    if (requireAvailable !== undefined) {
      params.push(requireAvailable);
      condition = ' AND available >= $4';
    }
    const rows = await queryRows(
      em,
      `UPDATE credit_accounts
          SET available = available + $2, ${total} = ${total} + $3, updated_at = now()
        WHERE user_id = $1${condition}
        RETURNING available`,
      params,
    );
    return rows.length ? toSafeInt(rows[0].available) : undefined;
  }

  /** Locks the account row for the rest of the transaction and returns what is available. */
  async lockAvailable(em: EntityManager, userId: string): Promise<number | undefined> {
    const rows = await queryRows(em, `SELECT available FROM credit_accounts WHERE user_id = $1 FOR UPDATE`, [userId]);
    return rows.length ? toSafeInt(rows[0].available) : undefined;
  }

  async insertEntry(
    em: EntityManager,
    entry: {
      userId: string;
      kind: LedgerKind;
      amount: number;
      balanceAfter: number;
      action?: string;
      description?: string;
      reference?: LedgerReference;
      actorId?: string;
    },
  ): Promise<LedgerEntryView> {
    const rows = await queryRows(
      em,
      `INSERT INTO credit_ledger_entries
         (user_id, kind, amount, balance_after, action, description, reference_type, reference_id, actor_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING ${LEDGER_COLUMNS}`,
      [
        entry.userId,
        entry.kind,
        entry.amount,
        entry.balanceAfter,
        entry.action ?? null,
        entry.description ?? null,
        entry.reference?.type ?? null,
        entry.reference?.id ?? null,
        entry.actorId ?? null,
      ],
    );
    return toLedgerEntry(rows[0]);
  }

  async findByReference(
    em: EntityManager,
    userId: string,
    kind: LedgerKind,
    reference: LedgerReference,
  ): Promise<LedgerEntryView | undefined> {
    const rows = await queryRows(
      em,
      `SELECT ${LEDGER_COLUMNS} FROM credit_ledger_entries
        WHERE user_id = $1 AND kind = $2 AND reference_type = $3 AND reference_id = $4`,
      [userId, kind, reference.type, reference.id],
    );
    return rows.length ? toLedgerEntry(rows[0]) : undefined;
  }

  async balance(em: EntityManager, userId: string): Promise<BalanceView | undefined> {
    const rows = await queryRows(em, `SELECT * FROM credit_accounts WHERE user_id = $1`, [userId]);
    return rows.length ? toBalance(rows[0]) : undefined;
  }

  /** Newest first; `beforeId` is the cursor (entries with a smaller id). */
  async listEntries(
    em: EntityManager,
    userId: string,
    options: { beforeId?: string; limit: number; kind?: LedgerKind },
  ): Promise<LedgerEntryView[]> {
    const params: unknown[] = [userId, options.limit];
    let where = 'user_id = $1';
    if (options.kind) {
      params.push(options.kind);
      where += ` AND kind = $${params.length}`;
    }
    if (options.beforeId) {
      params.push(options.beforeId);
      where += ` AND id < $${params.length}`;
    }
    const rows = await queryRows(
      em,
      `SELECT ${LEDGER_COLUMNS} FROM credit_ledger_entries WHERE ${where} ORDER BY id DESC LIMIT $2`,
      params,
    );
    return rows.map(toLedgerEntry);
  }

  async statsByAction(
    em: EntityManager,
    userId: string,
    from: Date,
    to: Date,
  ): Promise<{ action: string; kind: LedgerKind; count: number; credits: number }[]> {
    const rows = await queryRows(
      em,
      `SELECT coalesce(action, 'other') AS action, kind, count(*)::bigint AS count, sum(abs(amount))::bigint AS credits
         FROM credit_ledger_entries
        WHERE user_id = $1 AND kind IN ('consume', 'refund') AND created_at >= $2 AND created_at < $3
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [userId, from, to],
    );
    return rows.map((r) => ({
      action: r.action as string,
      kind: r.kind as LedgerKind,
      count: toSafeInt(r.count),
      credits: toSafeInt(r.credits),
    }));
  }
}
