import { DataSource, EntityManager } from 'typeorm';

export interface LedgerProblem {
  userId: string;
  problem: string;
  expected: number;
  actual: number;
}

export interface LedgerVerification {
  ok: boolean;
  accountsChecked: number;
  entriesChecked: number;
  problems: LedgerProblem[];
}

const MAX_PROBLEMS = 1000;

/**
 * Checks the books from raw rows: for every account, available = Σ amounts = newest balance_after,
 * each running total equals the sum of its kinds, the totals add up to available, and every
 * row's balance_after follows from the previous row; and the remaining credits of its lots add up
 * to available. Plain SQL so the CLI needs no Nest app.
 */
export async function verifyLedger(db: DataSource | EntityManager): Promise<LedgerVerification> {
  const rows: Record<string, string>[] = await db.query(`
    WITH sums AS (
      SELECT user_id,
             count(*) AS entries,
             sum(amount) AS net,
             coalesce(sum(amount) FILTER (WHERE amount > 0 AND kind <> 'refund'), 0) AS granted,
             coalesce(-sum(amount) FILTER (WHERE kind = 'consume'), 0) AS used,
             coalesce(sum(amount) FILTER (WHERE kind = 'refund'), 0) AS refunded,
             coalesce(-sum(amount) FILTER (WHERE kind = 'expire'), 0) AS expired,
             coalesce(-sum(amount) FILTER (WHERE amount < 0 AND kind IN ('order_refund', 'admin_adjust')), 0) AS deducted
        FROM credit_ledger_entries GROUP BY user_id
    ), newest AS (
      SELECT DISTINCT ON (user_id) user_id, balance_after
        FROM credit_ledger_entries ORDER BY user_id, id DESC
    ), chain AS (
      SELECT user_id, count(*) AS broken
        FROM (SELECT user_id, amount, balance_after,
                     lag(balance_after, 1, 0::bigint) OVER (PARTITION BY user_id ORDER BY id) AS before
                FROM credit_ledger_entries) t
       WHERE before + amount <> balance_after
       GROUP BY user_id
    )
    SELECT a.user_id, a.available, a.total_granted, a.total_used, a.total_refunded, a.total_expired, a.total_deducted,
           coalesce(s.entries, 0) AS entries, coalesce(s.net, 0) AS net,
           coalesce(s.granted, 0) AS granted, coalesce(s.used, 0) AS used, coalesce(s.refunded, 0) AS refunded,
           coalesce(s.expired, 0) AS expired, coalesce(s.deducted, 0) AS deducted,
           coalesce(n.balance_after, 0) AS newest, coalesce(c.broken, 0) AS broken
      FROM credit_accounts a
      LEFT JOIN sums s ON s.user_id = a.user_id
      LEFT JOIN newest n ON n.user_id = a.user_id
      LEFT JOIN chain c ON c.user_id = a.user_id
  `);
  // Lots: what is left in an account's lots must be exactly what it has available.
  const lots: { user_id: string; available: string; in_lots: string }[] = await db.query(`
    SELECT a.user_id, a.available, coalesce(l.in_lots, 0) AS in_lots
      FROM credit_accounts a
      LEFT JOIN (SELECT user_id, sum(remaining) AS in_lots FROM credit_lots GROUP BY user_id) l ON l.user_id = a.user_id
     WHERE a.available <> coalesce(l.in_lots, 0)`);
  const orphans: { user_id: string }[] = await db.query(
    `SELECT DISTINCT l.user_id FROM credit_ledger_entries l LEFT JOIN credit_accounts a USING (user_id) WHERE a.user_id IS NULL`,
  );

  const problems: LedgerProblem[] = [];
  let entriesChecked = 0;
  const add = (userId: string, problem: string, expected: string | number, actual: string | number) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ userId, problem, expected: Number(expected), actual: Number(actual) });
  };
  for (const r of rows) {
    entriesChecked += Number(r.entries);
    const id = r.user_id;
    if (r.available !== r.net) add(id, 'available differs from the sum of ledger amounts', r.net, r.available);
    if (r.available !== r.newest) add(id, 'available differs from the newest balance_after', r.newest, r.available);
    if (r.total_granted !== r.granted) add(id, 'total_granted differs from the ledger', r.granted, r.total_granted);
    if (r.total_used !== r.used) add(id, 'total_used differs from the ledger', r.used, r.total_used);
    if (r.total_refunded !== r.refunded) add(id, 'total_refunded differs from the ledger', r.refunded, r.total_refunded);
    if (r.total_expired !== r.expired) add(id, 'total_expired differs from the ledger', r.expired, r.total_expired);
    if (r.total_deducted !== r.deducted) add(id, 'total_deducted differs from the ledger', r.deducted, r.total_deducted);
    const fromTotals =
      BigInt(r.total_granted) +
      BigInt(r.total_refunded) -
      BigInt(r.total_used) -
      BigInt(r.total_expired) -
      BigInt(r.total_deducted);
    if (fromTotals !== BigInt(r.available)) add(id, 'totals do not add up to available', fromTotals.toString(), r.available);
    if (r.broken !== '0') add(id, 'balance_after chain is broken (rows)', 0, r.broken);
  }
  for (const l of lots) add(l.user_id, 'credit lots do not add up to available', l.available, l.in_lots);
  for (const o of orphans) add(o.user_id, 'ledger entries without a credit account', 0, 1);
  return { ok: problems.length === 0, accountsChecked: rows.length, entriesChecked, problems };
}
