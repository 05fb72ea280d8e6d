import type { Browser, Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, TestApp } from '../../apps/api/test/test-app';
import { ensureSpaBuilt, launchChromium, startJourney, WEB_DIST } from './harness';

/**
 * Buying credits and generating videos in headless Chromium, against the real API with the sandbox
 * payment gateway and the built-in simulated upstream (the fake upstream server, in-process, sped
 * up so a video takes a few seconds). Every journey fails on an unexpected console error.
 */
describe('buy credits and generate videos in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let n = 0;
  const PASSWORD = 'correct horse battery';

  beforeAll(async () => {
    ensureSpaBuilt();
    t = await createTestApp({
      WEB_DIST_DIR: WEB_DIST,
      SIMULATED_UPSTREAM_ENABLED: 'true',
      SIMULATED_UPSTREAM_TIME_SCALE: '0.02',
      VIDEO_POLL_INITIAL_MS: '200',
      VIDEO_POLL_MAX_MS: '300',
      VIDEO_POLL_TICK_MS: '50',
      VIDEO_SSE_POLL_MS: '100',
    });
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A fresh user (520 sign-up credits), signed in on the dashboard. */
  async function signedIn(page: Page, tag: string): Promise<string> {
    const email = `${tag}-${process.pid}-${++n}@example.com`;
    await t.http().post('/api/v1/auth/register').send({ email, password: PASSWORD }).expect(201);
    await page.goto('/login');
    await page.getByTestId('email').fill(email);
    await page.getByTestId('password').fill(PASSWORD);
    await page.getByTestId('submit').click();
    await page.waitForURL((url) => url.pathname === '/');
    return email;
  }

  async function adminAuth(): Promise<{ Authorization: string }> {
    const res = await t.http().post('/api/v1/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).expect(200);
    return { Authorization: `Bearer ${res.body.accessToken}` };
  }

  async function balance(page: Page): Promise<number> {
    await page.goto('/');
    const text = (await page.getByTestId('balance').textContent()) ?? '';
    return Number(/[\d,]+/.exec(text.replace(/^[^\d]*/, ''))?.[0].replace(/,/g, ''));
  }

  it('(b) buys a package through the sandbox: QR code, waiting, simulated payment, balance rises', async () => {
    const j = await startJourney(browser, t.url, 'b-buy');
    const { page } = j;
    try {
      await signedIn(page, 'buy');
      expect(await balance(page)).toBe(520);
      await page.getByTestId('main-nav').getByRole('link', { name: '购买积分' }).click();
      await page.waitForURL(/\/buy$/);
      await page.locator('[data-testid=package][data-code=pro]').click();
      await page.getByTestId('channel').getByText('沙箱（测试）').click();
      await page.getByTestId('place-order').dblclick(); // one order, however many clicks
      await page.getByTestId('order-qr').waitFor();
      await page.getByTestId('order-waiting').waitFor();
      await j.screenshot('b-buy-qr');
      await page.getByTestId('simulate-payment').click();
      const paid = page.getByTestId('order-paid');
      await paid.waitFor();
      // 专业 ¥99: 150 credits + its bonus; the new balance is shown.
      await page.waitForFunction("!document.querySelector('[data-testid=order-paid]').textContent.includes('…')");
      const text = (await paid.textContent()) ?? '';
      const newBalance = Number(/当前余额 (\d+)/.exec(text)?.[1]);
      expect(newBalance).toBeGreaterThanOrEqual(520 + 150);
      await j.screenshot('b-buy-paid');
      expect(await balance(page)).toBe(newBalance);
      // The dashboard's quota card: the purchase bought upstream quota, nothing used yet.
      const quotaTotal = Number(await page.getByTestId('quota-total').textContent());
      expect(quotaTotal).toBeGreaterThan(0);
      expect(await page.getByTestId('quota-used').textContent()).toBe('0');
      expect(await page.getByTestId('quota-remaining').textContent()).toBe(String(quotaTotal));
      await j.screenshot('b-buy-dashboard');
      const orders = await t.ds.query(
        `SELECT count(*)::int AS n FROM payment_orders o JOIN users u ON u.id = o.user_id WHERE u.email LIKE 'buy-%'`,
      );
      expect(orders[0].n).toBe(1);
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });

  it('(c) generates a video: price and balance after shown, progress moves, the player shows it, balance drops by the price', async () => {
    const j = await startJourney(browser, t.url, 'c-generate');
    const { page } = j;
    try {
      await signedIn(page, 'gen');
      await page.getByTestId('main-nav').getByRole('link', { name: '生成视频' }).click();
      await page.getByTestId('prompt').fill('a red fox running through snow at dawn');
      await page.getByTestId('price').waitFor();
      await page.waitForFunction("document.querySelector('[data-testid=balance-now]').getAttribute('data-value') !== ''");
      const price = Number(await page.getByTestId('price').getAttribute('data-value'));
      expect(price).toBeGreaterThan(0);
      expect(Number(await page.getByTestId('balance-after-submit').getAttribute('data-value'))).toBe(520 - price);
      await j.screenshot('c-generate-form');

      const seen: number[] = [];
      await page.getByTestId('generate').dblclick(); // the Idempotency-Key makes it one job, one charge
      await page.waitForURL(/\/videos\/[0-9a-f-]{36}$/);
      const progress = page.getByTestId('video-progress');
      const player = page.getByTestId('video-player');
      for (let i = 0; i < 600 && !(await player.isVisible()); i++) {
        const value = await progress.getAttribute('data-progress', { timeout: 1000 }).catch(() => null);
        if (value !== null && seen.at(-1) !== Number(value)) seen.push(Number(value));
        await page.waitForTimeout(50);
      }
      await player.waitFor();
      expect(seen.some((p) => p > 0 && p < 100)).toBe(true); // the bar moved before the end
      await j.screenshot('c-generate-done');
      expect(await page.getByTestId('video-download').getAttribute('href')).toMatch(/\.mp4$/);
      expect(await balance(page)).toBe(520 - price);
      await page.getByTestId('recent-videos').getByTestId('video-row').waitFor(); // the dashboard lists it
      const jobs = await t.ds.query(
        `SELECT count(*)::int AS n FROM video_jobs j JOIN users u ON u.id = j.user_id WHERE u.email LIKE 'gen-%'`,
      );
      expect(jobs[0].n).toBe(1);

      await page.getByTestId('main-nav').getByRole('link', { name: '我的视频' }).click();
      // The dashboard lists video rows too: wait for the videos page itself before counting its rows.
      await page.waitForURL(/\/videos$/);
      await page.getByTestId('status-filter').waitFor();
      await page.getByTestId('video-row').first().waitFor();
      expect(await page.getByTestId('video-row').count()).toBe(1);
      expect(await page.getByTestId('video-row').getByTestId('video-status').getAttribute('data-status')).toBe('succeeded');
      await page.getByTestId('status-filter').getByText('失败').click();
      await page.waitForURL(/\/videos\?status=failed$/);
      await page.getByText('还没有视频').waitFor();
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });

  it('(d) a failing generation shows the friendly message and "credits refunded"; the balance is whole again', async () => {
    const j = await startJourney(browser, t.url, 'd-failure');
    const { page } = j;
    try {
      await signedIn(page, 'fail');
      await page.goto('/generate');
      await page.getByTestId('prompt').fill('this one breaks [fake:fail]');
      await page.getByTestId('generate').click();
      await page.waitForURL(/\/videos\/[0-9a-f-]{36}$/);
      const failure = page.getByTestId('video-failure');
      await failure.waitFor({ timeout: 60_000 });
      await page.locator('[data-testid=video-refund][data-refunded=true]').waitFor({ timeout: 30_000 });
      expect(await failure.getAttribute('data-kind')).toBe('generation_failed');
      const text = (await failure.textContent()) ?? '';
      expect(text).toMatch(/已退还 \d+ 积分/);
      expect(text).not.toMatch(/fake|upstream|error|HTTP/i); // the mapped message, not the upstream's
      await j.screenshot('d-failure');
      expect(await balance(page)).toBe(520);
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });

  it('(e) without enough credits: the friendly message with the amounts and a buy link', async () => {
    // Chromium logs the expected 400 answer as "Failed to load resource".
    const j = await startJourney(browser, t.url, 'e-insufficient', {
      allowedErrors: [/Failed to load resource: .*status of 400/],
    });
    const { page } = j;
    try {
      const email = await signedIn(page, 'poor');
      // Spend all but 3 of the 520 sign-up credits.
      const login = await t.http().post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
      await t
        .http()
        .post('/api/v1/credits/consume')
        .set('Authorization', `Bearer ${login.body.accessToken}`)
        .send({ amount: 517, action: 'script' })
        .expect(200);
      await page.goto('/generate');
      await page.getByTestId('prompt').fill('a lighthouse in a storm');
      await page.getByTestId('buy-credits-hint').waitFor(); // the balance after would be negative
      await page.getByTestId('generate').click();
      const alert = page.getByTestId('error-alert');
      await alert.waitFor();
      expect(await alert.getAttribute('data-code')).toBe('INSUFFICIENT_CREDITS');
      expect(await alert.textContent()).toMatch(/积分不足：当前 3，需要 \d+/);
      await j.screenshot('e-insufficient');
      await alert.getByTestId('buy-credits-link').click();
      await page.waitForURL(/\/buy$/);
      await page.getByTestId('package').first().waitFor();
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });

  it('redeems a code on the dashboard: a typo is caught, the right code adds its credits once', async () => {
    const admin = await adminAuth();
    const created = await t
      .http()
      .post('/api/v1/admin/redeem-batches')
      .set(admin)
      .send({ name: 'browser batch', count: 1, credits: 50, creditValidityDays: 30 })
      .expect(201);
    const code: string = created.body.codes[0];
    const typo = code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A');
    const j = await startJourney(browser, t.url, 'redeem', { allowedErrors: [/Failed to load resource: .*status of 400/] });
    const { page } = j;
    try {
      await signedIn(page, 'redeem');
      const box = page.getByTestId('redeem-box');
      await box.getByTestId('redeem-code').fill(typo);
      await box.getByTestId('redeem-submit').click();
      const alert = box.getByTestId('error-alert');
      await alert.waitFor();
      expect(await alert.getAttribute('data-code')).toBe('REDEEM_CODE_MALFORMED');
      expect(await alert.textContent()).toContain('兑换码格式不对');

      await box.getByTestId('redeem-code').fill(code.toLowerCase());
      await box.getByTestId('redeem-submit').dblclick();
      const result = box.getByTestId('redeem-result');
      await result.waitFor();
      expect(await result.textContent()).toContain('兑换成功：+50 积分，当前余额 570 积分');
      await page.getByTestId('balance').getByText('570').waitFor(); // the balance card refreshed
      await page.getByTestId('expiring').getByText('50 积分将于').waitFor(); // what expires when
      await j.screenshot('redeem-dashboard');
      const rows = await t.ds.query(
        `SELECT count(*)::int AS n FROM credit_ledger_entries e JOIN users u ON u.id = e.user_id WHERE u.email LIKE 'redeem-%' AND e.kind = 'redeem'`,
      );
      expect(rows[0].n).toBe(1);
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });

  it('shows the maintenance banner on every page, and a refused video in friendly words', async () => {
    const admin = await adminAuth();
    await t
      .http()
      .put('/api/v1/admin/system/status')
      .set(admin)
      .send({ maintenance: true, message: '系统升级中，预计 30 分钟', messageEn: 'Upgrading, about 30 minutes' })
      .expect(200);
    const j = await startJourney(browser, t.url, 'maintenance', { allowedErrors: [/Failed to load resource: .*status of 503/] });
    const { page } = j;
    try {
      await signedIn(page, 'maint');
      const banner = page.getByTestId('status-banner');
      await banner.waitFor();
      expect(await banner.getAttribute('data-status')).toBe('maintenance');
      expect(await banner.textContent()).toContain('系统升级中，预计 30 分钟');
      await page.goto('/generate');
      await page.getByTestId('status-banner').waitFor();
      await page.getByTestId('prompt').fill('a quiet harbour');
      await page.getByTestId('generate').click();
      const alert = page.getByTestId('generate-page').getByTestId('error-alert');
      await alert.waitFor();
      expect(await alert.getAttribute('data-code')).toBe('MAINTENANCE_MODE');
      expect(await alert.textContent()).toContain('系统维护中');
      await j.screenshot('maintenance');
      expect(await balance(page)).toBe(520); // nothing charged
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await t.http().put('/api/v1/admin/system/status').set(admin).send({ maintenance: false }).expect(200);
      await j.close();
    }
  });

  it('API keys: create (secret once), usage vs quota, the public usage page, revoke', async () => {
    const admin = await adminAuth();
    const j = await startJourney(browser, t.url, 'api-keys', { allowedErrors: [/Failed to load resource: .*status of 401/] });
    const { page } = j;
    try {
      const email = await signedIn(page, 'keys');
      await page.getByTestId('main-nav').getByRole('link', { name: 'API 密钥' }).click();
      await page.getByTestId('keys-not-allowed').waitFor(); // not allowed yet: told how to get it
      const [{ id }] = await t.ds.query(`SELECT id FROM users WHERE email = $1`, [email]);
      await t.http().put(`/api/v1/admin/users/${id}/api-key-permission`).set(admin).send({ allowed: true }).expect(200);
      await page.reload();

      await page.getByTestId('key-name').fill('render farm');
      await page.getByTestId('key-quota').fill('100');
      await page.getByTestId('key-create').click();
      const secret = (await page.getByTestId('key-secret').textContent()) ?? '';
      expect(secret).toMatch(/^rm_live_/);
      expect(await page.getByTestId('key-row').getByTestId('key-usage').textContent()).toBe('已用 0 / 100 积分');
      expect(await page.getByTestId('api-docs-link').getAttribute('href')).toBe('/api/docs');
      await j.screenshot('api-keys-created');

      // A program spends 10 credits with the key; the page shows the use against the quota.
      await t
        .http()
        .post('/api/v1/credits/consume')
        .set('Authorization', `Bearer ${secret}`)
        .send({ amount: 10, action: 'script' })
        .expect(200);
      await page.reload();
      expect(await page.getByTestId('key-row').getByTestId('key-usage').textContent()).toBe('已用 10 / 100 积分');
      expect(await page.getByText(secret).count()).toBe(0); // shown once only

      // The public usage page, signed out.
      await page.getByTestId('sign-out').click();
      await page.waitForURL(/\/login$/);
      await page.goto('/key-usage');
      await page.getByTestId('usage-key').fill(secret);
      await page.getByTestId('usage-check').click();
      await page.getByTestId('usage-result').waitFor();
      expect(await page.getByTestId('usage-limit').textContent()).toBe('100');
      expect(await page.getByTestId('usage-used').textContent()).toBe('10');
      expect(await page.getByTestId('usage-remaining').textContent()).toBe('90');
      await j.screenshot('key-usage-public');

      // Revoked: the usage page says so.
      await page.goto('/login');
      await page.getByTestId('email').fill(email);
      await page.getByTestId('password').fill(PASSWORD);
      await page.getByTestId('submit').click();
      await page.waitForURL((url) => url.pathname === '/');
      await page.goto('/keys');
      await page.getByTestId('key-revoke').click();
      await page.getByTestId('key-revoke-confirm').click();
      await page.locator('[data-testid=key-row][data-status=revoked]').waitFor();
      await page.goto('/key-usage');
      await page.getByTestId('usage-key').fill(secret);
      await page.getByTestId('usage-check').click();
      const alert = page.getByTestId('error-alert');
      await alert.waitFor();
      expect(await alert.getAttribute('data-code')).toBe('API_KEY_REVOKED');
      expect(j.unexpectedErrors()).toEqual([]);
    } finally {
      await j.close();
    }
  });
});
