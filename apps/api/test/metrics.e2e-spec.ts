import request from 'supertest';
import { registerUser } from './factories';
import { createTestApp, TestApp } from './test-app';

describe('/api/metrics without a token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('serves direct loopback scrapes and refuses requests relayed by a proxy', async () => {
    await request(t.url).get('/api/metrics').expect(200);
    const relayed = await request(t.url).get('/api/metrics').set('X-Forwarded-For', '203.0.113.7');
    expect(relayed.status).toBe(403);
    expect(relayed.body.code).toBe('FORBIDDEN');
  });
});

describe('/api/metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: 'metrics-token-for-tests' });
  });
  afterAll(() => t.close());

  it('needs the metrics token when one is configured', async () => {
    await request(t.url).get('/api/metrics').expect(401);
    await request(t.url).get('/api/metrics').set('Authorization', 'Bearer wrong-token-of-some-length').expect(401);
  });

  it('reports HTTP latency by route pattern and credits consumed', async () => {
    const user = await registerUser(t);
    await request(t.url).post('/api/v1/credits/consume').set(user.auth).send({ amount: 12, action: 'video' }).expect(200);
    await request(t.url).get('/api/v1/credits/ledger/123').set(user.auth).expect(404);
    const res = await request(t.url).get('/api/metrics').set('Authorization', 'Bearer metrics-token-for-tests').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toMatch(
      /reelmeter_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/credits\/consume",status="200"\} 1/,
    );
    expect(res.text).toMatch(/reelmeter_credits_consumed_total 12/);
    expect(res.text).toMatch(/reelmeter_users_total 2/);
    expect(res.text).toMatch(/reelmeter_db_notifications_live 1/);
    expect(res.text).not.toMatch(/ledger\/123/);
  });

  it('reports jobs by state, recent upstream errors by kind and upstream balances', async () => {
    const [account] = await t.ds.query(
      `INSERT INTO upstream_accounts (provider, name, base_url, api_key_encrypted, api_key_hint, balance_fen, balance_source)
       VALUES ('vivaapi', 'metrics-main', 'http://127.0.0.1:9', 'not-a-real-ciphertext', 'sk-…abcd', 123456, 'reported') RETURNING id`,
    );
    await t.ds.query(
      `INSERT INTO upstream_usage_records (account_id, operation, outcome, error_kind, latency_ms, created_at) VALUES
         ($1, 'submit', 'failure', 'rate_limited', 5, now()),
         ($1, 'submit', 'failure', 'rate_limited', 5, now()),
         ($1, 'poll', 'failure', 'timeout', 5, now() - interval '1 hour'),
         ($1, 'submit', 'success', NULL, 5, now())`,
      [account.id],
    );
    const res = await request(t.url).get('/api/metrics').set('Authorization', 'Bearer metrics-token-for-tests').expect(200);
    expect(res.text).toMatch(/reelmeter_video_jobs\{status="queued"\} 0/);
    expect(res.text).toMatch(/reelmeter_upstream_errors_recent\{kind="rate_limited"\} 2/);
    // The hour-old timeout is outside the window; the series is still there at zero.
    expect(res.text).toMatch(/reelmeter_upstream_errors_recent\{kind="timeout"\} 0/);
    expect(res.text).toMatch(
      /reelmeter_upstream_balance_fen\{account="metrics-main",provider="vivaapi",status="active",source="reported"\} 123456/,
    );
    expect(res.text).not.toMatch(/not-a-real-ciphertext|sk-/);
  });
});
