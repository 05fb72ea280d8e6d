import { FakeUpstream, startFakeUpstream } from '@reelmeter/fake-upstream';
import { createApiKey, loginAdmin, registerUser, TestApiKey, TestUser } from '../factories';
import { FakeAlipay, FakeWechatPay, WECHAT_APIV3_KEY } from '../fake-gateways';
import { ADMIN_PASSWORD, createTestApp, TestApp } from '../test-app';
import { fillPath, Route, routes, validValue } from './openapi-model';
import { prng, SEED } from './soak';

/**
 * Authorization matrix: every route of docs/openapi.json × {anonymous, user A, user B, A's API key,
 * an API key of the admin, admin}. Path ids point at A's own things (video, order, key, ledger entry)
 * or real admin objects, and bodies are valid, so a refusal is the guard's and never a 400/404 that
 * would hide a missing check. Nobody gets a 2xx they are not entitled to; B never sees anything of A's;
 * and no response body, whoever asked, carries a secret.
 */
type Who = 'anonymous' | 'userA' | 'userB' | 'keyA' | 'adminKey' | 'admin';
const EVERYONE: Who[] = ['anonymous', 'userA', 'userB', 'keyA', 'adminKey', 'admin'];
const FAKE_ID = '00000000-0000-4000-8000-000000000000';

interface Reply {
  status: number;
  body: string;
}

