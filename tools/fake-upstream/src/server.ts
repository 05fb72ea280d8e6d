import { createHash } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { TINY_MP4 } from './mp4';
import { between, seededRandom } from './random';
import { DEFAULT_SCENARIO, Dialect, Fault, FAULTS, FaultTarget, Scenario } from './scenario';

export interface FakeKeyOptions {
  key: string;
  /** Starting balance in fen (¥1 = 100). */
  balanceFen: number;
  /** Overrides of the global scenario for this key only (e.g. one account rate-limited). */
  scenario?: Partial<Scenario>;
  label?: string;
}

export interface FakeUpstreamOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Seed of every random choice (latencies, outcomes, faults). */
  seed?: number;
  /** Multiplies every simulated duration (1 = real time; tests use ~0.001). */
  timeScale?: number;
  scenario?: Partial<Scenario>;
  keys?: FakeKeyOptions[];
  /** Unknown keys get 401 unless this gives them a starting balance (the in-process simulated upstream). */
  autoRegisterBalanceFen?: number;
  /** Price of one video per upstream model, fen. */
  pricesFen?: Record<string, number>;
  /** Price of a model not in `pricesFen` (default ¥1.10, 速创's veo3 price). */
  defaultPriceFen?: number;
  /** new-api quota units per ¥1 for vivaapi balances (default 500000, new-api's QuotaPerUnit). */
  quotaPerYuan?: number;
  /** When set, /__control/* needs the header `x-fake-control-token`. */
  controlToken?: string;
}

export interface LoggedRequest {
  seq: number;
  at: string;
  method: string;
  /** Path and query, with any `key=` query value redacted. */
  path: string;
  dialect: Dialect | 'file' | 'unknown';
  operation: 'submit' | 'query' | 'balance' | 'file' | 'other';
  /** `fp_` + 12 hex of SHA-256 of the key: tells keys apart without revealing them. */
  keyFingerprint: string | null;
  /** The parsed JSON body, with anything equal to a key redacted. */
  body?: unknown;
  status?: number | 'reset';
  /** `ok`, `fault:<fault>`, `invalid_key`, `insufficient_balance`, `rate_limited`, `not_found`, … */
  outcome?: string;
  taskId?: string;
}

export interface FakeTaskView {
  id: string;
  dialect: Dialect;
  keyFingerprint: string;
  model: string;
  prompt: string;
  priceFen: number;
  state: TaskPhase;
}

type TaskPhase = 'queued' | 'downloading' | 'generating' | 'upsampling' | 'completed' | 'failed' | 'vanished';
type Outcome = 'success' | 'fail' | 'reject' | 'stuck' | 'vanish';

interface FakeTask {
  id: string;
  dialect: Dialect;
  account: KeyAccount;
  model: string;
  prompt: string;
  priceFen: number;
  hasImages: boolean;
  createdAt: number;
  outcome: Outcome;
  queueMs: number;
  generationMs: number;
  upsampleMs: number;
  /** Fraction of generation after which a failing task fails (or a stuck task stops). */
  stopAt: number;
  noUrlMs: number;
  regressFrom?: number;
  vanishAt: number;
  settled: boolean;
}

interface KeyAccount {
  key: string;
  fingerprint: string;
  label: string;
  balanceFen: number;
  grantedFen: number;
  usedFen: number;
  scenario: Partial<Scenario>;
  recent: number[];
  open: Set<FakeTask>;
}

interface QueuedFault {
  fault: Fault;
  target: FaultTarget;
  fingerprint?: string;
}

type ErrorKind =
  | 'invalid_key'
  | 'insufficient_balance'
  | 'rate_limited'
  | 'server_error'
  | 'html_error'
  | 'content_rejected'
  | 'bad_request'
  | 'not_found';

export interface FakeUpstream {
  readonly url: string;
  readonly port: number;
  readonly timeScale: number;
  close(): Promise<void>;
  /** Merges into the global scenario. */
  setScenario(partial: Partial<Scenario>): void;
  scenario(): Scenario;
  upsertKey(options: FakeKeyOptions): void;
  setBalance(key: string, balanceFen: number): void;
  balanceOf(key: string): number | undefined;
  /** Forces the next matching calls to fail this way, in order (before any randomness). */
  queueFaults(faults: Fault[], options?: { key?: string; target?: FaultTarget }): void;
  requests(): LoggedRequest[];
  clearRequests(): void;
  tasks(): FakeTaskView[];
  /** Forgets tasks, faults and the request log and restores the starting scenario and keys. */
  reset(): void;
}

