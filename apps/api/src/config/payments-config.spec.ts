import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

const base = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40), UPSTREAM_SECRET_KEY: 'a'.repeat(64) };

describe('payment gateway configuration', () => {
  it('leaves a channel unavailable when none of its variables are set', () => {
    const config = loadConfig(base);
    expect(config.payments.alipay).toBeUndefined();
    expect(config.payments.wechat).toBeUndefined();
    expect(config.payments.orderTtlMinutes).toBe(30);
    expect(config.payments.sandboxEnabled).toBe(true);
  });

  it('refuses half a configuration, naming the missing variables', () => {
    expect(() => loadConfig({ ...base, ALIPAY_APP_ID: '2021000000000001' })).toThrow(ConfigError);
    try {
      loadConfig({ ...base, WECHAT_MCHID: '1900000109' });
    } catch (error) {
      expect((error as ConfigError).problems.join('\n')).toMatch(/WECHAT_APIV3_KEY: required/);
    }
    expect(() => loadConfig({ ...base, WECHAT_APIV3_KEY: 'short' })).toThrow(/WECHAT_APIV3_KEY must be exactly 32/);
  });

  it('reads keys inline with \\n escapes or from file:, and never enables the sandbox in production', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const dir = mkdtempSync(join(tmpdir(), 'reelmeter-keys-'));
    writeFileSync(join(dir, 'app.pem'), privatePem);
    const config = loadConfig({
      ...base,
      NODE_ENV: 'production',
      UPSTREAM_SECRET_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
      PAYMENT_SANDBOX_ENABLED: 'true',
      ALIPAY_APP_ID: '2021000000000001',
      ALIPAY_PRIVATE_KEY: `file:${join(dir, 'app.pem')}`,
      ALIPAY_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString().replace(/\n/g, '\\n'),
      PAYMENT_NOTIFY_BASE_URL: 'https://pay.example.com/',
    });
    expect(config.payments.alipay?.privateKey.trim()).toBe(privatePem.trim());
    expect(config.payments.alipay?.alipayPublicKey).toContain('\n');
    expect(config.payments.notifyBaseUrl).toBe('https://pay.example.com');
    expect(config.payments.sandboxEnabled).toBe(false);

    // Bare base64 (as the gateways' consoles show keys) works; garbage stops start-up naming the variable.
    const bare = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const fromBare = loadConfig({ ...base, ALIPAY_APP_ID: '1', ALIPAY_PRIVATE_KEY: privatePem, ALIPAY_PUBLIC_KEY: bare });
    expect(fromBare.payments.alipay?.alipayPublicKey).toContain('BEGIN PUBLIC KEY');
    expect(() => loadConfig({ ...base, ALIPAY_APP_ID: '1', ALIPAY_PRIVATE_KEY: 'not-a-key', ALIPAY_PUBLIC_KEY: bare })).toThrow(
      /ALIPAY_PRIVATE_KEY: not a readable RSA private key/,
    );
  });
});
