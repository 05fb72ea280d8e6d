import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import ts from 'typescript';
import { ERROR_STATUS } from '@reelmeter/shared';
import { balanceOf, loginAdmin, registerUser } from './factories';
import { createTestApp, TestApp } from './test-app';

const ROOT = join(__dirname, '../../..');
const API_MD = readFileSync(join(ROOT, 'docs/API.md'), 'utf8');
const OPENAPI = JSON.parse(readFileSync(join(ROOT, 'docs/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>>;
};

/** The fenced code block between `<!-- flow:name -->` and `<!-- /flow:name -->` in docs/API.md. */
function flow(name: string): string {
  const match = new RegExp(`<!-- flow:${name} -->\\n+\`\`\`\\w+\\n([\\s\\S]*?)\`\`\`\\n+<!-- /flow:${name} -->`).exec(API_MD);
  if (!match) throw new Error(`docs/API.md has no flow:${name} block`);
  return match[1];
}

/** Runs a command without blocking the event loop (the server under test lives in this process). */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/**
 * docs/API.md is a contract too: its curl and TypeScript flows run here against a listening server,
 * its error table must agree with ERROR_STATUS, and its list of key routes with the OpenAPI document.
 */
describe('docs/API.md', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'reelmeter-docs-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const forThisServer = (code: string, key = 'rm_live_your_key_here') =>
    code.replaceAll('http://localhost:3000', t.url).replaceAll('rm_live_your_key_here', key);

  it('its curl flows work as written: get a key, then balance, spend (retried), ledger, key usage', async () => {
    const user = await registerUser(t);
    const admin = await loginAdmin(t);
    await request(t.url)
      .put(`/api/v1/admin/users/${user.id}/api-key-permission`)
      .set(admin.auth)
      .send({ allowed: true })
      .expect(200);

    const env = { PATH: process.env.PATH, RM_EMAIL: user.email, RM_PASSWORD: user.password };
    const getKey = await run('bash', ['--norc', '--noprofile', '-euo', 'pipefail', '-c', forThisServer(flow('get-key'))], env);
    expect(getKey.stderr).toBe('');
    expect(getKey.status).toBe(0);
    const created = JSON.parse(getKey.stdout) as { secret: string; quotaLimit: number };
    expect(created.secret).toMatch(/^rm_live_/);
    expect(created.quotaLimit).toBe(500);

    const curl = await run(
      'bash',
      ['--norc', '--noprofile', '-euo', 'pipefail', '-c', forThisServer(flow('curl'), created.secret)],
      env,
    );
    expect(curl.stderr).toBe('');
    expect(curl.status).toBe(0);
    expect(curl.stdout).toContain('"available":520');
    expect(curl.stdout.match(/"consumed":10/g)).toHaveLength(2);
    expect(curl.stdout).toMatch(/"kind":"consume","amount":-10/);
    expect(curl.stdout).toMatch(/"quotaUsed":10,"quotaRemaining":490/);
    expect(curl.stdout).toMatch(/^X-RateLimit-Limit: 120\r?$/im);
    expect(curl.stdout).toMatch(/^X-RateLimit-Remaining: \d+\r?$/im);
    expect(curl.stdout).toMatch(/^X-RateLimit-Reset: \d+\r?$/im);
    // The retry was replayed, not charged again.
    expect(await balanceOf(t, user)).toBe(510);

    // The TypeScript flow, compiled as a reader would, against the same key.
    const source = ts.transpileModule(forThisServer(flow('typescript'), created.secret), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const file = join(dir, 'flow.js');
    writeFileSync(file, source);
    const node = await run(process.execPath, [file], env);
    expect(node.stderr).toBe('');
    expect(node.status).toBe(0);
    expect(node.stdout.split('\n')).toEqual([
      'available 510',
      'consumed 10 available 500',
      'latest entry consume -10',
      'key quota used 20 remaining 480',
      'refused INSUFFICIENT_CREDITS',
      '',
    ]);
  });

  it('its error table agrees with the codes the server uses', () => {
    const rows = [...API_MD.matchAll(/^\|\s*(\d{3})\s*\|\s*((?:`[A-Z_]+`(?: \/ )?)+)\s*\|/gm)];
    expect(rows.length).toBeGreaterThan(15);
    const documented = new Map<string, number>();
    for (const [, status, codes] of rows) {
      for (const [, code] of codes.matchAll(/`([A-Z_]+)`/g)) documented.set(code, Number(status));
    }
    for (const [code, status] of documented) {
      expect({ code, status }).toEqual({ code, status: (ERROR_STATUS as Record<string, number>)[code] });
    }
    const keyCodes = Object.keys(ERROR_STATUS).filter((c) => /API_KEY|RATE_LIMITED|CONCURRENCY/.test(c));
    for (const code of keyCodes) expect(documented.has(code)).toBe(true);
  });

  it('lists exactly the routes that accept an API key', () => {
    const section = API_MD.slice(
      API_MD.indexOf('**Routes that accept an API key**'),
      API_MD.indexOf('Every other route refuses a key'),
    );
    const documented = [...section.matchAll(/^\|\s*`(GET|POST|PUT|PATCH|DELETE) (\/api\/v1\/[^`?]+)/gm)].map(
      ([, m, p]) => `${m} ${p}`,
    );
    const keyed = Object.entries(OPENAPI.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.security?.some((s) => 'apiKey' in s))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(keyed.sort());
  });
});
