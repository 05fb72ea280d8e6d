import request from 'supertest';
import { AlertsService } from '../src/alerts/alerts.service';
import { AlertDispatcher } from '../src/alerts/alert-dispatcher.service';
import { JobScheduler } from '../src/scheduler/job-scheduler.service';
import { settle, startSmtpReceiver, startWebhookReceiver } from './alert-receivers';
import { loginAdmin, registerUser, TestUser } from './factories';
import { createTestApp, TestApp } from './test-app';

describe('alerts: one incident, one notification per channel', () => {
  let t: TestApp;
  let admin: TestUser;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let alerts: AlertsService;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    webhook = await startWebhookReceiver({ failFirst: 0 });
    t = await createTestApp({ SMTP_URL: smtp.url, ALERT_RETRY_BACKOFF_SECONDS: '1,1,1' });
    admin = await loginAdmin(t);
    alerts = t.app.get(AlertsService);
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
    expect(hook.body.secret).toMatch(/^whsec_/);
    webhook.setSecret(hook.body.secret);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await webhook.close();
  });

  it('sends exactly one e-mail and one signed webhook however often the condition repeats, then one "resolved"', async () => {
    await Promise.all(
      Array.from({ length: 25 }, () =>
        alerts.raise('upstream.insufficient_balance', 'account-1', {
          title: 'Account 1 is out of balance',
          message: '403 insufficient_user_quota',
        }),
      ),
    );
    await settle(() => smtp.mails.length + webhook.hooks.length, 2);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0].to).toEqual(['ops@example.com']);
    expect(smtp.mails[0].raw).toMatch(/Subject: \[ReelMeter\]\[Critical\] New alert: Account 1 is out of balance/);
    expect(webhook.hooks).toHaveLength(1);
    expect(webhook.hooks[0]).toMatchObject({
      signatureValid: true,
      body: { type: 'alert.raised', alert: { ruleKey: 'upstream.insufficient_balance' } },
    });

    const list = await request(t.url).get('/api/v1/admin/alerts?status=open').set(admin.auth).expect(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ subject: 'account-1', occurrences: 25, severity: 'critical' });
    expect(list.body.openCount).toBe(1);

    await Promise.all([
      alerts.resolve('upstream.insufficient_balance', 'account-1', 'balance is back'),
      alerts.resolve('upstream.insufficient_balance', 'account-1', 'balance is back'),
    ]);
    await settle(() => smtp.mails.length + webhook.hooks.length, 4);
    expect(smtp.mails).toHaveLength(2);
    expect(smtp.mails[1].raw).toMatch(/Alert resolved/);
    expect(webhook.hooks.map((h) => h.body.type)).toEqual(['alert.raised', 'alert.resolved']);
    expect(webhook.hooks.every((h) => h.signatureValid)).toBe(true);

    // A new occurrence after resolution is a new incident.
    await alerts.raise('upstream.insufficient_balance', 'account-1', { title: 'Again', message: 'again' });
    await settle(() => webhook.hooks.length, 3);
    expect(webhook.hooks).toHaveLength(3);
    await alerts.resolve('upstream.insufficient_balance', 'account-1', 'ok');
    await settle(() => webhook.hooks.length, 4);
  });

  it('re-notifies after the cooldown while unacknowledged, and not at all once acknowledged', async () => {
    const first = await alerts.raise('upstream.low_balance', 'account-2', { title: 'Low', message: '¥80 left' });
    expect(first.notified).toBe(true);
    expect((await alerts.raise('upstream.low_balance', 'account-2', { title: 'Low', message: '¥79 left' })).notified).toBe(false);

    await t.ds.query(`UPDATE alerts SET last_notified_at = now() - interval '1 day' WHERE id = $1`, [first.alert!.id]);
    const [a, b] = await Promise.all([
      alerts.raise('upstream.low_balance', 'account-2', { title: 'Low', message: '¥70 left' }),
      alerts.raise('upstream.low_balance', 'account-2', { title: 'Low', message: '¥70 left' }),
    ]);
    expect([a.notified, b.notified].filter(Boolean)).toHaveLength(1);

    await request(t.url).post(`/api/v1/admin/alerts/${first.alert!.id}/ack`).set(admin.auth).expect(200);
    await t.ds.query(`UPDATE alerts SET last_notified_at = now() - interval '1 day' WHERE id = $1`, [first.alert!.id]);
    expect((await alerts.raise('upstream.low_balance', 'account-2', { title: 'Low', message: '¥60 left' })).notified).toBe(false);
    const acked = await request(t.url).get('/api/v1/admin/alerts?status=acknowledged').set(admin.auth).expect(200);
    expect(acked.body.items[0]).toMatchObject({ subject: 'account-2', occurrences: 5, acknowledgedBy: admin.id });
  });

  it('retries a failing webhook with backoff until it is delivered', async () => {
    const flaky = await startWebhookReceiver({ failFirst: 2 });
    try {
      const created = await request(t.url)
        .post('/api/v1/admin/alert-channels')
        .set(admin.auth)
        .send({ type: 'webhook', name: 'flaky', url: flaky.url, minSeverity: 'critical' })
        .expect(201);
      flaky.setSecret(created.body.secret);
      const { alert } = await alerts.raise('payments.paid_unfulfilled', 'order-9', {
        title: 'Paid, not fulfilled',
        message: 'order 9',
      });
      const dispatcher = t.app.get(AlertDispatcher);
      for (let i = 0; i < 20 && flaky.hooks.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 300));
        await dispatcher.dispatchDue();
      }
      expect(flaky.hooks).toHaveLength(1);
      expect(flaky.hooks[0].signatureValid).toBe(true);
      const deliveries = await alerts.deliveriesFor(alert!.id);
      expect(deliveries.find((d) => d.channel_id === created.body.id)).toMatchObject({ status: 'sent', attempts: 3 });
      await request(t.url).delete(`/api/v1/admin/alert-channels/${created.body.id}`).set(admin.auth).expect(204);
    } finally {
      await flaky.close();
    }
  });

  it('manages channels without ever showing the webhook secret again, and sends a test', async () => {
    const list = await request(t.url).get('/api/v1/admin/alert-channels').set(admin.auth).expect(200);
    const hook = list.body.find((c: { type: string }) => c.type === 'webhook');
    expect(hook.secret).toBeUndefined();
    expect(hook.secretHint).toMatch(/^….{4}$/);
    expect(JSON.stringify(list.body)).not.toMatch(/whsec_/);
    const before = webhook.hooks.length;
    const test = await request(t.url).post(`/api/v1/admin/alert-channels/${hook.id}/test`).set(admin.auth).expect(200);
    expect(test.body).toEqual({ ok: true });
    expect(webhook.hooks.length).toBe(before + 1);
    expect(webhook.hooks.at(-1)!.body.type).toBe('alert.test');

    const mail = list.body.find((c: { type: string }) => c.type === 'email');
    await request(t.url)
      .patch(`/api/v1/admin/alert-channels/${mail.id}`)
      .set(admin.auth)
      .send({ url: 'http://x.test' })
      .expect(400);
    await request(t.url)
      .post('/api/v1/admin/alert-channels')
      .set(admin.auth)
      .send({ type: 'email', name: 'no recipients' })
      .expect(400);
    await request(t.url)
      .post('/api/v1/admin/alert-channels')
      .set(admin.auth)
      .send({ type: 'webhook', name: 'bad', url: 'ftp://x' })
      .expect(400);
  });

  it('lets admins tune rules, and a disabled rule raises nothing', async () => {
    const rules = await request(t.url).get('/api/v1/admin/alert-rules').set(admin.auth).expect(200);
    expect(rules.body.find((r: { key: string }) => r.key === 'upstream.low_balance').params).toEqual({ thresholdFen: 10000 });
    const patched = await request(t.url)
      .patch('/api/v1/admin/alert-rules/upstream.low_balance')
      .set(admin.auth)
      .send({ params: { thresholdFen: 5000 }, cooldownMinutes: 30 })
      .expect(200);
    expect(patched.body).toMatchObject({ params: { thresholdFen: 5000 }, cooldownMinutes: 30 });
    await request(t.url)
      .patch('/api/v1/admin/alert-rules/upstream.low_balance')
      .set(admin.auth)
      .send({ params: { thresholdFen: -1 } })
      .expect(400);
    await request(t.url).patch('/api/v1/admin/alert-rules/nope').set(admin.auth).send({ enabled: false }).expect(404);

    await request(t.url)
      .patch('/api/v1/admin/alert-rules/jobs.failure_rate')
      .set(admin.auth)
      .send({ enabled: false })
      .expect(200);
    const result = await alerts.raise('jobs.failure_rate', 'global', { title: 'x', message: 'y' });
    expect(result).toEqual({ notified: false });
    const user = await registerUser(t);
    await request(t.url).get('/api/v1/admin/alerts').set(user.auth).expect(403);
  });

  it('raises an alert when a scheduled job fails and resolves it when it next succeeds', async () => {
    const scheduler = t.app.get(JobScheduler);
    let fail = true;
    scheduler.register({
      name: 'test.flaky',
      cron: '0 0 1 1 *',
      description: 'fails once',
      run: async () => {
        if (fail) throw new Error('disk full');
      },
    });
    await scheduler.runNow('test.flaky');
    await settle(() => 0, 1, 200);
    const open = await request(t.url).get('/api/v1/admin/alerts?status=open').set(admin.auth).expect(200);
    expect(open.body.items.find((a: { ruleKey: string }) => a.ruleKey === 'scheduler.run_failed')).toMatchObject({
      subject: 'test.flaky',
      message: 'disk full',
    });
    fail = false;
    await scheduler.runNow('test.flaky');
    await settle(() => 0, 1, 200);
    const resolved = await request(t.url).get('/api/v1/admin/alerts?status=resolved').set(admin.auth).expect(200);
    expect(resolved.body.items.find((a: { ruleKey: string }) => a.ruleKey === 'scheduler.run_failed')).toBeDefined();
  });
});
