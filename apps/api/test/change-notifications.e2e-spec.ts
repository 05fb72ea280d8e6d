import request from 'supertest';
import { PricingService } from '../src/video-generation/pricing/pricing.service';
import { UpstreamAccountsService } from '../src/provider-quota/upstream-accounts.service';
import { loginAdmin, registerUser } from './factories';
import { until } from './until';
import { createTestApp, TestApp } from './test-app';

/**
 * Rows read on hot paths are cached per instance and dropped when a trigger announces a change. These
 * changes are made in SQL, as another instance or an operator would make them: this instance did not
 * write them, so only the notification can tell it.
 */
describe('caches that follow changes made elsewhere', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ DAILY_GENERATION_LIMIT: '0' });
  });
  afterAll(() => t.close());

  it('charges a new video price at once', async () => {
    const pricing = t.app.get(PricingService);
    const before = await pricing.videoPrice('veo3', 8);
    await t.ds.query(`UPDATE video_prices SET credits = $1 WHERE model = 'veo3' AND duration_seconds = 8`, [before + 7]);
    await until(async () => (await pricing.videoPrice('veo3', 8)) === before + 7, 'the new price to be read', 10_000);
    await t.ds.query(`UPDATE video_prices SET active = false WHERE model = 'veo3' AND duration_seconds = 8`);
    await until(
      async () =>
        pricing.videoPrice('veo3', 8).then(
          () => undefined,
          (error: { code?: string }) => error.code === 'VALIDATION_FAILED',
        ),
      'the withdrawn price to be refused',
      10_000,
    );
    await t.ds.query(`UPDATE video_prices SET active = true, credits = $1 WHERE model = 'veo3' AND duration_seconds = 8`, [
      before,
    ]);
    // Until the notification arrives the withdrawn price is still refused (from the cache): retry through that.
    const price = () => pricing.videoPrice('veo3', 8).catch(() => undefined);
    await until(async () => (await price()) === before, 'the old price again', 10_000);
  });

  it('refuses videos when maintenance is switched on in the database, and takes them again when it is off', async () => {
    const user = await registerUser(t);
    const submit = () =>
      request(t.url)
        .post('/api/v1/videos')
        .set(user.auth)
        .send({ prompt: 'a quiet harbour', model: 'veo3', durationSeconds: 8, orientation: 'landscape' });
    await request(t.url).get('/api/v1/system/status').expect(200);
    await t.ds.query(
      `INSERT INTO settings (key, value) VALUES ('system.maintenance', '{"enabled": true}')
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    );
    const refused = await until(
      async () => {
        const res = await submit();
        return res.status === 503 ? res : undefined;
      },
      'maintenance to be seen',
      10_000,
    );
    expect(refused.body.code).toBe('MAINTENANCE_MODE');
    await t.ds.query(`DELETE FROM settings WHERE key = 'system.maintenance'`);
    await until(async () => (await submit()).status === 202, 'videos to be taken again', 10_000);
  });

  it('rebuilds an upstream adapter when its key or address changes, and keeps it while nothing does', async () => {
    const admin = await loginAdmin(t);
    const created = await request(t.url)
      .post('/api/v1/admin/provider-accounts')
      .set(admin.auth)
      .send({ provider: 'vivaapi', name: 'cached', baseUrl: 'http://127.0.0.1:9', apiKey: 'sk-cached-0123456789' })
      .expect(201);
    const accounts = t.app.get(UpstreamAccountsService);
    const first = await accounts.providerFor(created.body.id);
    expect((await accounts.providerFor(created.body.id)).provider).toBe(first.provider);
    // A balance or cost change (every job makes one) is not what an adapter is built from: it stays.
    await t.ds.query(`UPDATE upstream_accounts SET total_cost_fen = total_cost_fen + 1 WHERE id = $1`, [created.body.id]);
    await t.ds.query(`UPDATE upstream_accounts SET base_url = 'http://127.0.0.1:10' WHERE id = $1`, [created.body.id]);
    const second = await until(
      async () => {
        const now = await accounts.providerFor(created.body.id);
        return now.provider !== first.provider ? now : undefined;
      },
      'the adapter to be rebuilt',
      10_000,
    );
    expect(second.account).toEqual({ id: created.body.id, name: 'cached', provider: 'vivaapi' });
  });
});
