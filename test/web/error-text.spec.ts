import { AxiosError, AxiosHeaders } from 'axios';
import i18next from 'i18next';
import { friendlyError, needsCredits } from '../../apps/web/src/api/error-text';
import { ApiError, toApiError } from '../../apps/web/src/api/errors';
import { en } from '../../apps/web/src/i18n/en';
import { zhCN } from '../../apps/web/src/i18n/zh-CN';

/** An axios failure carrying the API's error body, as the client sees it. */
function apiFailure(status: number, data: unknown): AxiosError {
  const config = { headers: new AxiosHeaders() };
  return new AxiosError('Request failed', 'ERR_BAD_REQUEST', config, {}, { status, statusText: '', headers: {}, config, data });
}

describe('friendly error text', () => {
  const i18n = i18next.createInstance();
  beforeAll(async () => {
    await i18n.init({
      resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
      lng: 'zh-CN',
      fallbackLng: 'zh-CN',
      interpolation: { escapeValue: false },
    });
  });

  const insufficient = apiFailure(400, {
    statusCode: 400,
    code: 'INSUFFICIENT_CREDITS',
    message: 'Insufficient credits: 5 available, 15 required',
    details: { available: 5, required: 15 },
  });

  it('names the current and required credits for INSUFFICIENT_CREDITS, and asks for a buy link', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(friendlyError(insufficient, i18n.t)).toBe('积分不足：当前 5，需要 15');
    expect(needsCredits(insufficient)).toBe(true);
    await i18n.changeLanguage('en');
    expect(friendlyError(insufficient, i18n.t)).toBe('Not enough credits: you have 5, this needs 15');
  });

  it('maps known codes, interpolates details, and falls back to the server message', async () => {
    await i18n.changeLanguage('zh-CN');
    const wrong = apiFailure(401, { statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Email or password is incorrect' });
    expect(friendlyError(wrong, i18n.t)).toBe('邮箱或密码错误');
    expect(needsCredits(wrong)).toBe(false);
    const throttled = apiFailure(429, {
      statusCode: 429,
      code: 'TOO_MANY_LOGIN_ATTEMPTS',
      message: '…',
      details: { retryAfterSeconds: 42 },
    });
    expect(friendlyError(throttled, i18n.t)).toBe('登录失败次数过多，请 42 秒后再试');
    const unknown = apiFailure(418, { statusCode: 418, code: 'SOMETHING_NEW', message: 'A brand-new failure' });
    expect(friendlyError(unknown, i18n.t)).toBe('出错了：A brand-new failure');
  });

  it('treats a missing response as a network error worth retrying', async () => {
    await i18n.changeLanguage('zh-CN');
    const offline = new AxiosError('Network Error', 'ERR_NETWORK', { headers: new AxiosHeaders() });
    const e = toApiError(offline);
    expect(e).toBeInstanceOf(ApiError);
    expect([e.status, e.code, e.isNetwork, e.isTransient]).toEqual([0, 'NETWORK_ERROR', true, true]);
    expect(friendlyError(offline, i18n.t)).toBe('无法连接服务器，请检查网络后重试');
    expect(toApiError(apiFailure(503, { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'x' })).isTransient).toBe(true);
    expect(toApiError(apiFailure(400, { statusCode: 400, code: 'VALIDATION_FAILED', message: 'x' })).isTransient).toBe(false);
  });
});
