import { FakeUpstream, keyFingerprint, startFakeUpstream } from '@reelmeter/fake-upstream';
import { ProviderName } from './dialects';
import { createVideoProvider } from './provider-factory';
import { ProviderError, SubmitVideoRequest, TaskSnapshot, VideoProvider } from './provider.types';
import { yuanToFen } from './suchuang.provider';

const GOOD_KEY = 'sk-good-0123456789abcdefghij';
const POOR_KEY = 'sk-poor-0123456789abcdefghij';
const UNKNOWN_KEY = 'sk-unknown-0123456789abcdefg';
const ALL_KEYS = [GOOD_KEY, POOR_KEY, UNKNOWN_KEY];

const request = (prompt = 'a red fox running through snow'): SubmitVideoRequest => ({
  model: 'veo3',
  prompt,
  durationSeconds: 8,
  orientation: 'landscape',
});

async function caught(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    const e = error as ProviderError;
    for (const key of ALL_KEYS) expect(`${e.message} ${JSON.stringify(e.options)} ${e.stack}`).not.toContain(key);
    return e;
  }
  throw new Error('expected a ProviderError');
}

async function pollUntilDone(provider: VideoProvider, taskId: string, seen: TaskSnapshot[] = []): Promise<TaskSnapshot> {
  for (let i = 0; i < 500; i++) {
    const snap = await provider.getTask(taskId);
    seen.push(snap);
    if (snap.status === 'succeeded' || snap.status === 'failed' || snap.status === 'cancelled' || snap.notFound) return snap;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`task ${taskId} did not finish`);
}

