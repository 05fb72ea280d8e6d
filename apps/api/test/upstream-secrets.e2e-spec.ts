import { FakeUpstream, keyFingerprint, startFakeUpstream } from '@reelmeter/fake-upstream';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { freePort } from '../src/database/embedded-postgres';
import { ADMIN_EMAIL, ADMIN_PASSWORD, testEnv } from './test-app';
import { createTestDatabase, withClient } from './test-database';

const MAIN = join(__dirname, '../../../apps/api/dist/main.js');

const KEYS = {
  vivaGood: 'sk-LEAKCHECK-viva-good-7f3a9c2e1b',
  vivaUnknown: 'sk-LEAKCHECK-viva-unknown-4d8e6a',
  suchGood: 'LEAKCHECK-suchuang-good-91b2c3d4',
  suchPoor: 'LEAKCHECK-suchuang-poor-5e6f7a8b',
  suchUnknown: 'LEAKCHECK-suchuang-unknown-0c1d2e',
  rotated: 'sk-LEAKCHECK-rotated-3f4a5b6c7d',
  tooLong: `sk-LEAKCHECK-too-long-${'x'.repeat(600)}`,
};

/**
 * Upstream API keys never appear in any response, log line or error message: this drives the built
 * server (as `npm start` runs it, debug logging on) through every admin route that touches keys,
 * with good, unknown and exhausted keys in both dialects, and greps everything it produced.
 */
describe('upstream API keys never leak', () => {
  let fake: FakeUpstream;
  let server: ChildProcess;
  let output = '';
  let url: string;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    fake = await startFakeUpstream({
      timeScale: 0.001,
      keys: [
        { key: KEYS.vivaGood, balanceFen: 50_000 },
        { key: KEYS.suchGood, balanceFen: 50_000 },
        { key: KEYS.suchPoor, balanceFen: 0 },
      ],
    });
    db = await createTestDatabase();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        ...testEnv(db.url, { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'trace', SIMULATED_UPSTREAM_ENABLED: 'true' }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (c) => (output += c));
    server.stderr!.on('data', (c) => (output += c));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`server exited:\n${output}`);
      try {
        if ((await fetch(`${url}/api/health`)).ok) break;
      } catch {
        /* starting */
      }
      if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    await fake?.close();
    await db?.drop();
  });

  it('keeps every key out of responses, logs, error messages and plain database columns', async () => {
    const bodies: string[] = [];
    const call = async (r: request.Test) => {
      const res = await r;
      bodies.push(JSON.stringify({ status: res.status, headers: res.headers, body: res.body, text: res.text }));
      return res;
    };
    const login = await call(request(url).post('/api/v1/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }));
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };

    const create = (name: string, provider: string, apiKey: string, extra: object = {}) =>
      call(
        request(url)
          .post('/api/v1/admin/provider-accounts')
          .set(auth)
          .send({ provider, name, baseUrl: fake.url, apiKey, ...extra }),
      );
    const ids: string[] = [];
    for (const [name, provider, key] of [
      ['viva good', 'vivaapi', KEYS.vivaGood],
      ['viva unknown', 'vivaapi', KEYS.vivaUnknown],
      ['such good', 'suchuang', KEYS.suchGood],
      ['such poor', 'suchuang', KEYS.suchPoor],
      ['such unknown', 'suchuang', KEYS.suchUnknown],
    ]) {
      const res = await create(name, provider, key);
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    // Rejected creations: a duplicate name, a key that is too long, a bad URL.
    expect((await create('viva good', 'vivaapi', KEYS.vivaGood)).status).toBe(409);
    expect((await create('too long', 'vivaapi', KEYS.tooLong)).status).toBe(400);
    expect((await create('bad url', 'vivaapi', KEYS.vivaGood, { baseUrl: `ftp://${KEYS.vivaGood}` })).status).toBe(400);

    for (const id of ids) await call(request(url).post(`/api/v1/admin/provider-accounts/${id}/test`).set(auth));
    const check = await call(request(url).post('/api/v1/admin/provider-accounts/balance-check').set(auth));
    expect(
      check.body.items
        .filter((i: { ok: boolean }) => !i.ok)
        .map((i: { errorKind: string }) => i.errorKind)
        .sort(),
    ).toEqual(['invalid_key', 'invalid_key']);
    await call(request(url).patch(`/api/v1/admin/provider-accounts/${ids[1]}`).set(auth).send({ apiKey: KEYS.rotated }));
    await call(request(url).post(`/api/v1/admin/provider-accounts/${ids[1]}/test`).set(auth));
    await call(
      request(url).post(`/api/v1/admin/provider-accounts/${ids[0]}/topups`).set(auth).send({ amountFen: 100, note: 'n' }),
    );
    await call(request(url).get(`/api/v1/admin/provider-accounts/${ids[0]}/balance-history`).set(auth));
    const list = await call(request(url).get('/api/v1/admin/provider-accounts').set(auth));
    for (const id of ids) await call(request(url).get(`/api/v1/admin/provider-accounts/${id}`).set(auth));
    await call(request(url).delete(`/api/v1/admin/provider-accounts/${ids[4]}`).set(auth));

    // The keys were really used: the fake saw each of them (by fingerprint), and statuses followed.
    const seen = new Set(fake.requests().map((r) => r.keyFingerprint));
    for (const key of [KEYS.vivaGood, KEYS.vivaUnknown, KEYS.suchGood, KEYS.suchPoor, KEYS.suchUnknown, KEYS.rotated]) {
      expect(seen).toContain(keyFingerprint(key));
    }
    const byName = Object.fromEntries(list.body.items.map((a: { name: string; status: string }) => [a.name, a.status]));
    expect(byName).toMatchObject({ 'viva good': 'active', 'such unknown': 'disabled', 'Simulated upstream': 'active' });
    expect(output).toMatch(/balance check failed/);
    expect(output).toContain('/api/v1/admin/provider-accounts');

    const dump = await withClient(db.url, async (c) => {
      const tables = ['upstream_accounts', 'upstream_usage_records', 'upstream_balance_snapshots', 'upstream_topups', 'settings'];
      const parts: string[] = [];
      for (const table of tables) parts.push(JSON.stringify((await c.query(`SELECT * FROM ${table}`)).rows));
      return parts.join('\n');
    });
    expect(dump).toContain('v1.');

    const haystacks = { responses: bodies.join('\n'), logs: output, database: dump, fakeLog: JSON.stringify(fake.requests()) };
    for (const [where, text] of Object.entries(haystacks)) {
      for (const [name, key] of Object.entries(KEYS)) {
        const needle = name === 'tooLong' ? key.slice(0, 40) : key;
        expect({ where, name, leaked: text.includes(needle) }).toEqual({ where, name, leaked: false });
      }
      expect({ where, leaked: /LEAKCHECK/.test(text) }).toEqual({ where, leaked: false });
    }
  });
});