export function keyFingerprint(key: string): string {
  return `fp_${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

const HTML_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

const MAX_BODY = 1024 * 1024;

/**
 * Starts the fake upstream. It speaks two dialects on one port:
 * - vivaapi / new-api: `Authorization: Bearer <key>`, `POST /v1/video/create`, `GET /v1/video/query?id=`,
 *   `GET /api/usage/token`, OpenAI-style error bodies;
 * - 速创 (suchuang): `Authorization: <key>` or `?key=`, `POST /api/video/veoPlus`, `GET /api/video/veoDetail?id=`,
 *   `GET /api/user/balance`, errors as HTTP 200 with a body `code` ≠ 200.
 * Result URLs (`/files/<id>.mp4`) serve a tiny MP4. `/__control/*` lets tests steer it (see README).
 */
export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0)) throw new RangeError('timeScale must be > 0');
  const seed = options.seed ?? 1;
  const initialScenario: Scenario = { ...DEFAULT_SCENARIO, ...options.scenario };
  const quotaPerYuan = options.quotaPerYuan ?? 500_000;
  const defaultPriceFen = options.defaultPriceFen ?? 110;
  const pricesFen = options.pricesFen ?? {};

  let rand = seededRandom(seed);
  let scenario: Scenario = { ...initialScenario };
  let accounts = new Map<string, KeyAccount>();
  let tasks = new Map<string, FakeTask>();
  let faults: QueuedFault[] = [];
  let log: LoggedRequest[] = [];
  let seq = 0;
  let taskSeq = 0;
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  let baseUrl = '';

  const scaled = (ms: number) => ms * timeScale;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timer.unref();
      timers.add(timer);
    });

  const addAccount = (o: FakeKeyOptions) => {
    const existing = accounts.get(o.key);
    const account: KeyAccount = existing ?? {
      key: o.key,
      fingerprint: keyFingerprint(o.key),
      label: o.label ?? 'fake',
      balanceFen: 0,
      grantedFen: 0,
      usedFen: 0,
      scenario: {},
      recent: [],
      open: new Set(),
    };
    account.grantedFen += Math.max(0, o.balanceFen - account.balanceFen);
    account.balanceFen = o.balanceFen;
    if (o.scenario) account.scenario = { ...o.scenario };
    if (o.label) account.label = o.label;
    accounts.set(o.key, account);
  };
  const initAccounts = () => {
    accounts = new Map();
    for (const k of options.keys ?? []) addAccount(k);
  };
  initAccounts();

  const scenarioFor = (account?: KeyAccount): Scenario => (account ? { ...scenario, ...account.scenario } : scenario);

  // ---- tasks -------------------------------------------------------------------------------
  const phaseOf = (task: FakeTask, now: number): { phase: TaskPhase; progress: number; url?: string; reason?: string } => {
    const e = now - task.createdAt;
    const q = task.queueMs;
    const g = task.generationMs;
    if (task.outcome === 'vanish' && e >= task.vanishAt) return { phase: 'vanished', progress: 0 };
    if (e < q) return { phase: task.hasImages && e > q / 2 ? 'downloading' : 'queued', progress: 0 };
    const raw = Math.min(99, Math.max(1, Math.floor(((e - q) / g) * 100)));
    if (task.outcome === 'fail' || task.outcome === 'reject') {
      if (e >= q + g * task.stopAt) {
        return {
          phase: 'failed',
          progress: Math.floor(task.stopAt * 100),
          reason:
            task.outcome === 'reject'
              ? 'PUBLIC_ERROR_UNSAFE_GENERATION: the prompt was rejected by Google as unsafe'
              : 'video generation failed: upstream model error',
        };
      }
    }
    if (task.outcome === 'stuck') return { phase: 'generating', progress: Math.min(raw, Math.floor(task.stopAt * 100)) };
    if (e < q + g) {
      let progress = raw;
      if (task.regressFrom !== undefined && progress >= task.regressFrom && progress < task.regressFrom + 10) {
        progress = Math.max(1, progress - 15);
      }
      return { phase: 'generating', progress };
    }
    if (e < q + g + task.upsampleMs) return { phase: 'upsampling', progress: 99 };
    const done = q + g + task.upsampleMs;
    if (e < done + task.noUrlMs) return { phase: 'completed', progress: 100 };
    return { phase: 'completed', progress: 100, url: `${baseUrl}/files/${encodeURIComponent(task.id)}.mp4` };
  };

  /** Closes finished tasks: frees concurrency, refunds failures (new-api gives the quota back). */
  const settle = (now: number) => {
    for (const account of accounts.values()) {
      for (const task of account.open) {
        const { phase } = phaseOf(task, now);
        if (phase === 'completed' || phase === 'failed' || phase === 'vanished') {
          account.open.delete(task);
          if (phase === 'failed' && !task.settled && scenarioFor(account).refundOnFailure) {
            account.balanceFen += task.priceFen;
            account.usedFen -= task.priceFen;
          }
          task.settled = true;
        }
      }
    }
  };

  const createTask = (
    dialect: Dialect,
    account: KeyAccount,
    model: string,
    prompt: string,
    hasImages: boolean,
    upsample: boolean,
  ) => {
    const s = scenarioFor(account);
    const marker = (m: string) => prompt.includes(`[fake:${m}]`);
    let outcome: Outcome = 'success';
    if (marker('fail')) outcome = 'fail';
    else if (marker('reject')) outcome = 'reject';
    else if (marker('stuck')) outcome = 'stuck';
    else if (marker('vanish')) outcome = 'vanish';
    else {
      const r = rand();
      let acc = 0;
      for (const [o, p] of [
        ['fail', s.failRate],
        ['reject', s.contentRejectRate],
        ['stuck', s.stuckRate],
        ['vanish', s.vanishRate],
      ] as [Outcome, number][]) {
        acc += p;
        if (r < acc) {
          outcome = o;
          break;
        }
      }
    }
    taskSeq += 1;
    const id =
      dialect === 'suchuang'
        ? String(5800 + taskSeq)
        : `task_${taskSeq.toString(36)}${Math.floor(rand() * 0xffffffff)
            .toString(16)
            .padStart(8, '0')}`;
    const generationMs = scaled(between(rand, s.generationMs));
    const task: FakeTask = {
      id,
      dialect,
      account,
      model,
      prompt,
      priceFen: pricesFen[model] ?? defaultPriceFen,
      hasImages,
      createdAt: Date.now(),
      outcome,
      queueMs: scaled(between(rand, s.queueMs)),
      generationMs,
      upsampleMs: upsample ? scaled(between(rand, s.upsampleMs)) : 0,
      stopAt: outcome === 'reject' ? 0.05 + rand() * 0.1 : 0.2 + rand() * 0.6,
      noUrlMs: marker('nourl') || rand() < s.noUrlRate ? generationMs * 0.1 + scaled(1000) : 0,
      regressFrom: marker('regress') || rand() < s.progressRegressRate ? 30 + Math.floor(rand() * 40) : undefined,
      vanishAt: 0,
      settled: false,
    };
    task.vanishAt = task.queueMs + task.generationMs * (0.2 + rand() * 0.5);
    tasks.set(id, task);
    account.open.add(task);
    return task;
  };

  // ---- responses ---------------------------------------------------------------------------
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };

  const retryHeaders = (s: Scenario) => ({
    'retry-after': String(Math.max(1, Math.ceil(scaled(s.retryAfterSeconds * 1000) / 1000))),
    'retry-after-ms': String(Math.max(1, Math.round(scaled(s.retryAfterSeconds * 1000)))),
  });

  const sendError = (
    dialect: Dialect,
    res: ServerResponse,
    kind: ErrorKind,
    s: Scenario,
    entry: LoggedRequest,
    detail?: string,
  ) => {
    entry.outcome = entry.outcome ?? kind;
    if (kind === 'html_error') {
      entry.status = 502;
      if (!res.writableEnded) {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end(HTML_502);
      }
      return;
    }
    if (dialect === 'vivaapi') {
      const table: Record<Exclude<ErrorKind, 'html_error'>, [number, string, string, string | null]> = {
        invalid_key: [401, '无效的令牌', 'new_api_error', null],
        insufficient_balance: [
          s.vivaInsufficientStatus,
          detail ?? '用户额度不足, 剩余额度: ＄0.000000',
          'new_api_error',
          'insufficient_user_quota',
        ],
        rate_limited: [429, '当前分组上游负载已饱和，请稍后再试', 'new_api_error', 'rate_limit_exceeded'],
        server_error: [500, 'do request failed: upstream error', 'upstream_error', 'do_request_failed'],
        content_rejected: [
          400,
          'The prompt was rejected as unsafe by the content policy',
          'upstream_error',
          'content_policy_violation',
        ],
        bad_request: [400, detail ?? 'invalid request', 'invalid_request_error', 'invalid_request'],
        not_found: [404, 'task_not_exist', 'new_api_error', 'task_not_exist'],
      };
      const [status, message, type, code] = table[kind];
      entry.status = status;
      json(res, status, { error: { message, type, code } }, kind === 'rate_limited' ? retryHeaders(s) : {});
      return;
    }
    const table: Record<Exclude<ErrorKind, 'html_error'>, [number, string]> = {
      invalid_key: [401, '密钥错误或已失效'],
      insufficient_balance: [402, '账户余额不足，请充值后再试'],
      rate_limited: [429, '请求过于频繁，请稍后再试'],
      server_error: [500, '服务器内部错误'],
      content_rejected: [400, '提示词包含违规内容，审核未通过'],
      bad_request: [400, detail ?? '参数错误'],
      not_found: [404, '任务不存在'],
    };
    const [code, msg] = table[kind];
    // 5xx are real HTTP errors; everything else is HTTP 200 + body code (unless the scenario mirrors it).
    const status = kind === 'server_error' ? 500 : s.suchuangErrorStyle === 'http' ? code : 200;
    entry.status = status;
    json(res, status, { code, msg, data: null }, kind === 'rate_limited' ? retryHeaders(s) : {});
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      let size = 0;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          reject(new Error('body too large'));
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const redact = (value: unknown): unknown => {
    if (typeof value === 'string') return accounts.has(value) ? '[redacted]' : value;
    if (Array.isArray(value)) return value.map(redact);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, /key|token|authorization/i.test(k) ? '[redacted]' : redact(v)]),
      );
    }
    return value;
  };

  // ---- upstream requests -------------------------------------------------------------------
  const route = (method: string, path: string): { dialect: Dialect; operation: LoggedRequest['operation'] } | undefined => {
    const table: Record<string, { dialect: Dialect; operation: LoggedRequest['operation'] }> = {
      'POST /v1/video/create': { dialect: 'vivaapi', operation: 'submit' },
      'GET /v1/video/query': { dialect: 'vivaapi', operation: 'query' },
      'GET /api/usage/token': { dialect: 'vivaapi', operation: 'balance' },
      'POST /api/video/veoPlus': { dialect: 'suchuang', operation: 'submit' },
      'GET /api/video/veoDetail': { dialect: 'suchuang', operation: 'query' },
      'GET /api/user/balance': { dialect: 'suchuang', operation: 'balance' },
    };
    return table[`${method} ${path}`];
  };

  const extractKey = (dialect: Dialect, req: IncomingMessage, url: URL): string | null => {
    const header = req.headers.authorization;
    if (dialect === 'vivaapi') {
      const m = /^Bearer\s+(.+)$/.exec(header ?? '');
      return m ? m[1].trim() : null;
    }
    // 速创 takes the raw key (no "Bearer"); a Bearer header is just a wrong key to it.
    return header?.trim() || url.searchParams.get('key') || null;
  };

  const handleUpstream = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    target: { dialect: Dialect; operation: LoggedRequest['operation'] },
  ) => {
    const { dialect, operation } = target;
    const key = extractKey(dialect, req, url);
    let account = key ? accounts.get(key) : undefined;
    if (!account && key && options.autoRegisterBalanceFen !== undefined) {
      addAccount({ key, balanceFen: options.autoRegisterBalanceFen, label: 'simulated' });
      account = accounts.get(key);
    }
    const safeUrl = new URL(url.toString());
    if (safeUrl.searchParams.has('key')) safeUrl.searchParams.set('key', '[redacted]');
    const entry: LoggedRequest = {
      seq: ++seq,
      at: new Date().toISOString(),
      method: req.method ?? 'GET',
      path: safeUrl.pathname + safeUrl.search,
      dialect,
      operation,
      keyFingerprint: key ? keyFingerprint(key) : null,
    };
    log.push(entry);
    let raw: string;
    try {
      raw = await readBody(req);
    } catch {
      entry.status = 413;
      res.writeHead(413).end();
      return;
    }
    let body: Record<string, unknown> | undefined;
    if (raw) {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
        entry.body = redact(body);
      } catch {
        entry.body = '[not json]';
      }
    }
    const s = scenarioFor(account);

    // 1. Faults: forced ones first, then random ones.
    const fp = entry.keyFingerprint ?? undefined;
    const forcedIndex = faults.findIndex(
      (f) => (f.fingerprint === undefined || f.fingerprint === fp) && (f.target === 'any' || f.target === operation),
    );
    let fault: Fault | undefined;
    if (forcedIndex >= 0) fault = faults.splice(forcedIndex, 1)[0].fault;
    else if (rand() < s.resetRate) fault = 'reset';
    else if (rand() < s.serverErrorRate) fault = rand() < s.htmlErrorShare ? 'html_error' : 'server_error';
    else if (rand() < s.slowRate) fault = 'slow';
    if (fault) entry.outcome = `fault:${fault}`;

    if (fault === 'reset') {
      entry.status = 'reset';
      req.socket.destroy();
      return;
    }
    if (fault === 'slow') await sleep(s.slowMs);
    await sleep(scaled(between(rand, operation === 'submit' ? s.submitLatencyMs : s.pollLatencyMs)));
    if (res.destroyed) return;
    if (fault && fault !== 'slow') {
      const kinds: Record<Exclude<Fault, 'reset' | 'slow'>, ErrorKind> = {
        server_error: 'server_error',
        html_error: 'html_error',
        rate_limited: 'rate_limited',
        invalid_key: 'invalid_key',
        insufficient_balance: 'insufficient_balance',
        content_rejected: 'content_rejected',
        bad_request: 'bad_request',
      };
      return sendError(dialect, res, kinds[fault], s, entry);
    }

    // 2. Authentication.
    if (!account) return sendError(dialect, res, 'invalid_key', s, entry);

    // 3. Rate limit per key (real seconds).
    const now = Date.now();
    if (s.qpsLimit > 0) {
      account.recent = account.recent.filter((t) => now - t < 1000);
      if (account.recent.length >= s.qpsLimit) return sendError(dialect, res, 'rate_limited', s, entry);
      account.recent.push(now);
    }
    settle(now);

    if (operation === 'balance') return balance(dialect, res, account, entry);
    if (operation === 'query') return query(dialect, res, url, account, s, entry);
    return submit(dialect, res, body, account, s, entry);
  };

  const submit = (
    dialect: Dialect,
    res: ServerResponse,
    body: Record<string, unknown> | undefined,
    account: KeyAccount,
    s: Scenario,
    entry: LoggedRequest,
  ) => {
    if (!body)
      return sendError(
        dialect,
        res,
        'bad_request',
        s,
        entry,
        dialect === 'vivaapi' ? 'invalid JSON body' : '参数错误: 请求体不是JSON',
      );
    const model = body.model;
    const prompt = body.prompt;
    if (typeof model !== 'string' || !model || typeof prompt !== 'string' || !prompt.trim()) {
      return sendError(
        dialect,
        res,
        'bad_request',
        s,
        entry,
        dialect === 'vivaapi' ? 'model and prompt are required' : '参数错误: model和prompt不能为空',
      );
    }
    if (dialect === 'suchuang' && body.type !== undefined && body.type !== 'text2video' && body.type !== 'img2video') {
      return sendError(dialect, res, 'bad_request', s, entry, '参数错误: type');
    }
    if (prompt.includes('[fake:reject-submit]')) return sendError(dialect, res, 'content_rejected', s, entry);
    if (s.concurrencyLimit > 0 && account.open.size >= s.concurrencyLimit)
      return sendError(dialect, res, 'rate_limited', s, entry);
    const price = pricesFen[model] ?? defaultPriceFen;
    if (account.balanceFen < price) {
      const left = (account.balanceFen / 100).toFixed(2);
      return sendError(dialect, res, 'insufficient_balance', s, entry, `用户额度不足, 剩余额度: ¥${left}`);
    }
    account.balanceFen -= price;
    account.usedFen += price;
    const images = dialect === 'vivaapi' ? body.images : body.img_url;
    const hasImages = Array.isArray(images) ? images.length > 0 : typeof images === 'string' && images.length > 0;
    const task = createTask(dialect, account, model, prompt, hasImages, dialect === 'vivaapi' && body.enable_upsample === true);
    entry.outcome = 'ok';
    entry.taskId = task.id;
    entry.status = 200;
    if (dialect === 'vivaapi') {
      json(res, 200, { id: task.id, status: 'pending', status_update_time: Math.floor(task.createdAt / 1000) });
    } else {
      json(res, 200, { code: 200, msg: '成功', data: { id: Number(task.id) } });
    }
  };

  const query = (dialect: Dialect, res: ServerResponse, url: URL, account: KeyAccount, s: Scenario, entry: LoggedRequest) => {
    const id = url.searchParams.get('id') ?? '';
    entry.taskId = id;
    const task = tasks.get(id);
    if (!task || task.account !== account || task.dialect !== dialect) return sendError(dialect, res, 'not_found', s, entry);
    const state = phaseOf(task, Date.now());
    if (state.phase === 'vanished') return sendError(dialect, res, 'not_found', s, entry);
    entry.outcome = 'ok';
    entry.status = 200;
    if (dialect === 'vivaapi') {
      const statuses: Record<Exclude<TaskPhase, 'vanished'>, string> = {
        queued: 'pending',
        downloading: 'image_downloading',
        generating: 'video_generating',
        upsampling: 'video_upsampling',
        completed: 'completed',
        failed: rand() < 0.5 ? 'failed' : 'video_generation_failed',
      };
      json(res, 200, {
        id: task.id,
        status: statuses[state.phase],
        progress: state.progress,
        video_url: state.url ?? null,
        fail_reason: state.reason ?? null,
        enhanced_prompt: task.prompt,
        status_update_time: Math.floor(Date.now() / 1000),
      });
      return;
    }
    const codes: Record<Exclude<TaskPhase, 'vanished'>, number> = {
      queued: 0,
      downloading: 0,
      generating: 3,
      upsampling: 3,
      completed: 1,
      failed: 2,
    };
    json(res, 200, {
      code: 200,
      msg: '成功',
      data: {
        id: Number(task.id),
        status: codes[state.phase],
        progress: state.progress,
        content: state.url ?? '',
        fail_reason: state.reason ?? '',
      },
    });
  };

  const balance = (dialect: Dialect, res: ServerResponse, account: KeyAccount, entry: LoggedRequest) => {
    entry.outcome = 'ok';
    entry.status = 200;
    if (dialect === 'vivaapi') {
      const units = (fen: number) => Math.round((fen * quotaPerYuan) / 100);
      json(res, 200, {
        code: true,
        message: 'ok',
        data: {
          object: 'token_usage',
          name: account.label,
          total_granted: units(account.grantedFen),
          total_used: units(account.usedFen),
          total_available: units(account.balanceFen),
          unlimited_quota: false,
          expires_at: 0,
        },
      });
      return;
    }
    json(res, 200, { code: 200, msg: '成功', data: { balance: (account.balanceFen / 100).toFixed(2) } });
  };

  // ---- control -----------------------------------------------------------------------------
  const taskViews = (): FakeTaskView[] => {
    const now = Date.now();
    return [...tasks.values()].map((t) => ({
      id: t.id,
      dialect: t.dialect,
      keyFingerprint: t.account.fingerprint,
      model: t.model,
      prompt: t.prompt,
      priceFen: t.priceFen,
      state: phaseOf(t, now).phase,
    }));
  };

  const api: Omit<FakeUpstream, 'url' | 'port' | 'timeScale' | 'close'> = {
    setScenario: (partial) => {
      scenario = { ...scenario, ...partial };
    },
    scenario: () => ({ ...scenario }),
    upsertKey: (o) => addAccount(o),
    setBalance: (key, balanceFen) => {
      const account = accounts.get(key);
      if (!account) throw new Error('unknown key');
      addAccount({ key, balanceFen });
    },
    balanceOf: (key) => {
      settle(Date.now());
      return accounts.get(key)?.balanceFen;
    },
    queueFaults: (list, o = {}) => {
      for (const fault of list) {
        if (!FAULTS.includes(fault)) throw new Error(`unknown fault ${fault}`);
        faults.push({ fault, target: o.target ?? 'any', fingerprint: o.key ? keyFingerprint(o.key) : undefined });
      }
    },
    requests: () => log.map((e) => ({ ...e })),
    clearRequests: () => {
      log = [];
    },
    tasks: taskViews,
    reset: () => {
      rand = seededRandom(seed);
      scenario = { ...initialScenario };
      initAccounts();
      tasks = new Map();
      faults = [];
      log = [];
    },
  };

  const handleControl = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (options.controlToken && req.headers['x-fake-control-token'] !== options.controlToken) {
      return json(res, 401, { error: 'control token required' });
    }
    let body: Record<string, unknown>;
    try {
      const raw = await readBody(req);
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return json(res, 400, { error: 'invalid JSON' });
    }
    const op = `${req.method} ${url.pathname.replace(/^\/__control/, '')}`;
    try {
      switch (op) {
        case 'GET /state':
          settle(Date.now());
          return json(res, 200, {
            timeScale,
            seed,
            scenario,
            keys: [...accounts.values()].map((a) => ({
              keyFingerprint: a.fingerprint,
              label: a.label,
              balanceFen: a.balanceFen,
              usedFen: a.usedFen,
              openTasks: a.open.size,
            })),
            tasks: taskViews(),
            queuedFaults: faults.length,
          });
        case 'GET /requests':
          return json(res, 200, { items: api.requests() });
        case 'DELETE /requests':
          api.clearRequests();
          return json(res, 200, { ok: true });
        case 'PUT /scenario':
          api.setScenario(body as Partial<Scenario>);
          return json(res, 200, { scenario });
        case 'POST /keys':
          if (typeof body.key !== 'string' || typeof body.balanceFen !== 'number') {
            return json(res, 400, { error: 'key (string) and balanceFen (number) are required' });
          }
          api.upsertKey(body as unknown as FakeKeyOptions);
          return json(res, 200, { keyFingerprint: keyFingerprint(body.key) });
        case 'POST /faults':
          api.queueFaults((body.faults as Fault[]) ?? [], {
            key: body.key as string | undefined,
            target: body.target as FaultTarget | undefined,
          });
          return json(res, 200, { queued: faults.length });
        case 'POST /reset':
          api.reset();
          return json(res, 200, { ok: true });
        default:
          return json(res, 404, { error: 'unknown control endpoint' });
      }
    } catch (error) {
      return json(res, 400, { error: (error as Error).message });
    }
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake.local');
    const run = async () => {
      if (url.pathname.startsWith('/__control/')) return handleControl(req, res, url);
      const file = /^\/files\/([^/]+)\.mp4$/.exec(url.pathname);
      if (file && req.method === 'GET') {
        const id = decodeURIComponent(file[1]);
        if (!tasks.has(id)) return json(res, 404, { error: 'not found' });
        res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': TINY_MP4.length });
        return res.end(TINY_MP4);
      }
      const target = route(req.method ?? 'GET', url.pathname);
      if (!target) return json(res, 404, { error: { message: 'Invalid URL', type: 'invalid_request_error', code: null } });
      return handleUpstream(req, res, url, target);
    };
    run().catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: { message: String((error as Error).message), type: 'fake_error' } });
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  return {
    url: baseUrl,
    port: address.port,
    timeScale,
    ...api,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
