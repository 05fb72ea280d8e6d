import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, TestApp } from '../../apps/api/test/test-app';
import { ensureSpaBuilt, launchChromium, pageExpression, patchSession, readSession, startJourney, WEB_DIST } from './harness';

const { measure: measureBundle } = require('../../apps/web/scripts/bundle-size.cjs');

type PageSize = { page: string; chunk: string; fileList: string[]; gzipBytes: number };

/** `getComputedStyle`, named without the DOM lib (tests compile for Node). */
type ComputedStyleHost = { getComputedStyle(el: unknown): { color: string } };

/**
 * The user SPA in headless Chromium against the real API on its own PostgreSQL database.
 * Each journey fails on any console error it does not expect, and saves a screenshot under
 * test-artifacts/browser/.
 */
describe('user SPA in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let n = 0;
  const email = (tag: string) => `${tag}-${process.pid}-${++n}@example.com`;
  const PASSWORD = 'correct horse battery';

  beforeAll(async () => {
    ensureSpaBuilt();
    t = await createTestApp({ WEB_DIST_DIR: WEB_DIST });
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function registerViaApi(address: string) {
    await t.http().post('/api/v1/auth/register').send({ email: address, password: PASSWORD, displayName: 'Ada' }).expect(201);
  }

  async function signIn(page: Page, address: string, password = PASSWORD) {
    await page.getByTestId('email').fill(address);
    await page.getByTestId('password').fill(password);
    await page.getByTestId('submit').click();
  }

  async function text(page: Page, testId: string): Promise<string> {
    const locator = page.getByTestId(testId).first();
    await locator.waitFor();
    return (await locator.textContent()) ?? '';
  }

  it('keeps every user page within 200 KB gzip of first-load JavaScript, admin code split off', () => {
    const { pages } = measureBundle(WEB_DIST) as { pages: PageSize[] };
    const admin = pages.find((p) => p.page.startsWith('admin'))!;
    const user = pages.filter((p) => p !== admin);
    expect(user.map((p) => p.page)).toEqual([
      'sign in',
      'sign up',
      'dashboard',
      'credit history',
      'buy credits',
      'generate',
      'my videos',
      'video detail',
      'api keys',
      'key usage (public)',
    ]);
    const over = user.filter((p) => p.gzipBytes > 200 * 1024).map((p) => `${p.page}: ${(p.gzipBytes / 1024).toFixed(1)} KB`);
    expect(over).toEqual([]);
    for (const p of user) expect(p.fileList).not.toContain(admin.chunk);
  });

  it('(a) signs up, sees the 520 sign-up bonus, the green +520 history row, downloads CSV, signs out', async () => {
    const j = await startJourney(browser, t.url, 'a-signup');
    const { page } = j;
    try {
      await page.goto('/');
      await page.waitForURL(/\/login\?next=%2F$/); // route guard
      await page.getByRole('link', { name: '注册' }).click();
      await page.getByTestId('display-name').waitFor(); // the sign-up page's chunk has loaded
      const address = email('signup');
      await page.getByTestId('email').fill(address);
      await page.getByTestId('password').fill(PASSWORD);
      await page.getByTestId('display-name').fill('小明');
      await page.getByTestId('submit').click();

      await page.waitForURL((url) => url.pathname === '/');
      expect(await text(page, 'balance')).toContain('520');
      expect(await text(page, 'signup-bonus')).toBe('注册赠送 520 积分');
      expect(await text(page, 'recent-ledger')).toContain('+520');
      await j.screenshot('a-signup-dashboard');

      await page.getByTestId('main-nav').getByRole('link', { name: '积分明细' }).click();
      await page.waitForURL(/\/credits$/);
      const amount = page.getByTestId('credit-history').getByTestId('ledger-amount').first();
      await amount.waitFor();
      expect(await amount.textContent()).toBe('+520');
      const color = await amount.evaluate((el) => (globalThis as unknown as ComputedStyleHost).getComputedStyle(el).color);
      expect(color).toBe('rgb(82, 196, 26)'); // Ant Design's success green
      expect(await text(page, 'balance-after')).toBe('520');
      expect(await page.getByTestId('credit-history').getByTestId('ledger-row').textContent()).toContain('注册赠送');

      // Kind filter: nothing spent yet; the bonus is under its own kind; the filter is in the URL.
      await page.getByTestId('kind-filter').getByText('消耗').click();
      await page.waitForURL(/\/credits\?kind=consume$/);
      await page.getByTestId('credit-history').getByText('暂无记录').waitFor();
      await page.getByTestId('kind-filter').getByText('注册赠送').click();
      await page.waitForURL(/\/credits\?kind=signup_bonus$/);
      await page.getByTestId('credit-history').getByTestId('ledger-row').first().waitFor();
      expect(await page.getByTestId('credit-history').getByTestId('ledger-row').count()).toBe(1);
      await page.getByTestId('kind-filter').getByText('全部类型').click();
      await page.waitForURL(/\/credits$/);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
      expect(download.suggestedFilename()).toMatch(/^reelmeter-credits-all-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = readFileSync((await download.path())!, 'utf8');
      const lines = csv
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toBe('id,createdAt,kind,amount,balanceAfter,action,description,referenceType,referenceId');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/,signup_bonus,520,520,/);
      await j.screenshot('a-credit-history');

      await page.getByTestId('sign-out').click();
      await page.waitForURL(/\/login$/);
      await page.goto('/credits');
      await page.waitForURL(/\/login\?next=%2Fcredits$/);
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });

  it('(e) a wrong password shows the friendly message; the right one continues to the page asked for', async () => {
    const address = email('wrongpw');
    await registerViaApi(address);
    // Chromium logs every 4xx answer as "Failed to load resource"; this journey expects one 401.
    const j = await startJourney(browser, t.url, 'e-wrong-password', {
      allowedErrors: [/Failed to load resource: .*status of 401/],
    });
    const { page } = j;
    try {
      await page.goto('/credits');
      await page.waitForURL(/\/login\?next=%2Fcredits$/);
      await signIn(page, address, 'not the password');
      const alert = page.getByTestId('error-alert');
      await alert.waitFor();
      expect(await alert.getAttribute('data-code')).toBe('INVALID_CREDENTIALS');
      expect(await alert.textContent()).toContain('邮箱或密码错误');
      await j.screenshot('e-wrong-password');

      await page.getByTestId('password').fill(PASSWORD);
      await page.getByTestId('submit').click();
      await page.waitForURL(/\/credits$/);
      expect(await text(page, 'balance-after')).toBe('520');
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });

  it('(f) switches to English, and the choice survives a reload and sign-in', async () => {
    const address = email('english');
    await registerViaApi(address);
    const j = await startJourney(browser, t.url, 'f-english');
    const { page } = j;
    try {
      await page.goto('/login');
      expect(await text(page, 'submit')).toBe('登 录'); // antd spaces two-character CJK button labels
      await page.getByTestId('language-switch').click();
      expect(await text(page, 'submit')).toBe('Sign in');
      expect(await pageExpression(page, 'document.documentElement.lang')).toBe('en');

      await page.reload();
      expect(await text(page, 'submit')).toBe('Sign in');
      await signIn(page, address);
      await page.waitForURL((url) => url.pathname === '/');
      expect(await text(page, 'signup-bonus')).toBe('Sign-up bonus: 520 credits');
      expect(await page.getByTestId('balance').textContent()).toContain('Available credits');
      expect(await page.getByTestId('main-nav').textContent()).toContain('Credit history');
      await j.screenshot('f-english-dashboard');

      await page.getByTestId('language-switch').click();
      expect(await text(page, 'signup-bonus')).toBe('注册赠送 520 积分');
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });

  it('refreshes an expired access token once for parallel requests, without leaving the page', async () => {
    const address = email('refresh');
    await registerViaApi(address);
    const j = await startJourney(browser, t.url, 'refresh', { allowedErrors: [/Failed to load resource: .*status of 401/] });
    const { page } = j;
    try {
      await page.goto('/login');
      await signIn(page, address);
      await page.waitForURL((url) => url.pathname === '/');
      await text(page, 'balance');
      const before = await readSession(page);

      // The access token "expires": the dashboard's three parallel queries all get 401.
      await patchSession(page, { accessToken: 'expired.token.value' });
      const refreshCalls: string[] = [];
      const unauthorized: string[] = [];
      page.on('request', (req) => req.url().endsWith('/api/v1/auth/refresh') && refreshCalls.push(req.url()));
      page.on('response', (res) => res.status() === 401 && unauthorized.push(res.url()));
      await page.reload();

      expect(await text(page, 'balance')).toContain('520');
      await page.getByTestId('recent-ledger').waitFor();
      expect(unauthorized.length).toBeGreaterThanOrEqual(2);
      expect(refreshCalls).toHaveLength(1); // single flight: refresh tokens are single-use
      expect(new URL(page.url()).pathname).toBe('/');
      const after = await readSession(page);
      expect(after.refreshToken).not.toBe(before.refreshToken);
      expect(after.accessToken).not.toBe('expired.token.value');

      // Both tokens dead: back to sign-in, told why, and returned to the page afterwards.
      await page.goto('/credits');
      await page.getByTestId('credit-history').getByTestId('ledger-row').waitFor();
      await patchSession(page, { accessToken: 'x.y.z', refreshToken: 'revoked' });
      await page.reload();
      await page.waitForURL(/\/login\?expired=1&next=%2Fcredits$/);
      await page.getByTestId('session-expired').waitFor();
      await j.screenshot('refresh-session-expired');
      await signIn(page, address);
      await page.waitForURL(/\/credits$/);
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });

  it('retries network failures, then shows them with a working retry button', async () => {
    const address = email('offline');
    await registerViaApi(address);
    const j = await startJourney(browser, t.url, 'network', { allowedErrors: [/net::ERR_INTERNET_DISCONNECTED/] });
    const { page } = j;
    try {
      await page.goto('/login');
      await signIn(page, address);
      await page.waitForURL((url) => url.pathname === '/');
      await text(page, 'balance');

      let attempts = 0;
      await page.route('**/api/v1/credits/balance', (route) => {
        attempts++;
        return route.abort('internetdisconnected');
      });
      await page.reload();
      const alert = page.getByTestId('balance-card').getByTestId('error-alert');
      await alert.waitFor({ timeout: 30_000 });
      expect(await alert.getAttribute('data-code')).toBe('NETWORK_ERROR');
      expect(await alert.textContent()).toContain('无法连接服务器');
      expect(attempts).toBeGreaterThanOrEqual(4); // the first try and three retries
      await j.screenshot('network-error');

      await page.unroute('**/api/v1/credits/balance');
      await alert.getByRole('button').click();
      expect(await text(page, 'balance')).toContain('520');
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });

  it('fits a phone-width screen without sideways scrolling', async () => {
    const address = email('phone');
    await registerViaApi(address);
    const j = await startJourney(browser, t.url, 'phone', { viewport: { width: 375, height: 740 } });
    const { page } = j;
    try {
      await page.goto('/login');
      await signIn(page, address);
      await page.waitForURL((url) => url.pathname === '/');
      await page.getByTestId('recent-ledger').waitFor();
      const overflow = () =>
        pageExpression<number>(page, 'document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(await overflow()).toBeLessThanOrEqual(0);
      await j.screenshot('phone-dashboard');

      await page.getByTestId('main-nav').getByRole('link', { name: '积分明细' }).click();
      await page.getByTestId('credit-history').getByTestId('ledger-amount').first().waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await j.screenshot('phone-credit-history');
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });

  it('keeps /admin for admins, and loads admin code only when an admin opens it', async () => {
    const address = email('notadmin');
    await registerViaApi(address);
    const j = await startJourney(browser, t.url, 'admin-boundary');
    const { page } = j;
    const adminChunks: string[] = [];
    page.on('request', (req) => /\/assets\/AdminHomePage-[^/]+\.js$/.test(req.url()) && adminChunks.push(req.url()));
    try {
      await page.goto('/login');
      await signIn(page, address);
      await page.waitForURL((url) => url.pathname === '/');
      expect(await page.getByTestId('main-nav').textContent()).not.toContain('管理后台');
      await page.goto('/admin');
      await page.getByTestId('forbidden').waitFor(); // role guard: a 403 page (issue 9), admin code not loaded
      expect(new URL(page.url()).pathname).toBe('/admin');
      expect(adminChunks).toEqual([]);
      await page.goto('/');
      await text(page, 'balance');

      await page.getByTestId('sign-out').click();
      await page.waitForURL(/\/login$/);
      await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
      await page.waitForURL((url) => url.pathname === '/');
      await page.getByTestId('main-nav').getByRole('link', { name: '管理后台' }).click();
      await page.waitForURL(/\/admin$/);
      await page.getByTestId('admin-overview').waitFor();
      expect(adminChunks).toHaveLength(1);
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });
});