describe('authorization matrix over every OpenAPI route', () => {
  let t: TestApp;
  let fake: FakeUpstream;
  let alipay: FakeAlipay;
  let wechat: FakeWechatPay;
  let admin: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  let keyA: TestApiKey;
  let adminKey: TestApiKey;
  const upstreamKey = 'sk-authz-upstream-key-0123456789abcdef';
  const secrets = new Map<string, string>();
  const ids: Record<string, string> = {};
  const aliceMarkers: string[] = [];
  /** Responses where a secret may appear once: the creation that hands it out. */
  const handedOut = new Set<string>();

  beforeAll(async () => {
    fake = await startFakeUpstream({ seed: 5, timeScale: 1, scenario: { queueMs: [600_000, 600_000] } });
    alipay = await new FakeAlipay().start();
    wechat = await new FakeWechatPay().start();
    t = await createTestApp({ SIMULATED_UPSTREAM_ENABLED: 'false', ...alipay.env(), ...wechat.env() });
    admin = await loginAdmin(t);
    alice = await registerUser(t);
    bob = await registerUser(t);
    const keySettings = { rateLimitMaxRequests: 100_000, rateLimitWindowSeconds: 60 };
    keyA = await createApiKey(t, alice, keySettings, admin);
    adminKey = await createApiKey(t, admin, keySettings, admin);
    fake.upsertKey({ key: upstreamKey, balanceFen: 1_000_000 });

    const http = t.http;
    const account = await http()
      .post('/api/v1/admin/provider-accounts')
      .set(admin.auth)
      .send({ provider: 'vivaapi', name: 'authz', baseUrl: fake.url, apiKey: upstreamKey })
      .expect(201);
    const group = await http().post('/api/v1/admin/provider-groups').set(admin.auth).send({ name: 'authz-group' }).expect(201);
    const channel = await http()
      .post('/api/v1/admin/alert-channels')
      .set(admin.auth)
      .send({ type: 'webhook', name: 'authz hook', url: 'http://127.0.0.1:9/hook' })
      .expect(201);
    expect(channel.body.secret).toBeTruthy();
    const batch = await http()
      .post('/api/v1/admin/redeem-batches')
      .set(admin.auth)
      .send({ name: 'authz batch', count: 2, credits: 5 })
      .expect(201);
    const packages = await http().get('/api/v1/packages').expect(200);
    const video = await http()
      .post('/api/v1/videos')
      .set(keyA.auth)
      .set('Idempotency-Key', 'authz-video-a')
      .send({ prompt: "alice's private prompt", model: 'veo3', durationSeconds: 8, orientation: 'landscape' })
      .expect(202);
    const order = await http()
      .post('/api/v1/orders')
      .set(alice.auth)
      .send({ packageId: packages.body[0].id, channel: 'sandbox' })
      .expect(201);
    const ledger = await http().get('/api/v1/credits/ledger').set(alice.auth).expect(200);
    const runs = await http().get('/api/v1/admin/scheduled-runs').set(admin.auth).expect(200);
    const rules = await http().get('/api/v1/admin/alert-rules').set(admin.auth).expect(200);

    Object.assign(ids, {
      video: video.body.id,
      order: order.body.id,
      apiKey: keyA.id,
      ledger: ledger.body.items[0].id,
      account: account.body.id,
      group: group.body.id,
      channel: channel.body.id,
      batch: batch.body.id,
      package: packages.body[0].id,
      job: runs.body.jobs[0].name,
      rule: rules.body[0]?.key ?? rules.body.items?.[0]?.key,
    });
    aliceMarkers.push(alice.id, alice.email, ids.video, ids.order, ids.apiKey, "alice's private prompt");

    const users: { password_hash: string }[] = await t.ds.query(`SELECT password_hash FROM users`);
    users.forEach((u, i) => secrets.set(`password hash ${i}`, u.password_hash));
    secrets.set('admin password', ADMIN_PASSWORD);
    secrets.set('user password', alice.password);
    secrets.set('upstream API key', upstreamKey);
    secrets.set('upstream encryption key', t.config.upstream.secretKey.toString('base64'));
    secrets.set('JWT secret', 'test-secret-that-is-long-enough-for-hs256-0123456789');
    secrets.set('webhook secret', channel.body.secret);
    secrets.set('API key secret A', keyA.secret);
    secrets.set('API key secret admin', adminKey.secret);
    secrets.set('private key PEM', 'PRIVATE KEY');
    secrets.set('Alipay app private key', pemCore(alipay.app.privatePem));
    secrets.set('WeChat merchant private key', pemCore(wechat.merchant.privatePem));
    secrets.set('WeChat APIv3 key', WECHAT_APIV3_KEY);
    handedOut.add('webhook secret').add('API key secret A').add('API key secret admin');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await fake?.close();
    await alipay?.stop();
    await wechat?.stop();
  });

  /** A run of base64 from the middle of a PEM: enough to recognise the key, short enough to survive reformatting. */
  function pemCore(pem: string): string {
    return pem.split('\n')[5].slice(0, 40);
  }

  function pathValues(route: Route): Record<string, string> {
    const p = route.path;
    const id = /\/videos\//.test(p)
      ? ids.video
      : /\/orders\/|\/sandbox\//.test(p)
        ? ids.order
        : /\/api-keys\//.test(p)
          ? ids.apiKey
          : /\/credits\/ledger\//.test(p)
            ? ids.ledger
            : /\/users\//.test(p)
              ? alice.id
              : /\/provider-accounts\//.test(p)
                ? ids.account
                : /\/provider-groups\//.test(p)
                  ? ids.group
                  : /\/alert-channels\//.test(p)
                    ? ids.channel
                    : /\/redeem-batches\//.test(p)
                      ? ids.batch
                      : /\/packages\//.test(p)
                        ? ids.package
                        : FAKE_ID;
    return { id, orderId: ids.order, name: ids.job, key: ids.rule, date: new Date().toISOString().slice(0, 10) };
  }

  function headersFor(who: Who): Record<string, string> {
    switch (who) {
      case 'anonymous':
        return {};
      case 'userA':
        return alice.auth;
      case 'userB':
        return bob.auth;
      case 'keyA':
        return keyA.auth;
      case 'adminKey':
        return adminKey.auth;
      case 'admin':
        return admin.auth;
    }
  }

  let seq = 0;
  async function call(route: Route, who: Who, body: unknown): Promise<Reply> {
    const url = `${t.url}${fillPath(route.path, pathValues(route))}`;
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 15_000);
    try {
      const res = await fetch(url, {
        method: route.method.toUpperCase(),
        headers: {
          ...headersFor(who),
          'Idempotency-Key': `authz-${++seq}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: ac.signal,
      });
      // A stream (SSE) that opened is an answer: its status is what matters.
      const text = (res.headers.get('content-type') ?? '').includes('text/event-stream') ? '' : await res.text();
      if (!text) await res.body?.cancel().catch(() => undefined);
      return { status: res.status, body: text };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Who may get a 2xx from this route (on A's objects, where the path names one). */
  function entitled(route: Route): Who[] {
    if (route.auth === 'public') return EVERYONE;
    if (route.method === 'delete' && route.path === '/api/v1/credits/ledger/{id}') return [];
    if (route.admin) return ['admin'];
    const ownsPath = /\{/.test(route.path);
    if (route.auth === 'keyOnly') return ['keyA', 'adminKey'];
    const principals: Who[] = route.auth === 'key' ? ['userA', 'keyA'] : ['userA'];
    // Routes without a path id act on the caller's own data: B, the admin and the admin's key are
    // callers like any other there. Routes with a path id name A's object: only A may.
    if (!ownsPath) principals.push('userB', 'admin', ...(route.auth === 'key' ? (['adminKey'] as Who[]) : []));
    return principals;
  }

  /** How a refusal looks: 401 without credentials, 403 for the wrong role, 404 for someone else's object. */
  function expectedRefusal(route: Route, who: Who): number[] {
    if (who === 'anonymous') return [401];
    if (route.admin) return who === 'userA' || who === 'userB' ? [403] : [401, 403];
    // /key-usage answers a user token with 400 "call this route with the API key itself".
    if (route.auth === 'keyOnly') return [400, 401, 403];
    if ((who === 'keyA' || who === 'adminKey') && route.auth === 'bearer') return [401, 403];
    return [403, 404];
  }

  const findings: string[] = [];
  function scan(label: string, reply: Reply, who: Who, allowHandedOut: boolean) {
    for (const [name, secret] of secrets) {
      if (allowHandedOut && handedOut.has(name)) continue;
      if (secret && reply.body.includes(secret)) findings.push(`${label}: response carries the ${name}`);
    }
    if (/\$2[aby]\$\d\d\$/.test(reply.body)) findings.push(`${label}: response carries a bcrypt hash`);
    if (who === 'userB' && reply.status < 300) {
      for (const marker of aliceMarkers) if (reply.body.includes(marker)) findings.push(`${label}: B sees A's ${marker}`);
    }
  }

  const ordered = [...routes].sort((a, b) => Number(a.method === 'delete') - Number(b.method === 'delete'));

  it('covers every route of the OpenAPI document', () => {
    expect(ordered.length).toBeGreaterThanOrEqual(90);
    expect(ordered.filter((r) => r.auth === 'key').length).toBeGreaterThanOrEqual(10);
  });

  it('grants no unauthorized success and returns no secret, for any route and caller', async () => {
    const rand = prng(SEED);
    const unauthorized: string[] = [];
    for (const route of ordered) {
      const allowed = entitled(route);
      const body = route.body ? validValue(route.body, rand) : route.method === 'get' ? undefined : {};
      for (const who of EVERYONE) {
        const label = `${route.method.toUpperCase()} ${route.path} as ${who}`;
        const mayCall = allowed.includes(who);
        // Entitled callers only read: their writes are each module's own tests.
        if (mayCall && route.method !== 'get') continue;
        const reply = await call(route, who, body);
        scan(label, reply, who, false);
        if (reply.status >= 500) findings.push(`${label}: ${reply.status} ${reply.body.slice(0, 200)}`);
        if (!mayCall && reply.status < 400) unauthorized.push(`${label}: ${reply.status} ${reply.body.slice(0, 200)}`);
        if (mayCall || reply.status < 400) continue;
        if (!expectedRefusal(route, who).includes(reply.status)) {
          unauthorized.push(`${label}: ${reply.status}, expected one of ${expectedRefusal(route, who).join('/')}`);
        }
      }
    }
    expect(unauthorized).toEqual([]);
    expect(findings).toEqual([]);
  }, 300_000);

  it("leaves A's things as they were after B, the keys and anonymous callers tried everything", async () => {
    const key = await t.http().get(`/api/v1/api-keys/${ids.apiKey}`).set(alice.auth).expect(200);
    expect(key.body.status).toBe('active');
    expect(key.body.name).toBe('test key');
    const video = await t.http().get(`/api/v1/videos/${ids.video}`).set(alice.auth).expect(200);
    expect(video.body.status).not.toBe('canceled');
    const order = await t.http().get(`/api/v1/orders/${ids.order}`).set(alice.auth).expect(200);
    expect(order.body.status).toBe('pending');
    const users = await t.ds.query(`SELECT role FROM users WHERE id = ANY($1)`, [[alice.id, bob.id]]);
    expect(users.map((u: { role: string }) => u.role)).toEqual(['user', 'user']);
  });

  it('hands a secret out once, at creation, and never again', async () => {
    const created = await t
      .http()
      .post('/api/v1/admin/api-keys')
      .set(admin.auth)
      .send({ name: 'shown once', userId: bob.id })
      .expect(201);
    const secret: string = created.body.secret;
    expect(secret).toBeTruthy();
    const later = [
      await t.http().get('/api/v1/admin/api-keys').set(admin.auth),
      await t.http().get(`/api/v1/admin/api-keys/${created.body.id}`).set(admin.auth),
      await t.http().get('/api/v1/api-keys').set(bob.auth),
      await t.http().get(`/api/v1/api-keys/${created.body.id}`).set(bob.auth),
      await t.http().patch(`/api/v1/api-keys/${created.body.id}`).set(bob.auth).send({ name: 'renamed' }),
      await t
        .http()
        .get('/api/v1/key-usage')
        .set({ Authorization: `Bearer ${secret}` }),
      await t.http().get('/api/v1/admin/alert-channels').set(admin.auth),
      await t.http().get(`/api/v1/admin/alert-channels/${ids.channel}`).set(admin.auth),
      await t.http().patch(`/api/v1/admin/alert-channels/${ids.channel}`).set(admin.auth).send({ name: 'renamed hook' }),
      await t.http().get(`/api/v1/admin/provider-accounts/${ids.account}`).set(admin.auth),
      await t.http().patch(`/api/v1/admin/provider-accounts/${ids.account}`).set(admin.auth).send({ priority: 3 }),
    ];
    for (const res of later) {
      expect(res.status).toBeLessThan(300);
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secrets.get('webhook secret'));
      expect(text).not.toContain(upstreamKey);
    }
  });
});
