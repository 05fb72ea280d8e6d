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
    expiring: [],
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

  async insertLot(
    em: EntityManager,
    lot: {
      userId: string;
      sourceKind: LedgerKind;
      ledgerEntryId: string;
      amount: number;
      reference?: LedgerReference;
      expiresAt: Date | null;
    },
  ): Promise<void> {
    await queryRows(
      em,
      `INSERT INTO credit_lots (user_id, source_kind, ledger_entry_id, reference_type, reference_id, amount, remaining, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $7)`,
      [
        lot.userId,
        lot.sourceKind,
        lot.ledgerEntryId,
        lot.reference?.type ?? null,
        lot.reference?.id ?? null,
        lot.amount,
        lot.expiresAt,
      ],
    );
  }

  /**
   * Takes `amount` from the user's open lots, soonest-expiring first (never-expiring last), oldest
   * first among equals; lots granted for `prefer` (an order being refunded) go first of all.
   * Callers hold the account row lock (the balance UPDATE), which serializes all lot changes of a
   * user. Returns how much was taken (less than `amount` only if lots and account disagree).
   */
  async drainLots(em: EntityManager, userId: string, amount: number, prefer?: LedgerReference): Promise<number> {
    const [row] = await queryRows<{ taken: string }>(em, `SELECT credit_drain_lots($1, $2, $3, $4) AS taken`, [
      userId,
      amount,
      prefer?.type ?? '',
      prefer?.id ?? '',
    ]);
    return toSafeInt(row.taken);
  }

  /**
   * A whole consumption in one statement (the `credit_consume` function: conditional UPDATE of
   * the account, ledger row, lots drained soonest-expiring first). Outside a transaction it is
   * its own transaction. Returns the ledger row, `refused` with what is available when the balance
   * is short, or undefined when there is no account. A duplicate reference raises the ledger's
   * unique violation and changes nothing.
   */
  async consume(
    em: EntityManager,
    movement: {
      userId: string;
      amount: number;
      action?: string;
      description?: string;
      reference?: LedgerReference;
      actorId?: string;
    },
  ): Promise<{ entry: LedgerEntryView } | { refused: number } | undefined> {
    const [row] = await queryRows(em, `SELECT ${LEDGER_COLUMNS} FROM credit_consume($1, $2, $3, $4, $5, $6, $7)`, [
      movement.userId,
      movement.amount,
      movement.action ?? null,
      movement.description ?? null,
      movement.reference?.type ?? null,
      movement.reference?.id ?? null,
      movement.actorId ?? null,
    ]);
    if (!row) return undefined;
    if (row.id === null) return { refused: toSafeInt(row.balance_after) };
    return { entry: toLedgerEntry(row) };
  }

  /** Locks one lot (after the account) and returns what is left of it. */
  async lockLot(
    em: EntityManager,
    lotId: string,
  ): Promise<{ userId: string; remaining: number; expiresAt: Date | null } | undefined> {
    const [row] = await queryRows(em, `SELECT user_id, remaining, expires_at FROM credit_lots WHERE id = $1 FOR UPDATE`, [lotId]);
    return row
      ? { userId: row.user_id as string, remaining: toSafeInt(row.remaining), expiresAt: (row.expires_at as Date | null) ?? null }
      : undefined;
  }

  async emptyLot(em: EntityManager, lotId: string, expired: boolean): Promise<void> {
    await queryRows(
      em,
      `UPDATE credit_lots SET remaining = 0, expired_at = CASE WHEN $2 THEN now() ELSE expired_at END WHERE id = $1`,
      [lotId, expired],
    );
  }

  /** Open lots with an expiry due at `now`, oldest deadline first. */
  async dueLots(em: EntityManager, now: Date, limit: number): Promise<{ id: string; userId: string }[]> {
    const rows = await queryRows(
      em,
      `SELECT id, user_id FROM credit_lots WHERE remaining > 0 AND expires_at <= $1 ORDER BY expires_at, id LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => ({ id: String(r.id), userId: r.user_id as string }));
  }

  /** What expires when: open lots with an expiry, summed per expiry time, soonest first. */
  async expiring(em: EntityManager, userId: string): Promise<{ expiresAt: Date; credits: number }[]> {
    const rows = await queryRows(
      em,
      `SELECT expires_at, sum(remaining)::bigint AS credits FROM credit_lots
        WHERE user_id = $1 AND remaining > 0 AND expires_at IS NOT NULL
        GROUP BY expires_at ORDER BY expires_at LIMIT 20`,
      [userId],
    );
    return rows.map((r) => ({ expiresAt: r.expires_at as Date, credits: toSafeInt(r.credits) }));
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
