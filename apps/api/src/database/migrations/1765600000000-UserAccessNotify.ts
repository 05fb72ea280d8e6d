import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every instance caches users' role and status for the auth guard (users/user-access-cache.service.ts).
 * This trigger tells them when either changes — through the admin API or by hand in SQL — so a disabled
 * account or a demoted admin is refused at once on every instance, not when a cache entry ages out.
 */
export class UserAccessNotify1765600000000 implements MigrationInterface {
  name = 'UserAccessNotify1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_user_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('user_access_changed', OLD.id::text);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER users_access_changed
        AFTER UPDATE OF role, status ON users
        FOR EACH ROW WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.status IS DISTINCT FROM NEW.status)
        EXECUTE FUNCTION notify_user_access_changed()`);
    await q.query(`
      CREATE TRIGGER users_deleted
        AFTER DELETE ON users
        FOR EACH ROW EXECUTE FUNCTION notify_user_access_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER users_deleted ON users`);
    await q.query(`DROP TRIGGER users_access_changed ON users`);
    await q.query(`DROP FUNCTION notify_user_access_changed()`);
  }
}
