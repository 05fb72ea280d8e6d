import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, TestApp } from './test-app';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
}

export async function registerUser(t: TestApp, overrides: { email?: string; password?: string } = {}): Promise<TestUser> {
  const email = overrides.email ?? `user-${randomBytes(5).toString('hex')}@example.com`;
  const password = overrides.password ?? 'a-good-password';
  const res = await request(t.url).post('/api/v1/auth/register').send({ email, password }).expect(201);
  return toTestUser(res.body, email, password);
}

export async function loginAdmin(t: TestApp): Promise<TestUser> {
  const res = await request(t.url).post('/api/v1/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).expect(200);
  return toTestUser(res.body, ADMIN_EMAIL, ADMIN_PASSWORD);
}

function toTestUser(
  body: { user: { id: string }; accessToken: string; refreshToken: string },
  email: string,
  password: string,
): TestUser {
  return {
    id: body.user.id,
    email,
    password,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    auth: { Authorization: `Bearer ${body.accessToken}` },
  };
}

export async function balanceOf(t: TestApp, user: TestUser): Promise<number> {
  const res = await request(t.url).get('/api/v1/credits/balance').set(user.auth).expect(200);
  return res.body.available;
}

export interface TestApiKey {
  id: string;
  secret: string;
  auth: { Authorization: string };
  body: Record<string, unknown>;
}

/** An API key for `owner`, created by an admin (no permission needed), with the given settings. */
export async function createApiKey(
  t: TestApp,
  owner: { id: string },
  settings: Record<string, unknown> = {},
  admin?: TestUser,
): Promise<TestApiKey> {
  const asAdmin = admin ?? (await loginAdmin(t));
  const res = await request(t.url)
    .post('/api/v1/admin/api-keys')
    .set(asAdmin.auth)
    .send({ name: 'test key', userId: owner.id, ...settings })
    .expect(201);
  return { id: res.body.id, secret: res.body.secret, auth: { Authorization: `Bearer ${res.body.secret}` }, body: res.body };
}
