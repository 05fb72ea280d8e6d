import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { balanceOf, loginAdmin, registerUser, TestUser } from './factories';
import { createTestApp, TestApp } from './test-app';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const openapi = JSON.parse(readFileSync(join(__dirname, '../../../docs/openapi.json'), 'utf8')) as {
  paths: Record<string, Partial<Record<Method, { security?: unknown[] }>>>;
};
const FAKE_ID = '00000000-0000-4000-8000-000000000000';

function routes(filter: (path: string) => boolean): [Method, string][] {
  return Object.entries(openapi.paths)
    .filter(([path]) => filter(path))
    .flatMap(([path, ops]) =>
      (Object.keys(ops) as Method[]).map((m): [Method, string] => [m, path.replace(/\{[^}]+\}/g, FAKE_ID)]),
    );
}

describe('authorization', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    alice = await registerUser(t);
    bob = await registerUser(t);
  });
  afterAll(() => t.close());

  const adminRoutes = routes((p) => p.startsWith('/api/v1/admin/'));

  it('knows the admin routes from the OpenAPI document', () => {
    expect(adminRoutes.length).toBeGreaterThanOrEqual(6);
  });

  it.each(adminRoutes)('%s %s: 403 for a user, 401 anonymous', async (method, path) => {
    const asUser = await request(t.url)[method](path).set(alice.auth).send({});
    expect(asUser.status).toBe(403);
    expect(asUser.body.code).toBe('FORBIDDEN');
    const anonymous = await request(t.url)[method](path).send({});
    expect(anonymous.status).toBe(401);
  });

  it('requires credentials on every non-public route', async () => {
    const open = new Set([
      '/api/health',
      '/api/health/live',
      '/api/health/ready',
      // guarded separately (loopback or METRICS_TOKEN): see metrics.e2e-spec.ts
      '/api/metrics',
      '/api/v1/auth/register',
      '/api/v1/auth/login',
      '/api/v1/auth/refresh',
      // payments: the price list, and gateway notifications (authenticated by their signatures)
      '/api/v1/packages',
      '/api/v1/payments/channels',
      '/api/v1/payments/alipay/notify',
      '/api/v1/payments/wechat/notify',
      '/api/v1/payments/sandbox/notify',
      '/api/v1/payments/sandbox/{orderId}/pay',
      // the status banner (SPEC S15: public)
      '/api/v1/system/status',
    ]);
    for (const [method, path] of routes((p) => !open.has(p))) {
      const res = await request(t.url)[method](path).send({});
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 401 });
    }
  });

  it("never lets one user read or spend another user's credits", async () => {
    await request(t.url).post('/api/v1/credits/consume').set(alice.auth).send({ amount: 20, action: 'video' }).expect(200);
    const bobsView = await request(t.url).get('/api/v1/credits/ledger').set(bob.auth).expect(200);
    expect(bobsView.body.items.every((e: { referenceId: string | null }) => e.referenceId !== alice.id)).toBe(true);
    expect(bobsView.body.items).toHaveLength(1);
    await request(t.url).get(`/api/v1/admin/users/${alice.id}/ledger`).set(bob.auth).expect(403);
    // A user id in the body is not a way to act as someone else.
    await request(t.url)
      .post('/api/v1/credits/consume')
      .set(bob.auth)
      .send({ amount: 1, action: 'video', userId: alice.id })
      .expect(400);
    expect(await balanceOf(t, alice)).toBe(500);
    expect(await balanceOf(t, bob)).toBe(520);
  });

  it('lets an admin through', async () => {
    const admin = await loginAdmin(t);
    await request(t.url).get('/api/v1/admin/users').set(admin.auth).expect(200);
    await request(t.url).get(`/api/v1/admin/users/${alice.id}/ledger`).set(admin.auth).expect(200);
  });
});
