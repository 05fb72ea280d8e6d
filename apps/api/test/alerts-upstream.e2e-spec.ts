import { FakeUpstream, keyFingerprint, startFakeUpstream } from '@reelmeter/fake-upstream';
import request from 'supertest';
import { settle, startSmtpReceiver, startWebhookReceiver } from './alert-receivers';
import { loginAdmin, registerUser, TestUser } from './factories';
import { createTestApp, TestApp } from './test-app';

/**
 * The operator's side of seed 004, end to end: videos submitted over HTTP drain a real fake-upstream
 * account (HTTP adapter → tools/fake-upstream), and the alert reaches a real SMTP server and a webhook
 * receiver that checks the signature — once per incident, however many jobs hit the error.
 */
describe('upstream money trouble reaches the operator once per incident', () => {
  let t: TestApp;
  let fake: FakeUpstream;
  let admin: TestUser;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    webhook = await startWebhookReceiver();
    fake = await startFakeUpstream({ seed: 7, timeScale: 0.001, pricesFen: { veo3: 110 } });
    t = await createTestApp({
      SIMULATED_UPSTREAM_ENABLED: 'false',
      UPSTREAM_RETRY_BASE_MS: '1',
      UPSTREAM_MAX_RETRIES: '2',
      VIDEO_POLL_INITIAL_MS: '20',
      VIDEO_POLL_MAX_MS: '100',
      VIDEO_POLL_TICK_MS: '20',
      SMTP_URL: smtp.url,
      ALERT_RETRY_BACKOFF_SECONDS: '1,1,1',
    });
    admin = await loginAdmin(t);
    await request(t.url)
      .post('/api/v1/admin/alert-channels')
      .set(admin.auth)
      .send({ type: 'email', name: 'ops mail', recipients: ['ops@example.com'], locale: 'en' })
      .expect(201);
    const hook = await request(t.url)
      .post('/api/v1/admin/alert-channels')
      .set(admin.auth)
      .send({ type: 'webhook', name: 'ops hook', url: webhook.url })
      .expect(201);
    webhook.setSecret(hook.body.secret);
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
    await smtp?.close();
    await webhook?.close();
  });
  beforeEach(async () => {
    await t.ds.query(`UPDATE upstream_accounts SET deleted_at = now(), status = 'disabled' WHERE deleted_at IS NULL`);
    await t.ds.query(`DELETE FROM upstream_sticky_routes`);
    fake.reset();
    smtp.mails.length = 0;
    webhook.hooks.length = 0;
  });

  async function addAccount(name: string, balanceFen: number, priority: number): Promise<{ id: string; key: string }> {
    const key = `sk-${name}-${Math.random().toString(36).slice(2)}`;
    fake.upsertKey({ key, balanceFen });
    const res = await request(t.url)
      .post('/api/v1/admin/provider-accounts')
      .set(admin.auth)
      .send({ provider: 'vivaapi', name: `${name}-${Math.random().toString(36).slice(2)}`, baseUrl: fake.url, apiKey: key, priority })
      .expect(201);
    return { id: res.body.id, key };
  }

  const submit = (user: TestUser, prompt: string) =>
    request(t.url)
      .post('/api/v1/videos')
      .set(user.auth)
      .send({ prompt, model: 'veo3', durationSeconds: 8, orientation: 'landscape' })
      .expect(202)
      .then((r) => r.body.id as string);

  async function allFinished(ids: string[]): Promise<{ status: string; upstream_account_id: string | null }[]> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const rows = await t.ds.query(`SELECT status, upstream_account_id FROM video_jobs WHERE id = ANY($1)`, [ids]);
      if (rows.every((r: { status: string }) => ['succeeded', 'failed', 'canceled'].includes(r.status))) return rows;
      if (Date.now() > deadline) throw new Error('jobs did not finish');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Submits the fake refused for lack of money on this key. */
  const balanceRefusals = (key: string) =>
    fake
      .requests()
      .filter((r) => r.operation === 'submit' && r.keyFingerprint === keyFingerprint(key) && r.outcome === 'insufficient_balance')
      .length;

  /** The Subject header of a received mail, unfolded. */
  const subjectOf = (raw: string) => /^Subject: (.*)$/m.exec(raw.replace(/\r?\n[ \t]+/g, ' '))?.[1];

  const alertsOf = async (rule: string, subject: string) =>
    (await t.ds.query(`SELECT id, status, occurrences FROM alerts WHERE rule_key = $1 AND subject = $2 ORDER BY first_seen_at`, [
      rule,
      subject,
    ])) as { id: string; status: string; occurrences: number }[];

  it('jobs that drain an account → one critical e-mail and one signed webhook; the top-up → one "resolved"', async () => {
    // 3 videos' worth of money on the preferred account; a funded one behind it takes the rest.
    const poor = await addAccount('poor', 330, 10);
    const rich = await addAccount('rich', 1_000_000, 1);
    const users = [await registerUser(t), await registerUser(t), await registerUser(t)];
    const wave1 = await Promise.all(Array.from({ length: 12 }, (_, i) => submit(users[i % 3], `wave one ${i}`)));
    const done1 = await allFinished(wave1);
    expect(done1.every((j) => j.status === 'succeeded')).toBe(true);
    const [acc] = await t.ds.query(`SELECT status FROM upstream_accounts WHERE id = $1`, [poor.id]);
    expect(acc.status).toBe('exhausted');

    // The admin re-enables the account without paying; fresh users (no sticky route) hit the error again.
    await request(t.url).patch(`/api/v1/admin/provider-accounts/${poor.id}`).set(admin.auth).send({ status: 'active' }).expect(200);
    const more = [await registerUser(t), await registerUser(t)];
    const wave2 = await Promise.all(Array.from({ length: 6 }, (_, i) => submit(more[i % 2], `wave two ${i}`)));
    expect((await allFinished(wave2)).every((j) => j.status === 'succeeded')).toBe(true);

    const refusals = balanceRefusals(poor.key);
    expect(refusals).toBeGreaterThanOrEqual(2); // at least one in each wave
    await settle(() => smtp.mails.length + webhook.hooks.length, 2);
    const [incident] = await alertsOf('upstream.insufficient_balance', poor.id);
    expect(incident).toMatchObject({ status: 'open' });
    expect(incident.occurrences).toBeGreaterThanOrEqual(2);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0].to).toEqual(['ops@example.com']);
    expect(subjectOf(smtp.mails[0].raw)).toMatch(/^\[ReelMeter\]\[Critical\] New alert: Upstream account poor-/);
    expect(webhook.hooks).toHaveLength(1);
    expect(webhook.hooks[0]).toMatchObject({
      signatureValid: true,
      body: { type: 'alert.raised', alert: { ruleKey: 'upstream.insufficient_balance', subject: poor.id, severity: 'critical' } },
    });
    expect(JSON.stringify(webhook.hooks) + smtp.mails[0].raw).not.toContain(poor.key);

    // The operator pays the reseller and records the top-up; a later balance check sees the money too.
    fake.setBalance(poor.key, 50_000);
    await request(t.url)
      .post(`/api/v1/admin/provider-accounts/${poor.id}/topups`)
      .set(admin.auth)
      .send({ amountFen: 50_000, note: 'paid the reseller' })
      .expect(201);
    await request(t.url).post('/api/v1/admin/provider-accounts/balance-check').set(admin.auth).expect(200);
    await settle(() => smtp.mails.length + webhook.hooks.length, 4);
    expect(smtp.mails).toHaveLength(2);
    expect(subjectOf(smtp.mails[1].raw)).toMatch(/^\[ReelMeter\]\[Critical\] Alert resolved: Upstream account poor-/);
    expect(webhook.hooks.map((h) => h.body.type)).toEqual(['alert.raised', 'alert.resolved']);
    expect(webhook.hooks.every((h) => h.signatureValid)).toBe(true);
    expect(await alertsOf('upstream.insufficient_balance', poor.id)).toEqual([
      expect.objectContaining({ id: incident.id, status: 'resolved' }),
    ]);
    // The funded account never raised anything.
    expect(await alertsOf('upstream.insufficient_balance', rich.id)).toEqual([]);

    // Back in service: the next job runs on it again.
    const next = await submit(await registerUser(t), 'after the top-up');
    expect(await allFinished([next])).toEqual([expect.objectContaining({ status: 'succeeded', upstream_account_id: poor.id })]);
  });

  it('a balance under ¥100 raises the low-balance alert once per cooldown and resolves when it is back above', async () => {
    const low = await addAccount('low', 9_000, 5);
    const account = await request(t.url).get(`/api/v1/admin/provider-accounts/${low.id}`).set(admin.auth).expect(200);
    expect(account.body.lowBalanceThresholdFen).toBe(10_000); // ¥100, the notes' default
    const check = () => request(t.url).post('/api/v1/admin/provider-accounts/balance-check').set(admin.auth).expect(200);

    await check();
    await settle(() => smtp.mails.length + webhook.hooks.length, 2);
    expect(smtp.mails).toHaveLength(1);
    expect(subjectOf(smtp.mails[0].raw)).toMatch(/^\[ReelMeter\]\[Warning\] New alert: Upstream account low-/);
    expect(smtp.mails[0].raw).toMatch(/Balance =C2=A590\.00 is below =C2=A5100\.00|Balance ¥90\.00 is below ¥100\.00/);
    expect(webhook.hooks).toEqual([
      expect.objectContaining({
        signatureValid: true,
        body: expect.objectContaining({ type: 'alert.raised', alert: expect.objectContaining({ ruleKey: 'upstream.low_balance' }) }),
      }),
    ]);

    // Hourly checks keep finding it low: they count up, nothing is sent within the cooldown.
    fake.setBalance(low.key, 8_000);
    await Promise.all([check(), check(), check()]);
    await settle(() => smtp.mails.length + webhook.hooks.length, 3, 1_000);
    expect(smtp.mails).toHaveLength(1);
    expect(webhook.hooks).toHaveLength(1);
    const [open] = await alertsOf('upstream.low_balance', low.id);
    expect(open).toMatchObject({ status: 'open', occurrences: 4 });

    // The cooldown (360 min by default) passes: concurrent checks re-notify exactly once.
    const rule = await request(t.url).get('/api/v1/admin/alert-rules/upstream.low_balance').set(admin.auth).expect(200);
    expect(rule.body.cooldownMinutes).toBe(360);
    await t.ds.query(`UPDATE alerts SET last_notified_at = now() - make_interval(mins => $2 + 1) WHERE id = $1`, [
      open.id,
      rule.body.cooldownMinutes,
    ]);
    await Promise.all([check(), check()]);
    await check();
    await settle(() => smtp.mails.length + webhook.hooks.length, 4);
    expect(smtp.mails).toHaveLength(2);
    expect(subjectOf(smtp.mails[1].raw)).toMatch(/^\[ReelMeter\]\[Warning\] Alert still open: Upstream account low-/);
    expect(webhook.hooks.map((h) => h.body.type)).toEqual(['alert.raised', 'alert.repeat']);

    // Money is back above the threshold: one "resolved", and further checks stay quiet.
    fake.setBalance(low.key, 25_000);
    await check();
    await check();
    await settle(() => smtp.mails.length + webhook.hooks.length, 6);
    expect(smtp.mails).toHaveLength(3);
    expect(subjectOf(smtp.mails[2].raw)).toMatch(/^\[ReelMeter\]\[Warning\] Alert resolved: Upstream account low-/);
    expect(webhook.hooks.map((h) => h.body.type)).toEqual(['alert.raised', 'alert.repeat', 'alert.resolved']);
    expect(webhook.hooks.every((h) => h.signatureValid)).toBe(true);
    expect(await alertsOf('upstream.low_balance', low.id)).toEqual([
      expect.objectContaining({ id: open.id, status: 'resolved', occurrences: 7 }),
    ]);

    // Dropping again is a new incident with its own notification.
    fake.setBalance(low.key, 5_000);
    await check();
    await settle(() => webhook.hooks.length, 4);
    expect(webhook.hooks.map((h) => h.body.type)).toEqual(['alert.raised', 'alert.repeat', 'alert.resolved', 'alert.raised']);
    expect((await alertsOf('upstream.low_balance', low.id)).map((a) => a.status)).toEqual(['resolved', 'open']);
  });
});
