import { keyFingerprint, startFakeUpstream } from './server';

const KEY = 'sk-control-test-key-0123456789';

async function http(url: string, init: RequestInit & { json?: unknown } = {}) {
  const res = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
    body: init.json === undefined ? init.body : JSON.stringify(init.json),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body: body as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('fake upstream server', () => {
  it('is steered through /__control: keys, scenario, faults, request log (keys redacted), reset', async () => {
    const fake = await startFakeUpstream({ seed: 7, timeScale: 0.001, controlToken: 'ctl' });
    try {
      const ctl = { 'x-fake-control-token': 'ctl' };
      expect((await http(`${fake.url}/__control/state`)).status).toBe(401);
      const added = await http(`${fake.url}/__control/keys`, {
        method: 'POST',
        headers: ctl,
        json: { key: KEY, balanceFen: 220 },
      });
      expect(added.body).toEqual({ keyFingerprint: keyFingerprint(KEY) });
      await http(`${fake.url}/__control/scenario`, { method: 'PUT', headers: ctl, json: { qpsLimit: 100 } });
      await http(`${fake.url}/__control/faults`, {
        method: 'POST',
        headers: ctl,
        json: { faults: ['server_error'], target: 'submit' },
      });

      const submit = (key = KEY) =>
        http(`${fake.url}/api/video/veoPlus?key=${encodeURIComponent(key)}`, {
          method: 'POST',
          json: { model: 'veo3', prompt: 'a cat', type: 'text2video', img_url: [], ratio: '16:9' },
        });
      expect((await submit()).status).toBe(500);
      expect((await submit()).body).toMatchObject({ code: 200, data: { id: expect.any(Number) } });
      expect((await submit()).body).toMatchObject({ code: 200 });
      // Balance ran out mid-batch: ¥2.20 pays for two ¥1.10 videos.
      expect((await submit()).body).toMatchObject({ code: 402, msg: expect.stringContaining('余额不足') });

      const state = await http(`${fake.url}/__control/state`, { headers: ctl });
      expect(state.body.keys).toEqual([expect.objectContaining({ keyFingerprint: keyFingerprint(KEY), balanceFen: 0 })]);
      expect(state.body.scenario.qpsLimit).toBe(100);
      const log = await http(`${fake.url}/__control/requests`, { headers: ctl });
      expect(log.body.items.map((r: { outcome: string }) => r.outcome)).toEqual([
        'fault:server_error',
        'ok',
        'ok',
        'insufficient_balance',
      ]);
      expect(log.body.items[0].path).toContain('key=%5Bredacted%5D');
      expect(JSON.stringify(log.body)).not.toContain(KEY);

      await http(`${fake.url}/__control/reset`, { method: 'POST', headers: ctl });
      expect((await http(`${fake.url}/__control/requests`, { headers: ctl })).body.items).toEqual([]);
      expect((await submit()).body).toMatchObject({ code: 401 });
    } finally {
      await fake.close();
    }
  });

  it('replays the same outcomes for the same seed', async () => {
    const run = async (seed: number) => {
      const fake = await startFakeUpstream({
        seed,
        timeScale: 0.001,
        keys: [{ key: KEY, balanceFen: 100_000 }],
        scenario: { failRate: 0.3, contentRejectRate: 0.2, serverErrorRate: 0.2 },
      });
      const outcomes: string[] = [];
      try {
        for (let i = 0; i < 12; i++) {
          const res = await http(`${fake.url}/v1/video/create`, {
            method: 'POST',
            headers: { authorization: `Bearer ${KEY}` },
            json: { model: 'veo3', prompt: `p${i}` },
          });
          outcomes.push(res.status === 200 ? res.body.id : `HTTP ${res.status}`);
        }
      } finally {
        await fake.close();
      }
      return outcomes;
    };
    const a = await run(3);
    expect(await run(3)).toEqual(a);
    expect(a.some((o) => o.startsWith('HTTP 5'))).toBe(true);
    expect(await run(4)).not.toEqual(a);
  });

  it('answers 429 with Retry-After past the per-key QPS cap, scaled by the time scale', async () => {
    const fake = await startFakeUpstream({
      timeScale: 0.01,
      keys: [{ key: KEY, balanceFen: 100 }],
      scenario: { qpsLimit: 2, retryAfterSeconds: 30 },
    });
    try {
      const get = () => http(`${fake.url}/api/usage/token`, { headers: { authorization: `Bearer ${KEY}` } });
      expect((await get()).status).toBe(200);
      expect((await get()).status).toBe(200);
      const limited = await get();
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('rate_limit_exceeded');
      expect(limited.headers.get('retry-after')).toBe('1');
      expect(limited.headers.get('retry-after-ms')).toBe('300');
    } finally {
      await fake.close();
    }
  });
});
