import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

/**
 * Browser journeys: the real API (createTestApp, own database) serving the built SPA, driven by
 * Debian's Chromium through playwright-core. No browser download: `.ci/run` installs `chromium`.
 */
export const ROOT = join(__dirname, '../..');
export const WEB_DIR = join(ROOT, 'apps/web');
export const WEB_DIST = join(WEB_DIR, 'dist');
export const ARTIFACTS = join(ROOT, 'test-artifacts/browser');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

/** Builds the SPA when dist is missing or older than its sources (a developer's edit, a fresh clone). */
export function ensureSpaBuilt(): void {
  const index = join(WEB_DIST, 'index.html');
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(WEB_DIR, p));
  const sourceTime = Math.max(...sources.map(newestMtime));
  if (existsSync(index) && existsSync(join(WEB_DIST, '.vite/manifest.json')) && statSync(index).mtimeMs >= sourceTime) return;
  // Jest sets NODE_ENV=test, which would make Vite bundle React's development build.
  execFileSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    cwd: WEB_DIR,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH`,
    );
  }
  // playwright starts the browser with a fresh temporary --user-data-dir and removes it on close.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface Journey {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors not on the journey's allow-list. */
  unexpectedErrors: () => string[];
  /** Saves test-artifacts/browser/<name>.png (not committed). */
  screenshot: (name: string) => Promise<void>;
  /** Saves <name>-end.png (how the page looked when the journey ended, passed or failed) and closes. */
  close: () => Promise<void>;
}

/**
 * A fresh browser context (own storage) on the app. Every console error fails the journey unless
 * it matches `allowedErrors` — e.g. Chromium's own "Failed to load resource … 401" line for a
 * journey that expects the API to answer 401.
 */
export async function startJourney(
  browser: Browser,
  baseURL: string,
  name: string,
  options: { allowedErrors?: RegExp[]; viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<Journey> {
  const context = await browser.newContext({
    baseURL,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: options.locale ?? 'zh-CN',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    context,
    page,
    unexpectedErrors: () => errors.filter((e) => !(options.allowedErrors ?? []).some((re) => re.test(e))),
    screenshot: async (name) => {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    close: async () => {
      await page.screenshot({ path: join(ARTIFACTS, `${name}-end.png`), fullPage: true }).catch(() => undefined);
      const unexpected = errors.filter((e) => !(options.allowedErrors ?? []).some((re) => re.test(e)));
      if (unexpected.length) console.log(`unexpected browser errors in ${name}:\n${unexpected.join('\n')}`);
      await context.close();
    },
  };
}

interface StoredSession {
  accessToken: string;
  refreshToken: string;
  user: { email: string };
}

/** The SPA's stored session (localStorage), read in the page. (DOM names are strings here: tests compile without the DOM lib.) */
export function readSession(page: Page): Promise<StoredSession> {
  return page.evaluate<StoredSession>("JSON.parse(localStorage.getItem('reelmeter.session'))");
}

/** Overwrites parts of the stored session, e.g. to make the access token "expire". */
export async function patchSession(page: Page, patch: Partial<StoredSession>): Promise<void> {
  const next = { ...(await readSession(page)), ...patch };
  await page.evaluate(`localStorage.setItem('reelmeter.session', ${JSON.stringify(JSON.stringify(next))})`);
}

export function pageExpression<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate<T>(expression);
}