describe('upstream adapters over real HTTP against the fake upstream', () => {
  let fake: FakeUpstream;
  beforeAll(async () => {
    fake = await startFakeUpstream({
      seed: 42,
      timeScale: 0.001,
      keys: [
        { key: GOOD_KEY, balanceFen: 100_000 },
        { key: POOR_KEY, balanceFen: 50 },
      ],
      pricesFen: { veo3: 110 },
      scenario: { progressRegressRate: 0 },
    });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  const make = (provider: ProviderName, key = GOOD_KEY, settings = {}) =>
    createVideoProvider(provider, { baseUrl: fake.url, apiKey: key, settings });

  describe.each(['vivaapi', 'suchuang'] as const)('%s', (name) => {
    it('submits, reports queued → running with progress → succeeded with a playable URL, and charges the key', async () => {
      // Long enough (0.5–0.6 s real) that polls every few ms see it running even on a busy machine.
      fake.setScenario({ generationMs: [500_000, 600_000] });
      const provider = make(name);
      const before = fake.balanceOf(GOOD_KEY)!;
      const { taskId } = await provider.submitVideo(request());
      expect(taskId).toEqual(expect.any(String));
      expect(fake.balanceOf(GOOD_KEY)).toBe(before - 110);
      const seen: TaskSnapshot[] = [];
      const done = await pollUntilDone(provider, taskId, seen);
      expect(done).toMatchObject({ status: 'succeeded', progress: 100, resultUrl: expect.stringMatching(/^http:.*\.mp4$/) });
      const statuses = seen.map((s) => s.status);
      expect(statuses).toContain('running');
      expect(seen.some((s) => s.status === 'running' && (s.progress ?? 0) > 0 && (s.progress ?? 0) < 100)).toBe(true);
      const video = await fetch(done.resultUrl!);
      expect(video.headers.get('content-type')).toBe('video/mp4');
      expect(
        Buffer.from(await video.arrayBuffer())
          .subarray(4, 8)
          .toString(),
      ).toBe('ftyp');
      // The fake saw the key in the dialect's own header form, and its log never holds the key.
      const log = fake.requests();
      expect(log.every((r) => r.keyFingerprint === keyFingerprint(GOOD_KEY))).toBe(true);
      expect(JSON.stringify(log)).not.toContain(GOOD_KEY);
    });

    it('reports a task rejected for content while generating as failed with errorKind content_rejected', async () => {
      const provider = make(name);
      const { taskId } = await provider.submitVideo(request('a scene [fake:reject]'));
      const done = await pollUntilDone(provider, taskId);
      expect(done).toMatchObject({ status: 'failed', errorKind: 'content_rejected' });
      expect(done.failureReason).toMatch(/unsafe/);
      // new-api gives failed tasks' quota back.
      expect(fake.balanceOf(GOOD_KEY)).toBe(100_000);
    });

    it('reports an ordinary failure without a content kind', async () => {
      const provider = make(name);
      const { taskId } = await provider.submitVideo(request('a scene [fake:fail]'));
      const done = await pollUntilDone(provider, taskId);
      expect(done.status).toBe('failed');
      expect(done.errorKind).toBeUndefined();
      expect(done.failureReason).toMatch(/failed/);
    });

    it('maps a content rejection at submit to content_rejected (not retryable)', async () => {
      const e = await caught(make(name).submitVideo(request('bad [fake:reject-submit]')));
      expect(e.kind).toBe('content_rejected');
      expect(e.retryable).toBe(false);
    });

    it('treats "completed" without a URL as still running, then succeeds', async () => {
      const provider = make(name);
      const { taskId } = await provider.submitVideo(request('scene [fake:nourl]'));
      const seen: TaskSnapshot[] = [];
      const done = await pollUntilDone(provider, taskId, seen);
      expect(done.status).toBe('succeeded');
      expect(seen.every((s) => s.status !== 'succeeded' || !!s.resultUrl)).toBe(true);
    });

    it('reports a vanished task as unknown + notFound', async () => {
      const provider = make(name);
      const { taskId } = await provider.submitVideo(request('scene [fake:vanish]'));
      const done = await pollUntilDone(provider, taskId);
      expect(done).toMatchObject({ status: 'unknown', notFound: true, failureReason: 'task_not_exist' });
    });

    it('maps an unknown key to invalid_key', async () => {
      const e = await caught(make(name, UNKNOWN_KEY).submitVideo(request()));
      expect(e.kind).toBe('invalid_key');
      expect(e.retryable).toBe(false);
      const b = await caught(make(name, UNKNOWN_KEY).getBalance());
      expect(b.kind).toBe('invalid_key');
    });

    it('maps an exhausted balance to insufficient_balance and charges nothing', async () => {
      const e = await caught(make(name, POOR_KEY).submitVideo(request()));
      expect(e.kind).toBe('insufficient_balance');
      expect(e.options.mayHaveReachedProvider).toBeFalsy();
      expect(fake.balanceOf(POOR_KEY)).toBe(50);
    });

    it('maps 429 to rate_limited with Retry-After', async () => {
      fake.queueFaults(['rate_limited'], { target: 'submit' });
      const e = await caught(make(name).submitVideo(request()));
      expect(e.kind).toBe('rate_limited');
      expect(e.retryable).toBe(true);
      expect(e.options.retryAfterMs).toBeGreaterThan(0);
    });

    it('maps a concurrency cap to rate_limited', async () => {
      fake.setScenario({ concurrencyLimit: 1, generationMs: [60_000_000, 60_000_000] });
      const provider = make(name);
      await provider.submitVideo(request());
      const e = await caught(provider.submitVideo(request()));
      expect(e.kind).toBe('rate_limited');
    });

    it('maps JSON and HTML 5xx to upstream_unavailable (retryable: the task was not created)', async () => {
      fake.queueFaults(['server_error', 'html_error'], { target: 'submit' });
      const provider = make(name);
      for (const status of [500, 502]) {
        const e = await caught(provider.submitVideo(request()));
        expect(e).toMatchObject({ kind: 'upstream_unavailable' });
        expect(e.retryable).toBe(true);
        expect(e.options.httpStatus).toBe(status);
        expect(e.options.mayHaveReachedProvider).toBe(false);
      }
      expect(fake.tasks()).toHaveLength(0);
    });

    it('maps a connection reset on submit to a non-retryable error that may have reached the provider', async () => {
      fake.queueFaults(['reset'], { target: 'submit' });
      const e = await caught(make(name).submitVideo(request()));
      expect(e.kind).toBe('upstream_unavailable');
      expect(e.retryable).toBe(false);
      expect(e.options.mayHaveReachedProvider).toBe(true);
      fake.queueFaults(['reset'], { target: 'query' });
      const q = await caught(make(name).getTask('1'));
      expect(q.retryable).toBe(true);
    });

    it('maps a slow answer to timeout: never retry a submit, retry a poll', async () => {
      fake.setScenario({ slowMs: 2_000 });
      const provider = make(name, GOOD_KEY, { timeoutMs: 150 });
      fake.queueFaults(['slow'], { target: 'submit' });
      const e = await caught(provider.submitVideo(request()));
      expect(e.kind).toBe('timeout');
      expect(e.retryable).toBe(false);
      expect(e.options.mayHaveReachedProvider).toBe(true);
      fake.queueFaults(['slow'], { target: 'query' });
      const q = await caught(provider.getTask('1'));
      expect(q.kind).toBe('timeout');
      expect(q.retryable).toBe(true);
    });

    it('maps an invalid request to bad_request', async () => {
      const e = await caught(make(name).submitVideo({ ...request(), prompt: ' ' }));
      expect(e.kind).toBe('bad_request');
      expect(e.retryable).toBe(false);
    });

    it('parses the balance into fen', async () => {
      fake.setBalance(GOOD_KEY, 12_345);
      const balance = await make(name).getBalance();
      expect(balance?.balanceFen).toBe(12_345);
    });

    it('has no balance when the account says it has no balance API', async () => {
      expect(await make(name, GOOD_KEY, { paths: { balance: null } }).getBalance()).toBeUndefined();
    });

    it('sends the model through the account model map', async () => {
      await make(name, GOOD_KEY, { modelMap: { veo3: 'veo3-fast' } }).submitVideo(request());
      expect(fake.tasks()[0].model).toBe('veo3-fast');
    });
  });

  describe('vivaapi specifics', () => {
    it.each([401, 402, 403] as const)('maps insufficient quota answered with HTTP %d to insufficient_balance', async (status) => {
      fake.setScenario({ vivaInsufficientStatus: status });
      const e = await caught(make('vivaapi', POOR_KEY).submitVideo(request()));
      expect(e.kind).toBe('insufficient_balance');
      expect(e.options.httpStatus).toBe(status);
    });

    it('reports new-api quota units and converts them at the account quota rate', async () => {
      fake.setBalance(GOOD_KEY, 10_000);
      const balance = await make('vivaapi').getBalance();
      expect(balance).toMatchObject({ balanceFen: 10_000, raw: { total_available: 50_000_000, unlimited_quota: false } });
      const halfRate = await make('vivaapi', GOOD_KEY, { quotaPerYuan: 1_000_000 }).getBalance();
      expect(halfRate?.balanceFen).toBe(5_000);
    });

    it('sends Bearer auth and the new-api body', async () => {
      await make('vivaapi').submitVideo({ ...request(), orientation: 'portrait', imageUrls: ['http://img/1.png'] });
      const [submit] = fake.requests();
      expect(submit).toMatchObject({
        dialect: 'vivaapi',
        path: '/v1/video/create',
        body: { model: 'veo3', aspect_ratio: '9:16', images: ['http://img/1.png'] },
      });
    });
  });

  describe('suchuang specifics', () => {
    it('handles errors sent as HTTP 200 with an error code', async () => {
      await caught(make('suchuang', UNKNOWN_KEY).submitVideo(request()));
      await caught(make('suchuang', POOR_KEY).submitVideo(request()));
      const statuses = fake.requests().map((r) => [r.status, r.outcome]);
      expect(statuses).toEqual([
        [200, 'invalid_key'],
        [200, 'insufficient_balance'],
      ]);
    });

    it('handles the same errors mirrored in the HTTP status', async () => {
      fake.setScenario({ suchuangErrorStyle: 'http' });
      expect((await caught(make('suchuang', UNKNOWN_KEY).submitVideo(request()))).kind).toBe('invalid_key');
      expect((await caught(make('suchuang', POOR_KEY).submitVideo(request()))).kind).toBe('insufficient_balance');
      fake.queueFaults(['rate_limited']);
      expect((await caught(make('suchuang').submitVideo(request()))).kind).toBe('rate_limited');
    });

    it('sends the raw key (a Bearer header would be a wrong key) and the 速创 body', async () => {
      await make('suchuang').submitVideo({ ...request(), imageUrls: ['http://img/1.png'] });
      const [submit] = fake.requests();
      expect(submit).toMatchObject({
        dialect: 'suchuang',
        keyFingerprint: keyFingerprint(GOOD_KEY),
        body: { model: 'veo3', type: 'img2video', img_url: ['http://img/1.png'], ratio: '16:9' },
      });
    });

    it('parses yuan amounts to fen on the digits', () => {
      expect(yuanToFen('12.34')).toBe(1234);
      expect(yuanToFen('0.1')).toBe(10);
      expect(yuanToFen('7')).toBe(700);
      expect(yuanToFen('1.005')).toBe(101);
      expect(yuanToFen(3.3)).toBe(330);
      expect(yuanToFen('abc')).toBeUndefined();
    });
  });

  describe('simulated', () => {
    it('runs the whole flow against the fake in the new-api dialect', async () => {
      const provider = make('simulated');
      const { taskId } = await provider.submitVideo(request());
      expect((await pollUntilDone(provider, taskId)).status).toBe('succeeded');
      expect((await provider.getBalance())?.balanceFen).toBe(100_000 - 110);
      expect(fake.requests()[0].dialect).toBe('vivaapi');
    });
  });
});

describe('adapters facing an upstream that echoes the key', () => {
  it('scrubs the key from every error message, whatever the provider sends back', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      const echoed = String(req.headers.authorization ?? '');
      res.writeHead(req.url?.startsWith('/v1') ? 401 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `bad token ${echoed}` }, code: 401, msg: `密钥错误 ${echoed}` }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      for (const name of ['vivaapi', 'suchuang'] as const) {
        const provider = createVideoProvider(name, { baseUrl, apiKey: GOOD_KEY });
        const e = await caught(provider.submitVideo(request()));
        expect(e.kind).toBe('invalid_key');
        expect(e.message).toContain('[redacted]');
      }
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
