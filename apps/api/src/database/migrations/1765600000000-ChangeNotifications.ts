import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Instances cache a few rows read on hot paths (users' role and status for the auth guard, settings,
 * video prices, upstream adapters with their decrypted keys). These triggers announce a change of
 * those rows on a channel, whoever makes it — the admin API on another instance or SQL by hand — and
 * every instance drops its copy (common/database/db-notifications.service.ts). The payload is the
 * row's key, or '*' for a whole table.
 */
export class ChangeNotifications1765600000000 implements MigrationInterface {
  name = 'ChangeNotifications1765600000000';

  async up(q: QueryRunner): Promise<void> {
    // TG_ARGV: the channel, then the key column (omitted: the payload is '*').
    await q.query(`
      CREATE FUNCTION notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify(TG_ARGV[0], CASE WHEN TG_NARGS > 1
          THEN coalesce(to_jsonb(OLD), to_jsonb(NEW)) ->> TG_ARGV[1] ELSE '*' END);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER users_access_changed AFTER UPDATE OF role, status ON users
        FOR EACH ROW WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.status IS DISTINCT FROM NEW.status)
        EXECUTE FUNCTION notify_change('user_access_changed', 'id')`);
    await q.query(`
      CREATE TRIGGER users_deleted AFTER DELETE ON users
        FOR EACH ROW EXECUTE FUNCTION notify_change('user_access_changed', 'id')`);
    await q.query(`
      CREATE TRIGGER settings_changed AFTER INSERT OR UPDATE OR DELETE ON settings
        FOR EACH ROW EXECUTE FUNCTION notify_change('settings_changed', 'key')`);
    await q.query(`
      CREATE TRIGGER video_prices_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON video_prices
        FOR EACH STATEMENT EXECUTE FUNCTION notify_change('video_prices_changed')`);
    // Only what an adapter is built from: balances and cost totals change on every job and are never cached.
    await q.query(`
      CREATE TRIGGER upstream_adapter_changed AFTER UPDATE OF provider, name, base_url, api_key_encrypted, settings
        ON upstream_accounts FOR EACH ROW EXECUTE FUNCTION notify_change('upstream_account_changed', 'id')`);
    await q.query(`
      CREATE TRIGGER upstream_account_deleted AFTER DELETE ON upstream_accounts
        FOR EACH ROW EXECUTE FUNCTION notify_change('upstream_account_changed', 'id')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER upstream_account_deleted ON upstream_accounts`);
    await q.query(`DROP TRIGGER upstream_adapter_changed ON upstream_accounts`);
    await q.query(`DROP TRIGGER video_prices_changed ON video_prices`);
    await q.query(`DROP TRIGGER settings_changed ON settings`);
    await q.query(`DROP TRIGGER users_deleted ON users`);
    await q.query(`DROP TRIGGER users_access_changed ON users`);
    await q.query(`DROP FUNCTION notify_change()`);
  }
}
