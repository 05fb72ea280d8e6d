import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Claiming an upstream account's concurrency slot in one round trip (it was a five-statement
 * transaction on every submit). An account without a limit is not locked at all: its slot is just
 * written, so submits on one shared account no longer queue on its row. With a limit, the row is
 * locked first and the slots counted after — a PL/pgSQL statement takes a fresh snapshot, so the count
 * sees every claim committed before the lock was granted and the limit holds under concurrency.
 */
export class UpstreamSlotClaimFunction1765600000001 implements MigrationInterface {
  name = 'UpstreamSlotClaimFunction1765600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION upstream_slot_claim(p_account uuid, p_job varchar, p_ttl interval) RETURNS boolean
      LANGUAGE plpgsql AS $$
      DECLARE
        v_limit integer;
        v_status varchar;
        v_held bigint;
      BEGIN
        SELECT concurrency_limit, status INTO v_limit, v_status
          FROM upstream_accounts WHERE id = p_account AND deleted_at IS NULL;
        IF NOT FOUND OR v_status <> 'active' THEN RETURN false; END IF;
        IF v_limit > 0 THEN
          SELECT concurrency_limit, status INTO v_limit, v_status
            FROM upstream_accounts WHERE id = p_account AND deleted_at IS NULL FOR NO KEY UPDATE;
          IF NOT FOUND OR v_status <> 'active' THEN RETURN false; END IF;
          IF v_limit > 0 THEN
            SELECT count(*) INTO v_held FROM upstream_account_slots
             WHERE account_id = p_account AND job_id <> p_job AND created_at > now() - p_ttl;
            IF v_held >= v_limit THEN RETURN false; END IF;
          END IF;
        END IF;
        INSERT INTO upstream_account_slots (account_id, job_id) VALUES (p_account, p_job)
          ON CONFLICT (account_id, job_id) DO UPDATE SET created_at = now();
        RETURN true;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION upstream_slot_claim(uuid, varchar, interval)`);
  }
}
