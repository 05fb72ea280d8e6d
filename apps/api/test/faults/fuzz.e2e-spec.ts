import { verifyLedger } from '../../src/credits/ledger-verifier';
import { createApiKey, loginAdmin, registerUser, TestApiKey, TestUser } from '../factories';
import { FakeAlipay, FakeWechatPay } from '../fake-gateways';
import { createTestApp, TestApp } from '../test-app';
import {
  BAD_PATH_IDS,
  BAD_RAW_BODIES,
  fillPath,
  garbageBody,
  garbageValue,
  int,
  pick,
  Route,
  routes,
  uuidFrom,
  validValue,
} from './openapi-model';
import { prng, SEED, size } from './soak';

/**
 * Fuzz over every route of docs/openapi.json: schema-aware valid-ish requests and garbage (wrong
 * types, huge strings, odd unicode, negative/huge numbers, extra fields, broken JSON, bad ids in
 * paths, bad query strings, junk credentials), one at a time, from a seeded PRNG. No answer may be a
 * 5xx, every JSON error has the shared shape, and a refused request changes no balance and no ledger
 * (the video worker and the scheduler are off, so only the request itself can write). Fast: 1,000
 * requests; soak: 12,000.
 */
const REQUESTS = size(1000, 12_000);

type Caller = 'anonymous' | 'user' | 'key' | 'admin' | 'junk';

interface Sent {
  route: Route;
  mode: string;
  caller: Caller;
  url: string;
  body?: string;
  contentType?: string;
}

