import { FakeUpstream, startFakeUpstream } from '@reelmeter/fake-upstream';
import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { verifyLedger } from '../src/credits/ledger-verifier';
import { JobScheduler } from '../src/scheduler/job-scheduler.service';
import { balanceOf, createApiKey, loginAdmin, registerUser, TestUser } from './factories';
import { createTestApp, TestApp } from './test-app';
import { until } from './until';

const FAST = {
  SIMULATED_UPSTREAM_ENABLED: 'false',
  UPSTREAM_RETRY_BASE_MS: '1',
  UPSTREAM_MAX_RETRIES: '2',
  VIDEO_POLL_INITIAL_MS: '20',
  VIDEO_POLL_MAX_MS: '100',
  VIDEO_POLL_TICK_MS: '20',
  VIDEO_SSE_POLL_MS: '100',
};

interface SseEvent {
  event: string;
  data: { status: string; progress: number; resultUrl: string | null };
}

/** Reads a Server-Sent Events stream until the server ends it. */
function readSse(
  url: string,
  auth: Record<string, string>,
): Promise<{ status: number; events: SseEvent[]; contentType: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { ...auth, Accept: 'text/event-stream' } }, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (buf += c));
      res.on('end', () => {
        const events = buf
          .split('\n\n')
          .map((block) => {
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            return event && data ? { event, data: JSON.parse(data) } : undefined;
          })
          .filter((e): e is SseEvent => e !== undefined);
        resolve({ status: res.statusCode ?? 0, events, contentType: String(res.headers['content-type']) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('video jobs through the pipeline against the fake upstream over HTTP', () => {
  let t: TestApp;
  let fake: FakeUpstream;
  let admin: TestUser;
  let accountKey: string;
  let accountId: string;

  beforeAll(async () => {
    t = await createTestApp(FAST);
    fake = await startFakeUpstream({ seed: 5, timeScale: 0.001, pricesFen: { veo3: 110 } });
    admin = await loginAdmin(t);
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });
  beforeEach(async () => {
    await t.ds.query(`UPDATE upstream_accounts SET deleted_at = now(), status = 'disabled' WHERE deleted_at IS NULL`);
    await t.ds.query(`DELETE FROM upstream_sticky_routes`);
    fake.reset();
    accountKey = `sk-video-${Math.random().toString(36).slice(2)}`;
    fake.upsertKey({ key: accountKey, balanceFen: 100_000 });
    accountId = await addAccount(accountKey);
  });

  async function addAccount(key: string, body: Record<string, unknown> = {}): Promise<string> {
    const res = await request(t.url)
      .post('/api/v1/admin/provider-accounts')
      .set(admin.auth)
      .send({ provider: 'vivaapi', name: `acc-${Math.random().toString(36).slice(2)}`, baseUrl: fake.url, apiKey: key, ...body })
      .expect(201);
    return res.body.id;
  }

  const submit = (user: { auth: Record<string, string> }, prompt: string, key?: string) =>
    request(t.url)
      .post('/api/v1/videos')
      .set(user.auth)
      .set(key ? { 'Idempotency-Key': key } : {})
      .send({ prompt, model: 'veo3', durationSeconds: 8, orientation: 'landscape' });

  const terminal = (user: TestUser, id: string) =>
    until(async () => {
      const res = await request(t.url).get(`/api/v1/videos/${id}`).set(user.auth).expect(200);
      return ['succeeded', 'failed', 'canceled'].includes(res.body.status) ? res.body : undefined;
    }, `job ${id} to end`);

  const ledgerOf = async (userId: string, jobId: string) =>
    (await t.ds.query(
      `SELECT kind, amount FROM credit_ledger_entries WHERE user_id = $1 AND reference_type = 'video_job' AND reference_id = $2 ORDER BY id`,
      [userId, jobId],
    )) as { kind: string; amount: string }[];

  it('GET /pricing lists the seeded prices (veo3 8 s = 15) and the paid actions', async () => {
    const user = await registerUser(t);
    const res = await request(t.url).get('/api/v1/pricing').set(user.auth).expect(200);
    expect(res.body.videos).toEqual(expect.arrayContaining([{ model: 'veo3', durationSeconds: 8, credits: 15, active: true }]));
    expect(res.body.actions).toEqual(
      expect.arrayContaining([
        { action: 'script', credits: 10, active: true },
        { action: 'character', credits: 5, active: true },
      ]),
    );
  });

  it('happy path: 202, SSE shows progress until succeeded, charged once, upstream usage and cost recorded', async () => {
    // Generation long enough (≈2 s real) that polls see intermediate progress even on a loaded machine.
    fake.setScenario({ generationMs: [2_000_000, 2_000_000] });
    const user = await registerUser(t);
    const start = await balanceOf(t, user);
    const created = await submit(user, 'a lighthouse at dawn', 'happy-1').expect(202);
    expect(created.body).toMatchObject({ status: 'queued', credits: 15, progress: 0, resultUrl: null, error: null });
    expect(JSON.stringify(created.body)).not.toContain(accountKey);

    const sse = await readSse(`${t.url}/api/v1/videos/${created.body.id}/events`, user.auth);
    expect(sse.status).toBe(200);
    expect(sse.contentType).toContain('text/event-stream');
    const last = sse.events[sse.events.length - 1];
    expect(last.event).toBe('succeeded');
    expect(last.data.resultUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\/.+\.mp4$/);
    const progress = sse.events.map((e) => e.data.progress);
    expect(progress.some((p) => p > 0 && p < 100)).toBe(true);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress); // never backwards

    const job = await terminal(user, created.body.id);
    expect(job).toMatchObject({ status: 'succeeded', progress: 100, refunded: false });
    expect(await balanceOf(t, user)).toBe(start - 15);
    expect(await ledgerOf(user.id, job.id)).toEqual([{ kind: 'consume', amount: '-15' }]);

    const quota = await request(t.url).get('/api/v1/quota').set(user.auth).expect(200);
    expect(quota.body.used).toBe(15);
    const adminView = await request(t.url).get(`/api/v1/admin/videos/${job.id}`).set(admin.auth).expect(200);
    expect(adminView.body).toMatchObject({ upstreamAccountId: accountId, userId: user.id });
    expect(adminView.body.costFen).toBeGreaterThan(0);
    expect(adminView.body.providerTaskId).toBeTruthy();
    const [acc] = await t.ds.query(`SELECT total_cost_fen FROM upstream_accounts WHERE id = $1`, [accountId]);
    expect(Number(acc.total_cost_fen)).toBe(adminView.body.costFen);
    // One submit reached the upstream for this job.
    expect(fake.requests().filter((r) => r.operation === 'submit' && r.status === 200)).toHaveLength(1);

    const mine = await request(t.url).get('/api/v1/videos?status=succeeded').set(user.auth).expect(200);
    expect(mine.body.items.map((j: { id: string }) => j.id)).toEqual([job.id]);
  });

  it('each failure kind ends failed with exactly one refund and a zh-CN/en message', async () => {
    const user = await registerUser(t);
    const start = await balanceOf(t, user);

    // content rejected while generating
    const rejected = await terminal(user, (await submit(user, 'bad [fake:reject]').expect(202)).body.id);
    expect(rejected).toMatchObject({ status: 'failed', refunded: true, error: { kind: 'content_rejected' } });

    // upstream 5xx on every try (retries, then no other account) → upstream_unavailable
    fake.queueFaults(['server_error', 'server_error', 'server_error'], { key: accountKey, target: 'submit' });
    const fivexx = await terminal(user, (await submit(user, 'five hundred').expect(202)).body.id);
    expect(fivexx).toMatchObject({ status: 'failed', refunded: true, error: { kind: 'upstream_unavailable' } });

    // generation failed upstream
    const failed = await terminal(user, (await submit(user, 'break [fake:fail]').expect(202)).body.id);
    expect(failed).toMatchObject({ status: 'failed', error: { kind: 'generation_failed' } });

    // timeout: a stuck task past its deadline
    const stuck = (await submit(user, 'forever [fake:stuck]').expect(202)).body.id;
    await until(
      async () => (await t.ds.query(`SELECT status FROM video_jobs WHERE id = $1`, [stuck]))[0].status === 'running',
      'stuck job running',
    );
    await t.ds.query(`UPDATE video_jobs SET deadline_at = now() WHERE id = $1`, [stuck]);
    const timedOut = await terminal(user, stuck);
    expect(timedOut).toMatchObject({ status: 'failed', refunded: true, error: { kind: 'timeout' } });

    for (const job of [rejected, fivexx, failed, timedOut]) {
      expect(await ledgerOf(user.id, job.id)).toEqual([
        { kind: 'consume', amount: '-15' },
        { kind: 'refund', amount: '15' },
      ]);
      expect(job.error.messageZh).toBeTruthy();
      expect(job.error.messageEn).toBeTruthy();
    }
    expect(await balanceOf(t, user)).toBe(start);
    const failures = await request(t.url).get('/api/v1/admin/videos/failures').set(admin.auth).expect(200);
    for (const k of failures.body.kinds) expect(k.refunded).toBe(k.jobs);
    expect((await verifyLedger(t.ds)).problems).toEqual([]);
  });

  it('all accounts exhausted: fails over, then fails with the seed-004 message and one refund', async () => {
    const user = await registerUser(t);
    const start = await balanceOf(t, user);
    const poorKey = `sk-poor-${Math.random().toString(36).slice(2)}`;
    fake.upsertKey({ key: poorKey, balanceFen: 0 });
    await t.ds.query(`UPDATE upstream_accounts SET deleted_at = now(), status = 'disabled' WHERE deleted_at IS NULL`);
    const poor = await addAccount(poorKey, { priority: 10 });
    const job = await terminal(user, (await submit(user, 'no money').expect(202)).body.id);
    expect(job).toMatchObject({
      status: 'failed',
      refunded: true,
      error: { kind: 'upstream_balance', messageZh: '服务暂时不可用，管理员正在处理中，请稍后重试' },
    });
    expect(JSON.stringify(job)).not.toContain(poorKey);
    const [acc] = await t.ds.query(`SELECT status FROM upstream_accounts WHERE id = $1`, [poor]);
    expect(acc.status).toBe('exhausted');
    expect(await balanceOf(t, user)).toBe(start);
    const status = await request(t.url).get('/api/v1/system/status').expect(200);
    expect(status.body.status).toBe('degraded');

    // A funded account added later takes the next job (fail-over from the exhausted one).
    await addAccount(accountKey, { priority: 1 });
    const ok = await terminal(user, (await submit(user, 'money again').expect(202)).body.id);
    expect(ok.status).toBe('succeeded');
    expect((await request(t.url).get('/api/v1/system/status').expect(200)).body.status).toBe('normal');
  });

  it('a key-authenticated submit charges the key quota with the credits; a refund gives both back', async () => {
    const user = await registerUser(t);
    const key = await createApiKey(t, user, { quotaLimit: 30 }, admin);
    const ok = await terminal(user, (await submit(key, 'via key').expect(202)).body.id);
    expect(ok.status).toBe('succeeded');
    const bad = await terminal(user, (await submit(key, 'via key [fake:reject]').expect(202)).body.id);
    expect(bad.status).toBe('failed');
    const [row] = await t.ds.query(`SELECT quota_used FROM api_keys WHERE id = $1`, [key.id]);
    expect(Number(row.quota_used)).toBe(15);
    const before = await balanceOf(t, user);
    await submit(key, 'fits').expect(202);
    const over = await submit(key, 'over quota').expect(429);
    expect(over.body.code).toBe('API_KEY_QUOTA_EXCEEDED');
    expect(await balanceOf(t, user)).toBe(before - 15);
  });
});

describe('video jobs with the worker off: guards, cancel, idempotency', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp({
      ...FAST,
      VIDEO_WORKER_ENABLED: 'false',
      DAILY_GENERATION_LIMIT: '1000',
      DAILY_GENERATION_LIMIT_PER_USER: '3',
    });
    admin = await loginAdmin(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const submit = (user: { auth: Record<string, string> }, prompt = 'a quiet harbour', key?: string) =>
    request(t.url)
      .post('/api/v1/videos')
      .set(user.auth)
      .set(key ? { 'Idempotency-Key': key } : {})
      .send({ prompt, model: 'veo3', durationSeconds: 8, orientation: 'portrait' });
  const ledgerCount = async (userId: string) =>
    Number((await t.ds.query(`SELECT count(*) AS n FROM credit_ledger_entries WHERE user_id = $1`, [userId]))[0].n);

  it('POST /credits/consume charges a paid action at its table price when no amount is sent', async () => {
    const user = await registerUser(t);
    const start = await balanceOf(t, user);
    const script = await request(t.url).post('/api/v1/credits/consume').set(user.auth).send({ action: 'script' }).expect(200);
    expect(script.body).toMatchObject({ consumed: 10, available: start - 10 });
    const character = await request(t.url)
      .post('/api/v1/credits/consume')
      .set(user.auth)
      .send({ action: 'character' })
      .expect(200);
    expect(character.body.consumed).toBe(5);
    const unknown = await request(t.url).post('/api/v1/credits/consume').set(user.auth).send({ action: 'mystery' }).expect(400);
    expect(unknown.body.code).toBe('VALIDATION_FAILED');
    expect(await balanceOf(t, user)).toBe(start - 15);
  });

  it('validates the request against the price table', async () => {
    const user = await registerUser(t);
    const res = await request(t.url)
      .post('/api/v1/videos')
      .set(user.auth)
      .send({ prompt: 'x', model: 'veo3', durationSeconds: 9, orientation: 'landscape' })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    await request(t.url)
      .post('/api/v1/videos')
      .set(user.auth)
      .send({ prompt: '', model: 'veo3', durationSeconds: 8, orientation: 'landscape' })
      .expect(400);
    await request(t.url)
      .post('/api/v1/videos')
      .set(user.auth)
      .send({ prompt: 'x'.repeat(2001), model: 'veo3', durationSeconds: 8, orientation: 'landscape' })
      .expect(400);
    expect(await ledgerCount(user.id)).toBe(1); // the sign-up bonus only
  });

  it('cancel while queued refunds once; a second cancel changes nothing', async () => {
    const user = await registerUser(t);
    const start = await balanceOf(t, user);
    const job = (await submit(user).expect(202)).body;
    expect(await balanceOf(t, user)).toBe(start - 15);
    const canceled = await request(t.url).post(`/api/v1/videos/${job.id}/cancel`).set(user.auth).expect(200);
    expect(canceled.body).toMatchObject({ status: 'canceled', refunded: true, error: { kind: 'canceled' } });
    await request(t.url).post(`/api/v1/videos/${job.id}/cancel`).set(user.auth).expect(200);
    expect(await balanceOf(t, user)).toBe(start);
    const rows = await t.ds.query(
      `SELECT kind FROM credit_ledger_entries WHERE reference_type = 'video_job' AND reference_id = $1 ORDER BY id`,
      [job.id],
    );
    expect(rows.map((r: { kind: string }) => r.kind)).toEqual(['consume', 'refund']);
    // Someone else's job is not found.
    const other = await registerUser(t);
    await request(t.url).post(`/api/v1/videos/${job.id}/cancel`).set(other.auth).expect(404);
    await request(t.url).get(`/api/v1/videos/${job.id}`).set(other.auth).expect(404);
  });

  it('200 concurrent submits with one Idempotency-Key make one job and one charge', async () => {
    const user = await registerUser(t);
    const start = await balanceOf(t, user);
    const results = await Promise.all(Array.from({ length: 200 }, () => submit(user, 'same one', 'same-key-200')));
    const accepted = results.filter((r) => r.status === 202);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    for (const r of results) expect([202, 409]).toContain(r.status);
    expect(new Set(accepted.map((r) => r.body.id)).size).toBe(1);
    const jobs = await t.ds.query(`SELECT id FROM video_jobs WHERE user_id = $1`, [user.id]);
    expect(jobs).toHaveLength(1);
    expect(await balanceOf(t, user)).toBe(start - 15);
    const replay = await submit(user, 'same one', 'same-key-200').expect(202);
    expect(replay.body.id).toBe(jobs[0].id);
  });

  it('guards answer before any charge: maintenance 503, daily cap 429, insufficient credits 400', async () => {
    const user = await registerUser(t);
    const start = await balanceOf(t, user);
    const entries = await ledgerCount(user.id);

    await request(t.url)
      .put('/api/v1/admin/system/status')
      .set(admin.auth)
      .send({ maintenance: true, message: '维护中' })
      .expect(200);
    expect((await request(t.url).get('/api/v1/system/status').expect(200)).body).toMatchObject({
      status: 'maintenance',
      message: '维护中',
    });
    const m = await submit(user).expect(503);
    expect(m.body.code).toBe('MAINTENANCE_MODE');
    await request(t.url).put('/api/v1/admin/system/status').set(admin.auth).send({ maintenance: false }).expect(200);

    // per-user cap of 3 a day
    for (let i = 0; i < 3; i++) await submit(user, `cap ${i}`).expect(202);
    const capped = await submit(user, 'cap 4').expect(429);
    expect(capped.body.code).toBe('DAILY_GENERATION_LIMIT_REACHED');
    expect(capped.headers['retry-after']).toBeDefined();
    expect(await balanceOf(t, user)).toBe(start - 45);
    expect(await ledgerCount(user.id)).toBe(entries + 3);

    // insufficient credits: take the balance down to 10
    const poor = await registerUser(t);
    const have = await balanceOf(t, poor);
    await request(t.url)
      .post(`/api/v1/admin/users/${poor.id}/credits/adjust`)
      .set(admin.auth)
      .send({ delta: -(have - 10), reason: 'test: leave 10 credits' })
      .expect(201);
    const poorEntries = await ledgerCount(poor.id);
    const insufficient = await submit(poor).expect(400);
    expect(insufficient.body.code).toBe('INSUFFICIENT_CREDITS');
    expect(await balanceOf(t, poor)).toBe(10);
    expect(await ledgerCount(poor.id)).toBe(poorEntries);
    expect(await t.ds.query(`SELECT id FROM video_jobs WHERE user_id = $1`, [poor.id])).toHaveLength(0);
    // the refused submit did not use up a daily slot either
    const [count] = await t.ds.query(`SELECT coalesce(sum(count), 0) AS n FROM video_daily_counts WHERE scope = $1`, [poor.id]);
    expect(Number(count.n)).toBe(0);
    expect((await verifyLedger(t.ds)).problems).toEqual([]);
  });

  it('an API key with a concurrency limit holds a slot per job until the job ends; refused submits charge nothing', async () => {
    const user = await registerUser(t);
    const key = await createApiKey(t, user, { concurrencyLimit: 1 }, admin);
    const first = (await submit(key, 'slot one').expect(202)).body;
    const before = await balanceOf(t, user);
    const refused = await submit(key, 'slot two').expect(429);
    expect(refused.body.code).toBe('CONCURRENCY_LIMITED');
    expect(await balanceOf(t, user)).toBe(before);
    await request(t.url).post(`/api/v1/videos/${first.id}/cancel`).set(key.auth).expect(200);
    await submit(key, 'slot two again').expect(202);
  });

  it('the reaper fails and refunds a job past its deadline, once', async () => {
    const user = await registerUser(t);
    const start = await balanceOf(t, user);
    const job = (await submit(user, 'never picked up').expect(202)).body;
    await t.ds.query(`UPDATE video_jobs SET deadline_at = now() - interval '1 second' WHERE id = $1`, [job.id]);
    const scheduler = t.app.get(JobScheduler);
    const run = await scheduler.runNow('video.reap-stuck');
    expect(run).toMatchObject({ outcome: 'succeeded', details: expect.objectContaining({ timedOut: 1 }) });
    await scheduler.runNow('video.reap-stuck');
    const after = await request(t.url).get(`/api/v1/videos/${job.id}`).set(user.auth).expect(200);
    expect(after.body).toMatchObject({ status: 'failed', refunded: true, error: { kind: 'timeout' } });
    expect(await balanceOf(t, user)).toBe(start);
    const metrics = await request(t.url).get('/api/metrics').expect(200);
    expect(metrics.text).toMatch(/reelmeter_video_jobs\{status="failed"\} [1-9]/);
  });

  it('admin edits the price table; users see the new prices; keys never reach admin routes', async () => {
    const table = (await request(t.url).get('/api/v1/admin/pricing').set(admin.auth).expect(200)).body;
    const videos = table.videos.map((v: { model: string; credits: number }) => (v.model === 'veo3' ? { ...v, credits: 20 } : v));
    videos.push({ model: 'veo3', durationSeconds: 16, credits: 30, active: true });
    await request(t.url).put('/api/v1/admin/pricing').set(admin.auth).send({ videos, actions: table.actions }).expect(200);
    const user = await registerUser(t);
    const prices = (await request(t.url).get('/api/v1/pricing').set(user.auth).expect(200)).body;
    expect(prices.videos).toEqual(expect.arrayContaining([{ model: 'veo3', durationSeconds: 8, credits: 20, active: true }]));
    const job = await submit(user).expect(202);
    expect(job.body.credits).toBe(20);
    await request(t.url).put('/api/v1/admin/pricing').set(user.auth).send(table).expect(403);
    await request(t.url).put('/api/v1/admin/pricing').set(admin.auth).send(table).expect(200);
    const list = await request(t.url).get(`/api/v1/admin/videos?userId=${user.id}`).set(admin.auth).expect(200);
    expect(list.body.items).toHaveLength(1);
  });
});
