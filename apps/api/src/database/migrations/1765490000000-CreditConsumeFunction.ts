import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consumption in one round trip. `credit_consume` does what the service used to do in five
 * statements inside BEGIN/SAVEPOINT…COMMIT: the conditional UPDATE of the account, the ledger row
 * and the draining of lots (soonest-expiring first). It is PL/pgSQL rather than one CTE on purpose:
 * every statement of a volatile function takes a fresh snapshot, so the lots are read after the
 * account row lock is held and see what a concurrent consumer of the same user just committed (a
 * CTE reads all tables with the snapshot taken before it waited for that lock).
 *
 * `credit_drain_lots` is the one definition of the lot order; the repository calls it too.
 */
export class CreditConsumeFunction1765490000000 implements MigrationInterface {
  name = 'CreditConsumeFunction1765490000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION credit_drain_lots(p_user uuid, p_amount bigint, p_prefer_type text, p_prefer_id text)
      RETURNS bigint LANGUAGE sql AS $$
        WITH ordered AS (
          SELECT id, remaining,
                 sum(remaining) OVER (
                   ORDER BY (reference_type IS NOT DISTINCT FROM p_prefer_type AND reference_id IS NOT DISTINCT FROM p_prefer_id) DESC,
                            expires_at ASC NULLS LAST, id
                 ) AS running
            FROM credit_lots WHERE user_id = p_user AND remaining > 0
        ), take AS (
          SELECT id, LEAST(remaining, p_amount - (running - remaining)) AS t FROM ordered WHERE running - remaining < p_amount
        ), drained AS (
          UPDATE credit_lots l SET remaining = l.remaining - take.t FROM take WHERE l.id = take.id RETURNING take.t
        )
        SELECT coalesce(sum(t), 0)::bigint FROM drained
      $$`);
    await q.query(`
      CREATE FUNCTION credit_consume(
        p_user uuid, p_amount bigint, p_action varchar, p_description varchar,
        p_reference_type varchar, p_reference_id varchar, p_actor uuid)
      RETURNS SETOF credit_ledger_entries LANGUAGE plpgsql AS $$
      DECLARE
        v_balance bigint;
        v_entry credit_ledger_entries;
        v_taken bigint;
      BEGIN
        UPDATE credit_accounts
           SET available = available - p_amount, total_used = total_used + p_amount, updated_at = now()
         WHERE user_id = p_user AND available >= p_amount
        RETURNING available INTO v_balance;
        IF NOT FOUND THEN
          -- Refused: one row with a null id carrying what is available (no row: no such account).
          SELECT available INTO v_balance FROM credit_accounts WHERE user_id = p_user;
          IF FOUND THEN
            v_entry.balance_after := v_balance;
            RETURN NEXT v_entry;
          END IF;
          RETURN;
        END IF;
        INSERT INTO credit_ledger_entries
          (user_id, kind, amount, balance_after, action, description, reference_type, reference_id, actor_id)
        VALUES (p_user, 'consume', -p_amount, v_balance, p_action, p_description, p_reference_type, p_reference_id, p_actor)
        RETURNING * INTO v_entry;
        v_taken := credit_drain_lots(p_user, p_amount, '', '');
        IF v_taken <> p_amount THEN
          RAISE EXCEPTION 'Credit lots of account % cover % of a % credit debit', p_user, v_taken, p_amount;
        END IF;
        RETURN NEXT v_entry;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION credit_consume(uuid, bigint, varchar, varchar, varchar, varchar, uuid)`);
    await q.query(`DROP FUNCTION credit_drain_lots(uuid, bigint, text, text)`);
  }
}
