import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { AlertsService } from '../../apps/api/src/alerts/alerts.service';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, TestApp } from '../../apps/api/test/test-app';
import { until } from '../../apps/api/test/until';
import { formatBasisPoints, formatFen, formatRatio, parseYuan } from '../../apps/web/src/features/admin/money';
import { ensureSpaBuilt, launchChromium, startJourney, WEB_DIST } from './harness';

/**
 * The admin section in headless Chromium against the real API on its own database: overview
 * figures equal the API's, a credit adjustment with its reason shows in the user's ledger, an
 * alert is acknowledged, the ledger check runs. Screenshots go to test-artifacts/browser/.
 */
describe('admin SPA in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let adminToken: string;

  beforeAll(async () => {
    ensureSpaBuilt();
    t = await createTestApp({ WEB_DIST_DIR: WEB_DIST });
    browser = await launchChromium();
    const login = await t.http().post('/api/v1/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).expect(200);
    adminToken = login.body.accessToken;
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signInAsAdmin(page: Page) {
    await page.goto('/login?next=%2Fadmin');
    await page.getByTestId('email').fill(ADMIN_EMAIL);
    await page.getByTestId('password').fill(ADMIN_PASSWORD);
    await page.getByTestId('submit').click();
    await page.waitForURL(/\/admin$/);
  }

  async function text(page: Page, testId: string): Promise<string> {
    const locator = page.getByTestId(testId).first();
    await locator.waitFor();
    return (await locator.textContent()) ?? '';
  }

  const admin = () => ({ Authorization: `Bearer ${adminToken}` });

  async function newUser(tag: string) {
    const email = `${tag}-${process.pid}@example.com`;
    const res = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email, password: 'correct horse battery', displayName: tag })
      .expect(201);
    return { email, id: res.body.user.id as string, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
  }

  it('formats fen as yuan and basis points as percent with integer arithmetic', () => {
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(123456)).toBe('¥1,234.56');
    expect(formatFen(-990)).toBe('-¥9.90');
    expect(formatFen(100000000)).toBe('¥1,000,000.00');
    expect(formatBasisPoints(1234)).toBe('12.34%');
    expect(formatBasisPoints(-250)).toBe('-2.50%');
    expect(formatBasisPoints(null)).toBe('—');
    expect(parseYuan('12.3')).toBe(1230);
    expect(parseYuan('0.07')).toBe(7);
    expect(parseYuan('100')).toBe(10000);
    expect(parseYuan('1.005')).toBeNull();
    expect(parseYuan('-1')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
    expect(formatRatio(0.9876)).toBe('98.8%');
    expect(formatRatio(1)).toBe('100.0%');
    expect(formatRatio(null)).toBe('—');
  });

  it('shows the overview with the API figures, adjusts a user’s credits with a reason, acknowledges an alert', async () => {
    const email = `admin-target-${process.pid}@example.com`;
    await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email, password: 'correct horse battery', displayName: 'Bo' })
      .expect(201);
    const { alert } = await t.app.get(AlertsService).raise('scheduler.run_failed', `browser-${process.pid}`, {
      title: 'Nightly job failed',
      message: 'The browser journey raised this',
    });
    const dashboard = (await t.http().get('/api/v1/admin/dashboard').set('Authorization', `Bearer ${adminToken}`).expect(200))
      .body;
    expect(dashboard.openAlerts).toBeGreaterThanOrEqual(1);

    const j = await startJourney(browser, t.url, 'admin-main');
    const { page } = j;
    try {
      await signInAsAdmin(page);
      // Overview: every figure is the API's, formatted from integer fen.
      for (const [prefix, m] of [
        ['today', dashboard.today],
        ['month', dashboard.month],
      ] as const) {
        expect(await text(page, `${prefix}-revenue`)).toBe(formatFen(m.revenueFen));
        expect(await text(page, `${prefix}-cost`)).toBe(formatFen(m.upstreamCostFen));
        expect(await text(page, `${prefix}-profit`)).toBe(formatFen(m.grossProfitFen));
        expect(await text(page, `${prefix}-margin`)).toBe(formatBasisPoints(m.marginBasisPoints));
      }
      expect(await page.getByTestId('open-alerts').getAttribute('data-value')).toBe(String(dashboard.openAlerts));
      expect(await text(page, 'open-alerts')).toBe(`未处理告警 ${dashboard.openAlerts} 条`);
      expect(await page.getByTestId('chart-money').locator('polyline').count()).toBe(3);
      expect(
        ((await page.getByTestId('chart-money').locator('polyline').first().getAttribute('points')) ?? '').split(' '),
      ).toHaveLength(dashboard.series.length);
      await j.screenshot('admin-overview');

      // Users: search, open the detail, adjust with a required reason.
      await page.getByTestId('admin-nav').getByText('用户').click();
      await page.waitForURL(/\/admin\/users$/);
      await page.getByTestId('user-search').locator('input').fill(email);
      await page.getByTestId('user-search').locator('input').press('Enter');
      await page.waitForURL(/\/admin\/users\?query=/);
      await page.getByTestId('user-link').filter({ hasText: email }).click();
      await page.waitForURL(/\/admin\/users\/[0-9a-f-]+$/);
      expect(await text(page, 'user-balance')).toBe('520');

      await page.getByTestId('adjust-open').click();
      await page.getByTestId('adjust-delta').fill('80');
      await page.getByTestId('adjust-submit').click();
      await page.getByText('请填写调整原因').waitFor(); // the reason is required
      await page.getByTestId('adjust-reason').fill('补偿：视频生成失败');
      await page.getByTestId('adjust-submit').click();
      await page.getByTestId('user-balance').filter({ hasText: '600' }).waitFor();
      const row = page.getByTestId('user-ledger').getByTestId('ledger-row').first();
      await row.filter({ hasText: '补偿：视频生成失败' }).waitFor();
      expect(await row.getAttribute('data-kind')).toBe('admin_adjust');
      expect(await row.getByTestId('ledger-amount').textContent()).toBe('+80');
      expect(await row.getByTestId('balance-after').textContent()).toBe('600');
      await j.screenshot('admin-user-detail');

      // Alerts: the raised one is open; acknowledging moves it to the acknowledged list.
      await page.getByTestId('admin-nav').getByText('告警').click();
      await page.waitForURL(/\/admin\/alerts$/);
      const alertRow = page.locator(`[data-testid="alert-row"][data-id="${alert!.id}"]`);
      await alertRow.waitFor();
      await alertRow.getByTestId('ack').click();
      await alertRow.waitFor({ state: 'detached' });
      await page.getByTestId('alert-status').getByText('已确认').click();
      await page.waitForURL(/\/admin\/alerts\?status=acknowledged$/);
      await alertRow.waitFor();
      await j.screenshot('admin-alerts');
      const acked = (
        await t.http().get('/api/v1/admin/alerts?status=acknowledged').set('Authorization', `Bearer ${adminToken}`).expect(200)
      ).body;
      expect(acked.items.map((a: { id: string }) => a.id)).toContain(alert!.id);

      // System: the ledger check runs and reports a consistent ledger.
      await page.getByTestId('admin-nav').getByText('系统').click();
      await page.waitForURL(/\/admin\/system$/);
      await page.getByTestId('verify-ledger').click();
      const result = page.getByTestId('verify-result');
      await result.waitFor();
      expect(await result.getAttribute('data-ok')).toBe('true');
      expect(await result.textContent()).toMatch(/^账本一致：检查了 \d+ 个账户/);
      await page.getByTestId('scheduled-runs').waitFor();
      await j.screenshot('admin-system');
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });

  it('adds an upstream account, tests it, records a top-up and shows its balance history', async () => {
    const j = await startJourney(browser, t.url, 'admin-accounts');
    const { page } = j;
    const name = `模拟账号-${process.pid}`;
    try {
      await signInAsAdmin(page);
      await page.getByTestId('admin-nav').getByText('上游账号').click();
      await page.waitForURL(/\/admin\/accounts$/);
      await page.getByTestId('account-table').waitFor();

      await page.getByTestId('account-add').click();
      await page.getByTestId('account-save').click();
      await page.getByTestId('account-form').getByText('请填写此项').first().waitFor(); // name and key are required
      await page.getByTestId('account-name').fill(name);
      await page.getByTestId('account-key').fill('sk-browser-journey-secret-0001');
      await page.getByTestId('account-cost').fill('1.50');
      await page.getByTestId('account-save').click();
      await page.getByTestId('account-form').waitFor({ state: 'detached' });

      const listed = (await t.http().get('/api/v1/admin/provider-accounts').set(admin()).expect(200)).body.items as {
        id: string;
        name: string;
        apiKeyMasked: string;
        costFen: number;
        costModel: string;
      }[];
      const created = listed.find((a) => a.name === name)!;
      expect(created).toMatchObject({ costFen: 150, costModel: 'per_video' });
      const row = page.locator(`[data-testid="account-row"][data-id="${created.id}"]`);
      await row.waitFor();
      // The key was entered once: the page shows only its masked form.
      expect(await row.textContent()).toContain(created.apiKeyMasked);
      expect(await page.content()).not.toContain('sk-browser-journey-secret-0001');

      await row.getByTestId('account-test').click();
      const result = row.getByTestId('test-result');
      await result.waitFor();
      expect(await result.getAttribute('data-ok')).toBe('true');
      expect(await result.textContent()).toMatch(/^连接正常（\d+ ms）/);

      // A recorded top-up of ¥200.00 raises the balance the API reports, and the page shows the same figure.
      await row.getByTestId('account-topup').click();
      await page.getByTestId('topup-amount').fill('200');
      await page.getByTestId('topup-save').click();
      await page.getByTestId('topup-amount').waitFor({ state: 'detached' });
      const after = (await t.http().get(`/api/v1/admin/provider-accounts/${created.id}`).set(admin()).expect(200)).body;
      expect(after.totalTopupFen).toBe(20000);
      await row
        .getByTestId('account-balance')
        .filter({ hasText: formatFen(after.balanceFen) })
        .waitFor();
      expect(await row.getByTestId('account-success-rate').textContent()).toContain(formatRatio(after.usage.successRate));

      await row.getByTestId('account-history').click();
      await page.waitForURL(new RegExp(`/admin/accounts\\?account=${created.id}$`));
      const history = (
        await t.http().get(`/api/v1/admin/provider-accounts/${created.id}/balance-history?limit=200`).set(admin()).expect(200)
      ).body.items;
      expect(history.length).toBeGreaterThan(0);
      const points = (await page.getByTestId('balance-chart').locator('polyline').getAttribute('points')) ?? '';
      expect(points.split(' ')).toHaveLength(history.length);
      await j.screenshot('admin-accounts');
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });

  it('groups accounts: creates a group, puts a new account in it, binds a key to it; a group in use is not deleted', async () => {
    const owner = await newUser('grouped');
    // The refused delete answers 409, which the browser logs as a failed resource load.
    const j = await startJourney(browser, t.url, 'admin-groups', { allowedErrors: [/status of 409/] });
    const { page } = j;
    const groupName = `分组-${process.pid}`;
    const accountName = `分组账号-${process.pid}`;
    try {
      await signInAsAdmin(page);
      await page.getByTestId('admin-nav').getByText('上游账号').click();
      await page.waitForURL(/\/admin\/accounts$/);
      await page.getByTestId('group-add').click();
      await page.getByTestId('group-name').fill(groupName);
      await page.getByTestId('group-save').click();
      await page.getByTestId('group-name').waitFor({ state: 'detached' });
      const groups = (await t.http().get('/api/v1/admin/provider-groups').set(admin()).expect(200)).body.items as {
        id: string;
        name: string;
      }[];
      const group = groups.find((g) => g.name === groupName)!;
      const groupRow = page.locator(`[data-testid="group-row"][data-id="${group.id}"]`);
      expect(await groupRow.getByTestId('group-count').textContent()).toBe('0');

      await page.getByTestId('account-add').click();
      await page.getByTestId('account-name').fill(accountName);
      await page.getByTestId('account-key').fill('sk-browser-group-secret-0001');
      await page.getByTestId('account-group').click();
      await page.locator('.ant-select-item-option').filter({ hasText: groupName }).click();
      await page.getByTestId('account-save').click();
      await page.getByTestId('account-form').waitFor({ state: 'detached' });
      const accounts = (await t.http().get('/api/v1/admin/provider-accounts').set(admin()).expect(200)).body.items as {
        name: string;
        groupId: string | null;
        mode: string;
      }[];
      expect(accounts.find((a) => a.name === accountName)).toMatchObject({ groupId: group.id, mode: 'shared' });
      await groupRow.getByTestId('group-count').filter({ hasText: '1' }).waitFor();

      // Still in use: refused with the reason, and the group stays.
      await groupRow.getByTestId('group-delete').click();
      await page.getByTestId('group-panel').getByText('分组里还有 1 个账号，请先移出').waitFor();
      await t.http().get(`/api/v1/admin/provider-groups/${group.id}`).set(admin()).expect(200);

      // A key for a user, bound to the group.
      await page.getByTestId('admin-nav').getByText('API 密钥').click();
      await page.waitForURL(/\/admin\/keys$/);
      await page.getByTestId('key-create').click();
      await page.getByTestId('key-user').click();
      await page.keyboard.type(owner.email);
      await page.locator('.ant-select-item-option').filter({ hasText: owner.email }).click();
      await page.getByTestId('key-name').fill('bound to a group');
      await page.getByTestId('key-binding').click();
      await page
        .locator('.ant-select-item-option')
        .filter({ hasText: `分组：${groupName}` })
        .click();
      await page.getByTestId('key-save').click();
      await page.getByTestId('key-secret').waitFor();
      const keys = (await t.http().get(`/api/v1/admin/api-keys?userId=${owner.id}`).set(admin()).expect(200)).body.items;
      expect(keys.map((k: { upstreamBinding: string | null }) => k.upstreamBinding)).toEqual([`group:${group.id}`]);
      await j.screenshot('admin-groups');
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });

  it('refunds a paid sandbox order with a confirmed reason; the user’s credits are taken back', async () => {
    const buyer = await newUser('buyer');
    const packages = (await t.http().get('/api/v1/packages').expect(200)).body as { id: string; code: string; credits: number }[];
    const basic = packages.find((p) => p.code === 'basic')!;
    const order = (
      await t.http().post('/api/v1/orders').set(buyer.auth).send({ packageId: basic.id, channel: 'sandbox' }).expect(201)
    ).body;
    await t.http().post(`/api/v1/payments/sandbox/${order.id}/pay`).expect(200);
    const paidBalance = (await t.http().get('/api/v1/credits/balance').set(buyer.auth).expect(200)).body.available;

    const j = await startJourney(browser, t.url, 'admin-orders');
    const { page } = j;
    try {
      await signInAsAdmin(page);
      await page.getByTestId('admin-nav').getByText('订单').click();
      await page.waitForURL(/\/admin\/orders$/);
      await page.getByTestId('order-search').locator('input').fill(order.outTradeNo);
      await page.getByTestId('order-search').locator('input').press('Enter');
      await page.waitForURL(/outTradeNo=/);
      const row = page.locator(`[data-testid="order-row"][data-id="${order.id}"]`);
      await row.waitFor();
      expect(await row.getByTestId('order-amount').textContent()).toBe(formatFen(order.amountFen));
      expect(await row.getByTestId('order-status').textContent()).toBe('已支付');

      await row.getByTestId('order-refund').click();
      await page.getByTestId('refund-confirm').click();
      await page.getByText('请填写退款原因').waitFor(); // the reason is required
      await page.getByTestId('refund-reason').fill('用户申请退款');
      await page.getByTestId('refund-confirm').click();
      await row.getByTestId('order-status').filter({ hasText: '已退款' }).waitFor();

      const refunded = (await t.http().get(`/api/v1/admin/orders/${order.id}`).set(admin()).expect(200)).body;
      expect(refunded).toMatchObject({ status: 'refunded', refundReason: '用户申请退款' });
      const balance = (await t.http().get('/api/v1/credits/balance').set(buyer.auth).expect(200)).body.available;
      expect(balance).toBe(paidBalance - refunded.refundClawedBack);
      expect(refunded.refundClawedBack).toBeGreaterThan(0);

      await row.locator('.ant-table-row-expand-icon').click();
      const detail = page.getByTestId('order-detail');
      await detail.waitFor();
      expect(await detail.textContent()).toContain('用户申请退款');

      // By creation day (the browser's calendar, both ends included): not in a range that ends the day before.
      const day = (offset: number) => {
        const d = new Date(Date.now() + offset * 86_400_000);
        return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      };
      await page.getByTestId('order-to').fill(day(-1));
      await page.waitForURL(new RegExp(`to=${day(-1)}`));
      await row.waitFor({ state: 'detached' });
      await page.getByTestId('order-to').fill(day(0));
      await page.waitForURL(new RegExp(`to=${day(0)}`));
      await row.waitFor();
      await j.screenshot('admin-orders');
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });

  it('turns maintenance on with a message: the user sees the banner, generation is refused; then off', async () => {
    const user = await newUser('maint');
    const j = await startJourney(browser, t.url, 'admin-maintenance');
    const { page } = j;
    try {
      await signInAsAdmin(page);
      await page.getByTestId('admin-nav').getByText('系统').click();
      await page.waitForURL(/\/admin\/system$/);
      expect(await page.getByTestId('system-state').getAttribute('data-value')).toBe('normal');
      await page.getByTestId('maintenance-switch').click();
      await page.getByTestId('maintenance-message').fill('系统升级中，预计 30 分钟');
      await page.getByTestId('maintenance-save').click();
      await page.locator('[data-testid="system-state"][data-value="maintenance"]').waitFor();

      const status = (await t.http().get('/api/v1/system/status').expect(200)).body;
      expect(status).toMatchObject({ status: 'maintenance', message: '系统升级中，预计 30 分钟' });
      const refused = await t
        .http()
        .post('/api/v1/videos')
        .set(user.auth)
        .send({ prompt: 'a cat', model: 'veo3', durationSeconds: 8, orientation: 'landscape' })
        .expect(503);
      expect(refused.body.code).toBe('MAINTENANCE_MODE');
      await j.screenshot('admin-maintenance');

      // What the user sees meanwhile: the banner with the admin's message on their own page.
      const u = await startJourney(browser, t.url, 'admin-maintenance-user');
      try {
        await u.page.goto('/login');
        await u.page.getByTestId('email').fill(user.email);
        await u.page.getByTestId('password').fill('correct horse battery');
        await u.page.getByTestId('submit').click();
        const banner = u.page.getByTestId('status-banner');
        await banner.waitFor();
        expect(await banner.getAttribute('data-status')).toBe('maintenance');
        expect(await banner.textContent()).toContain('系统升级中，预计 30 分钟');
        await u.screenshot('admin-maintenance-user-banner');
        expect(u.unexpectedErrors()).toEqual([]);
      } finally {
        await u.close();
      }

      await page.getByTestId('maintenance-switch').click();
      await page.getByTestId('maintenance-save').click();
      await page.locator('[data-testid="system-state"][data-value="normal"]').waitFor();
      expect((await t.http().get('/api/v1/system/status').expect(200)).body.status).toBe('normal');

      // Run a scheduled job now: a manual run appears in the list with its outcome.
      const job = page.locator('[data-testid="scheduled-job"][data-name="reports.daily"]');
      await job.getByTestId('run-now').click();
      await page.getByTestId('scheduled-runs').getByText('手动').first().waitFor();
      const runs = (await t.http().get('/api/v1/admin/scheduled-runs?limit=50').set(admin()).expect(200)).body.items as {
        jobName: string;
        trigger: string;
      }[];
      expect(runs.some((r) => r.jobName === 'reports.daily' && r.trigger === 'manual')).toBe(true);
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });

  it('shows daily reports for a range and exports the same CSV the API gives', async () => {
    const today = new Date();
    const iso = (d: Date) =>
      `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const yesterday = iso(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1));
    const from = iso(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 6));
    await t.http().post(`/api/v1/admin/reports/daily/${yesterday}/generate`).set(admin()).expect(200);
    const reports = (await t.http().get(`/api/v1/admin/reports/daily?from=${from}&to=${yesterday}`).set(admin()).expect(200))
      .body as {
      figures: { date: string; revenueFen: number; grossProfitFen: number };
    }[];
    expect(reports.length).toBeGreaterThan(0);
    const apiCsv = (await t.http().get(`/api/v1/admin/reports/daily.csv?from=${from}&to=${yesterday}`).set(admin()).expect(200))
      .text;

    const j = await startJourney(browser, t.url, 'admin-reports');
    const { page } = j;
    try {
      await signInAsAdmin(page);
      await page.goto(`/admin/reports?from=${from}&to=${yesterday}`);
      for (const r of reports) {
        const row = page.locator(`[data-testid="report-row"][data-date="${r.figures.date}"]`);
        await row.waitFor();
        expect(await row.getByTestId('report-revenueFen').textContent()).toBe(formatFen(r.figures.revenueFen));
        expect(await row.getByTestId('report-grossProfitFen').textContent()).toBe(formatFen(r.figures.grossProfitFen));
      }
      expect(await page.getByTestId('reports-chart').locator('polyline').count()).toBe(3);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('reports-csv').click()]);
      expect(download.suggestedFilename()).toBe(`reelmeter-reports-${from}-${yesterday}.csv`);
      expect(readFileSync((await download.path())!, 'utf8')).toBe(apiCsv);
      await j.screenshot('admin-reports');
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });

  it('creates a redemption batch, exports it once, a user redeems a code, statistics follow; disables the batch', async () => {
    const j = await startJourney(browser, t.url, 'admin-redeem', {
      // The second export is refused by the API on purpose (410/409): Chromium logs that response.
      allowedErrors: [/Failed to load resource: the server responded with a status of 4\d\d/],
    });
    const { page } = j;
    const name = `闲鱼-${process.pid}`;
    try {
      await signInAsAdmin(page);
      await page.getByTestId('admin-nav').getByText('兑换码').click();
      await page.waitForURL(/\/admin\/redeem$/);
      await page.getByTestId('batch-create').click();
      await page.getByTestId('batch-name').fill(name);
      await page.getByTestId('batch-count').fill('5');
      await page.getByTestId('batch-credits').fill('30');
      await page.getByTestId('batch-price').fill('9.9');
      await page.getByTestId('batch-save').click();
      await page.getByTestId('batch-created').waitFor();

      const batches = (await t.http().get('/api/v1/admin/redeem-batches?limit=100').set(admin()).expect(200)).body.items as {
        id: string;
        name: string;
        priceFen: number;
        count: number;
      }[];
      const batch = batches.find((b) => b.name === name)!;
      expect(batch).toMatchObject({ count: 5, priceFen: 990 });
      const row = page.locator(`[data-testid="batch-row"][data-id="${batch.id}"]`);
      await row.waitFor();
      expect(await row.getByTestId('batch-remaining').textContent()).toBe('5');

      await row.getByTestId('batch-export-txt').click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-confirm').click()]);
      const codes = readFileSync((await download.path())!, 'utf8')
        .trim()
        .split('\n');
      expect(codes).toHaveLength(5);
      for (const code of codes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]$/);
      await row.getByTestId('batch-exported').waitFor(); // exported once: no export buttons any more
      expect(await row.getByTestId('batch-export-csv').count()).toBe(0);
      await t
        .http()
        .get(`/api/v1/admin/redeem-batches/${batch.id}/export`)
        .set(admin())
        .expect((res) => expect(res.status).toBeGreaterThanOrEqual(400));

      // A user redeems one code: their balance rises by the batch's credits; the page's statistics follow.
      const user = await newUser('redeemer');
      const before = (await t.http().get('/api/v1/credits/balance').set(user.auth).expect(200)).body.available;
      await t.http().post('/api/v1/redeem').set(user.auth).send({ code: codes[0] }).expect(200);
      const afterBalance = (await t.http().get('/api/v1/credits/balance').set(user.auth).expect(200)).body.available;
      expect(afterBalance).toBe(before + 30);
      await page.reload();
      await row.getByTestId('batch-redeemed').filter({ hasText: '1' }).waitFor();
      expect(await row.getByTestId('batch-remaining').textContent()).toBe('4');

      await row.getByTestId('batch-toggle').click();
      await row.getByTestId('batch-status').filter({ hasText: '已停用' }).waitFor();
      const refused = await t.http().post('/api/v1/redeem').set(user.auth).send({ code: codes[1] });
      expect(refused.body.code).toBe('REDEEM_CODE_DISABLED');
      const stats = (await t.http().get(`/api/v1/admin/redeem-batches/${batch.id}`).set(admin()).expect(200)).body.stats;
      expect(await row.getByTestId('batch-disabled').textContent()).toBe(String(stats.disabled));
      await j.screenshot('admin-redeem');
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });

  it('shows a non-admin a 403 page on /admin without loading admin code; the API refuses their admin calls', async () => {
    const user = await newUser('not-admin');
    for (const path of [
      '/api/v1/admin/dashboard',
      '/api/v1/admin/users',
      '/api/v1/admin/provider-accounts',
      '/api/v1/admin/orders',
    ]) {
      const res = await t.http().get(path).set(user.auth).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    const j = await startJourney(browser, t.url, 'admin-forbidden');
    const { page } = j;
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    try {
      await page.goto('/login?next=%2Fadmin%2Fusers');
      await page.getByTestId('email').fill(user.email);
      await page.getByTestId('password').fill('correct horse battery');
      await page.getByTestId('submit').click();
      await page.waitForURL(/\/admin\/users$/);
      await page.getByTestId('forbidden').waitFor();
      expect(await page.getByText('403').first().isVisible()).toBe(true);
      await page.goto('/admin');
      await page.getByTestId('forbidden').waitFor();
      const manifest = JSON.parse(readFileSync(`${WEB_DIST}/.vite/manifest.json`, 'utf8'));
      const adminChunk = manifest['src/features/admin/AdminHomePage.tsx'].file as string;
      expect(scripts.length).toBeGreaterThan(0);
      expect(scripts.filter((u) => u.endsWith(adminChunk))).toEqual([]);
      await j.screenshot('admin-forbidden');
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });

  it('creates a package and edits the price table; the public prices and packages follow', async () => {
    const j = await startJourney(browser, t.url, 'admin-pricing');
    const { page } = j;
    const code = `p${process.pid}`;
    try {
      await signInAsAdmin(page);
      await page.getByTestId('admin-nav').getByText('套餐价格').click();
      await page.waitForURL(/\/admin\/pricing$/);
      await page.getByTestId('package-add').click();
      await page.getByTestId('package-code').fill(code);
      await page.getByTestId('package-name').fill('体验包');
      await page.getByTestId('package-price').fill('19.9');
      await page.getByTestId('package-credits').fill('20');
      await page.getByTestId('package-save').click();
      const row = page.locator(`[data-testid="package-row"][data-code="${code}"]`);
      await row.waitFor();
      const created = (
        (await t.http().get('/api/v1/packages').expect(200)).body as { code: string; priceFen: number; credits: number }[]
      ).find((p) => p.code === code);
      expect(created).toMatchObject({ priceFen: 1990, credits: 20 });
      expect(await row.getByTestId('package-price-cell').textContent()).toBe('¥19.90');

      const before = (await t.http().get('/api/v1/admin/pricing').set(admin()).expect(200)).body as {
        videos: { model: string; durationSeconds: number; credits: number }[];
      };
      const first = before.videos[0];
      const priceRow = page.locator(`[data-testid="video-price-row"][data-key="${first.model}:${first.durationSeconds}"]`);
      await priceRow.getByTestId('video-price-credits').fill(String(first.credits + 5));
      await page.getByTestId('prices-save').click();
      await page.getByTestId('prices-saved').waitFor();
      const after = (await t.http().get('/api/v1/admin/pricing').set(admin()).expect(200)).body as typeof before;
      expect(after.videos.find((v) => v.model === first.model && v.durationSeconds === first.durationSeconds)!.credits).toBe(
        first.credits + 5,
      );
      await j.screenshot('admin-pricing');
      // Put the price back for the other journeys.
      await t.http().put('/api/v1/admin/pricing').set(admin()).send(before).expect(200);
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });

  it('creates a trial API key for a user (secret shown once), then revokes it', async () => {
    const owner = await newUser('key-owner');
    const j = await startJourney(browser, t.url, 'admin-keys');
    const { page } = j;
    try {
      await signInAsAdmin(page);
      await page.getByTestId('admin-nav').getByText('API 密钥').click();
      await page.waitForURL(/\/admin\/keys$/);
      await page.getByTestId('key-create').click();
      await page.getByTestId('key-trial').click();
      await page.getByTestId('key-user').click();
      await page.keyboard.type(owner.email);
      await page.locator('.ant-select-item-option').filter({ hasText: owner.email }).click();
      await page.getByTestId('key-save').click();
      const secret = await page.getByTestId('key-secret').inputValue();
      expect(secret.length).toBeGreaterThan(20);

      const keys = (await t.http().get(`/api/v1/admin/api-keys?userId=${owner.id}`).set(admin()).expect(200)).body.items as {
        id: string;
        quotaLimit: number;
        expiresAfterFirstUseDays: number;
        concurrencyLimit: number;
        prefix: string;
      }[];
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatchObject({ quotaLimit: 20, expiresAfterFirstUseDays: 7, concurrencyLimit: 1 });
      expect(secret.startsWith(keys[0].prefix)).toBe(true);
      // The key works for its owner's account.
      await t
        .http()
        .get('/api/v1/key-usage')
        .set({ Authorization: `Bearer ${secret}` })
        .expect(200);

      const row = page.locator(`[data-testid="key-row"][data-id="${keys[0].id}"]`);
      expect(await row.getByTestId('key-quota-cell').textContent()).toBe('0 / 20');
      await j.screenshot('admin-keys');
      await page.getByTestId('key-secret-box').getByRole('button').click();
      expect(await page.getByTestId('key-secret').count()).toBe(0); // gone from the page
      await row.getByTestId('key-revoke').click();
      await page.getByTestId('key-revoke-confirm').click();
      // The confirm dialog closes once the revoke call has answered; then the list shows the new status.
      await page.getByTestId('key-revoke-confirm').waitFor({ state: 'detached', timeout: 30_000 });
      const revoked = (await t.http().get(`/api/v1/admin/api-keys?userId=${owner.id}`).set(admin()).expect(200)).body.items;
      expect(revoked.map((k: { status: string }) => k.status)).toEqual(['revoked']);
      await row.getByTestId('key-status').filter({ hasText: '已吊销' }).waitFor({ timeout: 30_000 });
      await t
        .http()
        .get('/api/v1/key-usage')
        .set({ Authorization: `Bearer ${secret}` })
        .expect(401);
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });

  it('lists video jobs with filters and the failure breakdown the API reports', async () => {
    const user = await newUser('videos');
    const job = (
      await t
        .http()
        .post('/api/v1/videos')
        .set(user.auth)
        .send({ prompt: 'a red fox in snow', model: 'veo3', durationSeconds: 8, orientation: 'landscape' })
        .expect(202)
    ).body;
    // Wait until the job has finished (the simulated upstream may fail it), so the breakdown is stable.
    let listed: { id: string; status: string }[] = [];
    for (let i = 0; i < 240; i++) {
      listed = (await t.http().get(`/api/v1/admin/videos?userId=${user.id}`).set(admin()).expect(200)).body.items;
      if (['succeeded', 'failed', 'canceled'].includes(listed[0]?.status)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(listed.map((v) => v.id)).toEqual([job.id]);
    const failures = (await t.http().get('/api/v1/admin/videos/failures').set(admin()).expect(200)).body.kinds as {
      errorKind: string;
      jobs: number;
    }[];

    const j = await startJourney(browser, t.url, 'admin-videos');
    const { page } = j;
    try {
      await signInAsAdmin(page);
      await page.goto(`/admin/videos?userId=${user.id}`);
      const rows = page.getByTestId('video-row');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(1);
      expect(await rows.first().getAttribute('data-id')).toBe(job.id);
      for (const k of failures)
        expect(
          await page.locator(`[data-testid="failure-kind"][data-kind="${k.errorKind}"]`).first().getAttribute('data-jobs'),
        ).toBe(String(k.jobs));
      if (failures.length === 0) await page.getByTestId('video-failures').getByText('没有失败任务').first().waitFor();
      await page.goto(`/admin/videos?userId=${user.id}&status=canceled`);
      await page.getByTestId('video-table').getByText('暂无数据').waitFor();
      await j.screenshot('admin-videos');
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });

  it('adds an alert channel, sends a test, and changes a rule threshold', async () => {
    const rules = (await t.http().get('/api/v1/admin/alert-rules').set(admin()).expect(200)).body as {
      key: string;
      params: Record<string, unknown>;
    }[];
    const rule = rules.find((r) => Object.values(r.params).some((v) => typeof v === 'number'))!;
    const [param, value] = Object.entries(rule.params).find(([, v]) => typeof v === 'number') as [string, number];

    const j = await startJourney(browser, t.url, 'admin-alert-settings');
    const { page } = j;
    try {
      await signInAsAdmin(page);
      await page.getByTestId('admin-nav').getByText('告警').click();
      await page.waitForURL(/\/admin\/alerts$/);
      await page.getByTestId('channel-add').click();
      await page.getByTestId('channel-name').fill('值班邮箱');
      await page.getByTestId('channel-recipients').fill('ops@example.com, boss@example.com');
      await page.getByTestId('channel-save').click();
      // The dialog closes once the create call has answered: only then is the channel there to read.
      await page.getByTestId('channel-name').waitFor({ state: 'detached' });
      const channels = (await t.http().get('/api/v1/admin/alert-channels').set(admin()).expect(200)).body as {
        id: string;
        name: string;
        recipients: string[];
      }[];
      const channel = channels.find((c) => c.name === '值班邮箱')!;
      expect(channel.recipients).toEqual(['ops@example.com', 'boss@example.com']);
      const row = page.locator(`[data-testid="channel-row"][data-id="${channel.id}"]`);
      await row.getByTestId('channel-test').click();
      const result = row.getByTestId('channel-test-result');
      await result.waitFor();
      expect(['true', 'false']).toContain(await result.getAttribute('data-ok'));

      const ruleRow = page.locator(`[data-testid="rule-row"][data-key="${rule.key}"]`);
      await ruleRow.getByTestId(`rule-param-${param}`).fill(String(value + 1));
      await ruleRow.getByTestId('rule-save').click();
      await page
        .locator(
          `[data-testid="rule-row"][data-key="${rule.key}"] input[data-testid="rule-param-${param}"][value="${value + 1}"]`,
        )
        .waitFor();
      // The input shows the typed value at once; the save answers a moment later.
      const saved = await until(async () => {
        const body = (await t.http().get(`/api/v1/admin/alert-rules/${rule.key}`).set(admin()).expect(200)).body;
        return body.params[param] === value + 1 ? body : undefined;
      }, 'the rule to be saved', 30_000);
      expect(saved.params[param]).toBe(value + 1);
      await j.screenshot('admin-alert-settings');
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });
});
