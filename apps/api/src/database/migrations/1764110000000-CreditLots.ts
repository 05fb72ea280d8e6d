import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Credit lots: every grant is a lot with its own expiry; consumption drains the soonest-expiring
 * lots first in the same transaction as the deduction, and a daily sweep expires what is left of
 * a lot with an `expire` ledger row. For every account, Σ remaining = available (ledger:verify
 * checks it). Balances that existed before lots become one non-expiring opening lot.
 */
export class CreditLots1764110000000 implements MigrationInterface {
  name = 'CreditLots1764110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE credit_lots (
        id bigserial PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES credit_accounts(user_id) ON DELETE RESTRICT,
        source_kind varchar(32) NOT NULL,
        ledger_entry_id bigint REFERENCES credit_ledger_entries(id) ON DELETE RESTRICT,
        reference_type varchar(32),
        reference_id varchar(128),
        amount bigint NOT NULL CHECK (amount > 0),
        remaining bigint NOT NULL CHECK (remaining >= 0 AND remaining <= amount),
        expires_at timestamptz,
        expired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX credit_lots_open_idx ON credit_lots (user_id, expires_at, id) WHERE remaining > 0`);
    await q.query(`CREATE INDEX credit_lots_due_idx ON credit_lots (expires_at) WHERE remaining > 0 AND expires_at IS NOT NULL`);
    await q.query(`
      INSERT INTO credit_lots (user_id, source_kind, amount, remaining)
      SELECT user_id, 'opening_balance', available, available FROM credit_accounts WHERE available > 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE credit_lots`);
  }
}