describe(`fuzz over every OpenAPI route (${REQUESTS} requests, seed ${SEED})`, () => {
  let t: TestApp;
  let alipay: FakeAlipay;
  let wechat: FakeWechatPay;
  let admin: TestUser;
  let user: TestUser;
  let key: TestApiKey;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    alipay = await new FakeAlipay().start();
    wechat = await new FakeWechatPay().start();
    t = await createTestApp({ ...alipay.env(), ...wechat.env(), VIDEO_WORKER_ENABLED: 'false' });
    admin = await loginAdmin(t);
    user = await registerUser(t);
    key = await createApiKey(t, user, { rateLimitMaxRequests: 1_000_000, rateLimitWindowSeconds: 60 }, admin);
    const http = t.http;
    const packages = await http().get('/api/v1/packages').expect(200);
    const video = await http()
      .post('/api/v1/videos')
      .set(user.auth)
      .send({ prompt: 'fuzz target', model: 'veo3', durationSeconds: 8, orientation: 'landscape' })
      .expect(202);
    const order = await http()
      .post('/api/v1/orders')
      .set(user.auth)
      .send({ packageId: packages.body[0].id, channel: 'sandbox' })
      .expect(201);
    const group = await http().post('/api/v1/admin/provider-groups').set(admin.auth).send({ name: 'fuzz-group' }).expect(201);
    const accounts = await http().get('/api/v1/admin/provider-accounts').set(admin.auth).expect(200);
    const channel = await http()
      .post('/api/v1/admin/alert-channels')
      .set(admin.auth)
      .send({ type: 'webhook', name: 'fuzz hook', url: 'http://127.0.0.1:9/hook' })
      .expect(201);
    const batch = await http()
      .post('/api/v1/admin/redeem-batches')
      .set(admin.auth)
      .send({ name: 'fuzz batch', count: 3, credits: 5 })
      .expect(201);
    const ledger = await http().get('/api/v1/credits/ledger').set(user.auth).expect(200);
    const runs = await http().get('/api/v1/admin/scheduled-runs').set(admin.auth).expect(200);
    Object.assign(ids, {
      video: video.body.id,
      order: order.body.id,
      apiKey: key.id,
      ledger: String(ledger.body.items[0].id),
      account: (accounts.body.items ?? accounts.body)[0]?.id ?? uuidFrom(Math.random),
      group: group.body.id,
      channel: channel.body.id,
      batch: batch.body.id,
      package: packages.body[0].id,
      job: runs.body.jobs[0].name,
    });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await alipay?.stop();
    await wechat?.stop();
  });

  function realId(route: Route, name: string): string {
    const p = route.path;
    if (name === 'orderId') return ids.order;
    if (name === 'name') return ids.job;
    if (name === 'key') return 'upstream.low_balance';
    if (name === 'date') return new Date().toISOString().slice(0, 10);
    if (/\/videos\//.test(p)) return ids.video;
    if (/\/orders\//.test(p)) return ids.order;
    if (/\/api-keys\//.test(p)) return ids.apiKey;
    if (/\/credits\/ledger\//.test(p)) return ids.ledger;
    if (/\/users\//.test(p)) return user.id;
    if (/\/provider-accounts\//.test(p)) return ids.account;
    if (/\/provider-groups\//.test(p)) return ids.group;
    if (/\/alert-channels\//.test(p)) return ids.channel;
    if (/\/redeem-batches\//.test(p)) return ids.batch;
    if (/\/packages\//.test(p)) return ids.package;
    return uuidFrom(Math.random);
  }

  function authFor(caller: Caller, rand: () => number): Record<string, string> {
    switch (caller) {
      case 'anonymous':
        return {};
      case 'user':
        return user.auth;
      case 'key':
        return key.auth;
      case 'admin':
        return admin.auth;
      case 'junk':
        return {
          Authorization: pick(rand, [
            'Bearer ',
            'Bearer rm_',
            `Bearer rm_${'A'.repeat(500)}`,
            'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.',
            `Bearer ${admin.accessToken.slice(0, -4)}AAAA`,
            'Basic YWRtaW46YWRtaW4=',
            'Bearer null',
            `Bearer ${'x'.repeat(8000)}`,
            'bearer  rm_00000000',
          ]),
        };
    }
  }

  function build(route: Route, rand: () => number): Sent {
    const caller: Caller =
      route.auth === 'public'
        ? pick(rand, ['anonymous', 'user', 'junk'] as Caller[])
        : route.admin
          ? pick(rand, ['admin', 'admin', 'admin', 'user', 'key', 'junk'] as Caller[])
          : pick(rand, ['user', 'user', 'key', 'key', 'admin', 'anonymous', 'junk'] as Caller[]);
    const r = rand();
    const mode = r < 0.3 ? 'valid' : r < 0.6 ? 'garbage-body' : r < 0.7 ? 'raw-body' : r < 0.85 ? 'bad-path' : 'bad-query';
    const pathValues: Record<string, string> = {};
    for (const p of route.pathParams) {
      pathValues[p.name] = mode === 'bad-path' ? pick(rand, BAD_PATH_IDS) : rand() < 0.8 ? realId(route, p.name) : uuidFrom(rand);
    }
    let path = fillPath(route.path, pathValues);
    if (mode === 'bad-path' && route.pathParams.length)
      path = path.replace(encodeURIComponent(pathValues[route.pathParams[0].name]), pick(rand, BAD_PATH_IDS));
    const query = new URLSearchParams();
    for (const q of route.queryParams) {
      if (mode === 'bad-query') {
        if (rand() < 0.7) query.set(q.name, String(garbageValue(q.schema, rand)).slice(0, 3000));
      } else if (rand() < 0.4) {
        query.set(q.name, String(validValue(q.schema, rand)));
      }
    }
    if (mode === 'bad-query' && rand() < 0.3)
      query.set(pick(rand, ['userId', 'limit', 'cursor', '__proto__', 'x']), pick(rand, ['-1', '1e9', 'ÿ', '[]']));
    const qs = query.toString();
    const url = `${t.url}${path}${qs ? `?${qs}` : ''}`;

    let body: string | undefined;
    let contentType: string | undefined;
    if (route.method !== 'get') {
      contentType = 'application/json';
      if (mode === 'raw-body') {
        body = pick(rand, BAD_RAW_BODIES);
        if (rand() < 0.2)
          contentType = pick(rand, [
            'text/plain',
            'application/xml',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
          ]);
      } else if (mode === 'garbage-body') {
        body = JSON.stringify(route.body ? garbageBody(route.body, rand) : garbageValue(undefined, rand));
      } else if (route.body) {
        body = JSON.stringify(validValue(route.body, rand));
      }
      if (route.bodyType === 'application/x-www-form-urlencoded' && rand() < 0.5) {
        contentType = route.bodyType;
        body = new URLSearchParams({ out_trade_no: String(garbageValue(undefined, rand)).slice(0, 200), sign: 'x' }).toString();
      }
    }
    return { route, mode, caller, url, body, contentType };
  }

  async function send(sent: Sent, rand: () => number): Promise<{ status: number; text: string; json: boolean }> {
    const headers: Record<string, string> = { ...authFor(sent.caller, rand) };
    if (sent.contentType) headers['content-type'] = sent.contentType;
    if (sent.route.method !== 'get' && rand() < 0.5) {
      headers['Idempotency-Key'] = pick(rand, [
        `fuzz-${int(rand, 0, 50)}`,
        '',
        ' ',
        'k'.repeat(300),
        '../../x',
        `${uuidFrom(rand)}`,
      ]);
    }
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 20_000);
    try {
      const res = await fetch(sent.url, { method: sent.route.method.toUpperCase(), headers, body: sent.body, signal: ac.signal });
      const type = res.headers.get('content-type') ?? '';
      if (type.includes('text/event-stream')) {
        await res.body?.cancel().catch(() => undefined);
        return { status: res.status, text: '', json: false };
      }
      return { status: res.status, text: await res.text(), json: type.includes('application/json') };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Everything that moves money: if this changes, a request wrote to the books. */
  async function books(): Promise<string> {
    const [row] = await t.ds.query(
      `SELECT (SELECT count(*) FROM credit_ledger_entries)::text AS entries,
              (SELECT coalesce(sum(amount), 0) FROM credit_ledger_entries)::text AS amount,
              (SELECT coalesce(sum(available), 0) FROM credit_accounts)::text AS available,
              (SELECT count(*) FROM credit_accounts)::text AS accounts,
              (SELECT count(*) FROM payment_orders WHERE status <> 'pending')::text AS settled_orders`,
    );
    return JSON.stringify(row);
  }

  it(
    'never answers 5xx, keeps the error shape, and a refused request changes no balance or ledger',
    async () => {
      const rand = prng(SEED);
      const serverErrors: string[] = [];
      const badShape: string[] = [];
      const moved: string[] = [];
      const statuses = new Map<number, number>();
      const perRoute = new Map<string, number>();
      // Nothing but the requests writes (workers and scheduler off), so one request's "after" is the next one's "before".
      let before = await books();
      for (let i = 0; i < REQUESTS; i++) {
        const route = routes[i % routes.length];
        const sent = build(route, rand);
        const res = await send(sent, rand);
        const after = await books();
        const label = `#${i} ${route.method.toUpperCase()} ${sent.url.replace(t.url, '').slice(0, 160)} [${sent.mode}, ${sent.caller}]`;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        perRoute.set(`${route.method} ${route.path}`, (perRoute.get(`${route.method} ${route.path}`) ?? 0) + 1);
        if (res.status >= 500)
          serverErrors.push(`${label}: ${res.status} ${res.text.slice(0, 300)} body=${(sent.body ?? '').slice(0, 200)}`);
        if (res.status >= 400 && before !== after) moved.push(`${label}: ${res.status} moved the books ${before} → ${after}`);
        // Gateway notification endpoints answer in the gateway's own shape ({ code: 'FAIL', message }).
        if (res.status >= 400 && res.json && !/\/payments\/(wechat|sandbox)\/notify$/.test(route.path)) {
          const body = JSON.parse(res.text) as { statusCode?: number; code?: unknown; message?: unknown };
          if (body.statusCode !== res.status || typeof body.code !== 'string' || typeof body.message !== 'string') {
            badShape.push(`${label}: ${res.status} ${res.text.slice(0, 200)}`);
          }
        }
        // Maintenance is a designed 503 for everyone after it: the fuzz switches it straight back off.
        if (route.path === '/api/v1/admin/system/status' && route.method === 'put' && res.status < 300) {
          await t.http().put('/api/v1/admin/system/status').set(admin.auth).send({ maintenance: false }).expect(200);
        }
        before = after;
      }
      expect(serverErrors).toEqual([]);
      expect(moved).toEqual([]);
      expect(badShape).toEqual([]);
      // Every route was tried, and the fuzz got past validation and the guards some of the time.
      expect(perRoute.size).toBe(routes.length);
      expect([...statuses.keys()].some((s) => s >= 200 && s < 300)).toBe(true);
      expect(statuses.get(400) ?? 0).toBeGreaterThan(REQUESTS / 10);
      expect((await verifyLedger(t.ds)).problems).toEqual([]);
    },
    REQUESTS * 200,
  );
});
