import request from 'supertest';
import { ADMIN_EMAIL, createTestApp, TestApp } from './test-app';
import { loginAdmin, registerUser } from './factories';
import { until } from './until';

describe('identity', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_EMAIL: '5' });
  });
  afterAll(() => t.close());

  it('registers with a sign-up bonus recorded in the ledger, and never returns the password hash', async () => {
    const res = await request(t.url)
      .post('/api/v1/auth/register')
      .send({ email: 'New.Person@Example.com', password: 'long-enough-pw', displayName: 'New' })
      .expect(201);
    expect(res.body.user).toMatchObject({ email: 'New.Person@Example.com', role: 'user', displayName: 'New' });
    expect(res.body.accessToken).toEqual(expect.any(String));
    expect(res.body.refreshToken).toEqual(expect.any(String));
    expect(JSON.stringify(res.body)).not.toMatch(/password/i);
    const me = await request(t.url).get('/api/v1/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ id: res.body.user.id, available: 520 });
    const ledger = await request(t.url).get('/api/v1/credits/ledger').set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(ledger.body.items).toEqual([expect.objectContaining({ kind: 'signup_bonus', amount: 520, balanceAfter: 520 })]);
  });

  it('refuses a second account for the same email in any letter case', async () => {
    await request(t.url).post('/api/v1/auth/register').send({ email: 'dup@example.com', password: 'long-enough-pw' }).expect(201);
    const res = await request(t.url).post('/api/v1/auth/register').send({ email: 'DUP@example.com', password: 'long-enough-pw' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('EMAIL_TAKEN');
  });

  it('rejects weak or malformed registrations', async () => {
    for (const body of [
      { email: 'not-an-email', password: 'long-enough-pw' },
      { email: 'short@example.com', password: 'short' },
      { email: 'role@example.com', password: 'long-enough-pw', role: 'admin' },
    ]) {
      const res = await request(t.url).post('/api/v1/auth/register').send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('logs in, refreshes with rotation, and revokes everything when a used refresh token is replayed', async () => {
    const user = await registerUser(t);
    const login = await request(t.url)
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: user.password })
      .expect(200);
    const refreshed = await request(t.url)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: login.body.refreshToken })
      .expect(200);
    expect(refreshed.body.refreshToken).not.toBe(login.body.refreshToken);
    await request(t.url).get('/api/v1/me').set('Authorization', `Bearer ${refreshed.body.accessToken}`).expect(200);

    const replay = await request(t.url).post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('INVALID_REFRESH_TOKEN');
    // The replay revoked the newer token too (it may have been stolen along with the old one).
    await request(t.url).post('/api/v1/auth/refresh').send({ refreshToken: refreshed.body.refreshToken }).expect(401);
    await request(t.url).post('/api/v1/auth/refresh').send({ refreshToken: 'garbage' }).expect(401);
  });

  it('rejects wrong passwords and throttles repeated failures with Retry-After', async () => {
    const user = await registerUser(t);
    for (let i = 0; i < 5; i++) {
      const res = await request(t.url).post('/api/v1/auth/login').send({ email: user.email, password: 'wrong-password' });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    }
    const blocked = await request(t.url).post('/api/v1/auth/login').send({ email: user.email, password: user.password });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Unknown emails fail the same way as wrong passwords (no account enumeration).
    const unknown = await request(t.url).post('/api/v1/auth/login').send({ email: 'nobody@example.com', password: 'whatever' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('rejects missing, malformed, forged and expired-looking tokens', async () => {
    await request(t.url).get('/api/v1/me').expect(401);
    await request(t.url).get('/api/v1/me').set('Authorization', 'Basic abc').expect(401);
    await request(t.url).get('/api/v1/me').set('Authorization', 'Bearer not.a.jwt').expect(401);
    const user = await registerUser(t);
    const [h, p] = user.accessToken.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: user.id, role: 'admin', typ: 'access' })).toString('base64url')}.${'x'.repeat(43)}`;
    await request(t.url).get('/api/v1/me').set('Authorization', `Bearer ${forged}`).expect(401);
    expect(p).toBeDefined();
  });

  it('shuts out a disabled user at once, and lets them back when re-enabled', async () => {
    const user = await registerUser(t);
    const admin = await loginAdmin(t);
    await request(t.url).patch(`/api/v1/admin/users/${user.id}`).set(admin.auth).send({ status: 'disabled' }).expect(200);
    const res = await request(t.url).get('/api/v1/me').set(user.auth);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('USER_DISABLED');
    await request(t.url).post('/api/v1/auth/login').send({ email: user.email, password: user.password }).expect(403);
    await request(t.url).patch(`/api/v1/admin/users/${user.id}`).set(admin.auth).send({ status: 'active' }).expect(200);
    await request(t.url).get('/api/v1/me').set(user.auth).expect(200);
  });

  it('applies a role or status changed directly in the database at once, though the guard caches users', async () => {
    const user = await registerUser(t);
    const status = async (path: string) => (await request(t.url).get(path).set(user.auth)).status;
    expect(await status('/api/v1/admin/users')).toBe(403); // and the user is now cached
    await t.ds.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [user.id]);
    await until(async () => (await status('/api/v1/admin/users')) === 200, 'the promotion to reach the guard', 10_000);
    await t.ds.query(`UPDATE users SET status = 'disabled' WHERE id = $1`, [user.id]);
    await until(async () => (await status('/api/v1/me')) === 403, 'the disabled user to be refused', 10_000);
    await t.ds.query(`UPDATE users SET status = 'active', role = 'user' WHERE id = $1`, [user.id]);
    await until(async () => (await status('/api/v1/admin/users')) === 403, 'the demotion to reach the guard', 10_000);
    expect(await status('/api/v1/me')).toBe(200);
  });

  it('keeps the cache exact when its notification connection drops: it reconnects and listens again', async () => {
    const listeners = () =>
      t.ds.query(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN user_access_changed'`,
      ) as Promise<{ pid: number }[]>;
    const [before] = await listeners();
    expect(before).toBeDefined();
    const user = await registerUser(t);
    await request(t.url).get('/api/v1/me').set(user.auth).expect(200);
    await t.ds.query(`SELECT pg_terminate_backend($1)`, [before.pid]);
    const [after] = await until(async () => {
      const rows = await listeners();
      return rows.length === 1 && rows[0].pid !== before.pid ? rows : undefined;
    }, 'the cache to listen again');
    expect(after.pid).not.toBe(before.pid);
    await t.ds.query(`UPDATE users SET status = 'disabled' WHERE id = $1`, [user.id]);
    await until(async () => (await request(t.url).get('/api/v1/me').set(user.auth)).status === 403, 'the refusal', 10_000);
  });

  it('seeds exactly one admin', async () => {
    const rows = await t.ds.query(`SELECT email, role FROM users WHERE role = 'admin'`);
    expect(rows).toEqual([{ email: ADMIN_EMAIL, role: 'admin' }]);
  });
});
