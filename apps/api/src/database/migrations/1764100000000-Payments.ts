import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Packages, orders and rejected gateway notifications.
 *  - `payment_orders.out_trade_no` is unique: the number every gateway knows the order by;
 *  - credits, bonus and price are copied onto the order when it is created, so a later package
 *    edit never changes what a paid order grants;
 *  - fulfilment locks the order row (SELECT … FOR UPDATE) and acts only on an unpaid order; the
 *    ledger's (user, kind, reference) index is a second guard.
 * The three packages of the design notes are seeded here (by code, so re-running is harmless).
 */
export class Payments1764100000000 implements MigrationInterface {
  name = 'Payments1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE credit_packages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(32) NOT NULL UNIQUE,
        name varchar(100) NOT NULL,
        description varchar(500),
        price_fen bigint NOT NULL CHECK (price_fen > 0 AND price_fen <= 100000000),
        credits bigint NOT NULL CHECK (credits > 0),
        bonus_credits bigint NOT NULL DEFAULT 0 CHECK (bonus_credits >= 0),
        validity_days int CHECK (validity_days > 0),
        bonus_validity_days int CHECK (bonus_validity_days > 0),
        grants_api_keys boolean NOT NULL DEFAULT false,
        active boolean NOT NULL DEFAULT true,
        sort_order int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO credit_packages (code, name, description, price_fen, credits, bonus_credits, grants_api_keys, sort_order) VALUES
        ('basic', '基础', '50 credits', 4900, 50, 0, false, 10),
        ('pro', '专业', '150 credits', 9900, 150, 0, false, 20),
        ('enterprise', '企业', '500 credits and your own API keys', 29900, 500, 0, true, 30)
      ON CONFLICT (code) DO NOTHING`);

    await q.query(`
      CREATE TABLE payment_orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        out_trade_no varchar(32) NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        package_id uuid NOT NULL REFERENCES credit_packages(id) ON DELETE RESTRICT,
        package_name varchar(100) NOT NULL,
        channel varchar(16) NOT NULL CHECK (channel IN ('alipay', 'wechat', 'sandbox')),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        credits bigint NOT NULL CHECK (credits > 0),
        bonus_credits bigint NOT NULL DEFAULT 0 CHECK (bonus_credits >= 0),
        validity_days int,
        bonus_validity_days int,
        grants_api_keys boolean NOT NULL DEFAULT false,
        status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'closed', 'refunded')),
        qr_code varchar(2000),
        pay_url varchar(4000),
        gateway_trade_no varchar(128),
        vip_level varchar(32),
        vip_bonus_credits bigint NOT NULL DEFAULT 0 CHECK (vip_bonus_credits >= 0),
        paid_via varchar(16) CHECK (paid_via IN ('notification', 'reconciliation')),
        expires_at timestamptz NOT NULL,
        paid_at timestamptz,
        closed_at timestamptz,
        refunded_at timestamptz,
        refund_reason varchar(500),
        refunded_by uuid,
        refund_clawed_back bigint,
        refund_shortfall bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status IN ('paid', 'refunded')) = (paid_at IS NOT NULL)),
        CHECK ((status = 'refunded') = (refunded_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX payment_orders_user_idx ON payment_orders (user_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX payment_orders_created_idx ON payment_orders (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX payment_orders_pending_idx ON payment_orders (created_at) WHERE status = 'pending'`);

    await q.query(`
      CREATE TABLE payment_notification_rejections (
        id bigserial PRIMARY KEY,
        channel varchar(16) NOT NULL,
        reason varchar(32) NOT NULL,
        message varchar(500) NOT NULL,
        out_trade_no varchar(128),
        order_id uuid,
        remote_ip varchar(64),
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX payment_notification_rejections_created_idx ON payment_notification_rejections (created_at DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE payment_notification_rejections`);
    await q.query(`DROP TABLE payment_orders`);
    await q.query(`DROP TABLE credit_packages`);
  }
}
