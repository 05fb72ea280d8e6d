import { INSUFFICIENT_BALANCE, INVALID_KEY, RATE_LIMITED, SUCHUANG_DIALECT, TASK_NOT_FOUND, CONTENT_REJECTED } from './dialects';
import {
  firstString,
  HttpAnswer,
  HttpVideoProvider,
  isContentRejection,
  parseProgress,
  pick,
  ProviderAccountConfig,
  retryAfterMs,
} from './http-provider';
import {
  BalanceSnapshot,
  ProviderError,
  SubmitVideoRequest,
  SubmitVideoResult,
  TaskSnapshot,
  VideoProvider,
} from './provider.types';

/**
 * 速创API (api.wuyinkeji.com): raw `Authorization: <key>` (no Bearer); answers HTTP 200 with a body
 * `{code, msg, data}` where `code ≠ 200` is an error classified by code and message.
 */
export class SuchuangProvider extends HttpVideoProvider implements VideoProvider {
  constructor(account: ProviderAccountConfig) {
    super('suchuang', account, account.apiKey);
  }

  private path(op: 'submit' | 'query' | 'balance'): string | null {
    const override = this.settings.paths?.[op];
    return override === undefined ? SUCHUANG_DIALECT.paths[op] : override;
  }

  async submitVideo(request: SubmitVideoRequest): Promise<SubmitVideoResult> {
    const images = request.imageUrls ?? [];
    const answer = await this.call('submit', 'POST', this.path('submit')!, {
      data: {
        model: this.mapModel(request.model),
        prompt: request.prompt,
        type: images.length ? 'img2video' : 'text2video',
        img_url: images,
        ratio: SUCHUANG_DIALECT.ratio[request.orientation],
      },
    });
    this.throwOnError('submit', answer);
    const id = firstString(answer.body, ['data.id', 'data.task_id', 'id']);
    if (!id) {
      throw this.error('upstream_unavailable', 'submit', `code 200 without a task id`, {
        httpStatus: answer.status,
        retryable: false,
        mayHaveReachedProvider: true,
      });
    }
    return { taskId: id };
  }

  async getTask(taskId: string): Promise<TaskSnapshot> {
    const answer = await this.call('query', 'GET', this.path('query')!, { params: { id: taskId } });
    const code = Number(pick(answer.body, 'code'));
    const msg = firstString(answer.body, ['msg', 'message']) ?? '';
    if ((code === 404 || answer.status === 404) && TASK_NOT_FOUND.test(msg || 'not found')) {
      return { taskId, status: 'unknown', failureReason: 'task_not_exist', notFound: true };
    }
    this.throwOnError('query', answer);
    const data = pick(answer.body, 'data');
    const raw = Number(pick(data, 'status'));
    const mapped = SUCHUANG_DIALECT.statuses[raw];
    const url = firstString(data, ['content', 'video_url', 'url']);
    const reason = firstString(data, ['fail_reason', 'msg']);
    const snapshot: TaskSnapshot = { taskId, status: mapped ?? 'unknown' };
    // "success" without a video URL is not finished yet.
    if (mapped === 'succeeded' && !url) snapshot.status = 'running';
    const progress = parseProgress(pick(data, 'progress'));
    if (snapshot.status === 'succeeded') {
      snapshot.progress = 100;
      snapshot.resultUrl = url;
    } else if (progress !== undefined) snapshot.progress = progress;
    if (snapshot.status === 'failed') {
      snapshot.failureReason = this.scrub(reason ?? 'failed');
      if (isContentRejection(reason)) snapshot.errorKind = 'content_rejected';
    }
    return snapshot;
  }

  async getBalance(): Promise<BalanceSnapshot | undefined> {
    const path = this.path('balance');
    if (!path) return undefined;
    const answer = await this.call('balance', 'GET', path);
    this.throwOnError('balance', answer);
    const value = pick(answer.body, 'data.balance') ?? pick(answer.body, 'data.money') ?? pick(answer.body, 'data');
    const fen = yuanToFen(value);
    if (fen === undefined) {
      throw this.error('upstream_unavailable', 'balance', 'unexpected balance answer', { httpStatus: answer.status });
    }
    return { balanceFen: fen, raw: { balance: typeof value === 'number' ? value : String(value) } };
  }

  private throwOnError(operation: 'submit' | 'query' | 'balance', answer: HttpAnswer): void {
    const code = pick(answer.body, 'code');
    const msg = firstString(answer.body, ['msg', 'message']) ?? '';
    if (answer.status < 200 || answer.status >= 300) throw this.httpError(operation, answer, msg, code as number | undefined);
    if (answer.body === undefined) {
      throw this.error('upstream_unavailable', operation, `HTTP ${answer.status} with a body that is not JSON`, {
        httpStatus: answer.status,
        retryable: operation !== 'submit',
        mayHaveReachedProvider: operation === 'submit',
      });
    }
    if (Number(code) === SUCHUANG_DIALECT.okCode) return;
    throw this.bodyError(operation, answer, Number(code), msg);
  }

  /** HTTP 200 with `code ≠ 200`: the message decides first (余额 → balance, 密钥/key → key), then the code. */
  private bodyError(operation: 'submit' | 'query' | 'balance', answer: HttpAnswer, code: number, msg: string): ProviderError {
    const detail = `code ${Number.isFinite(code) ? code : '?'}: ${msg || 'no message'}`;
    const base = { httpStatus: answer.status, providerCode: Number.isFinite(code) ? code : undefined };
    if (INSUFFICIENT_BALANCE.test(msg) || code === 402) return this.error('insufficient_balance', operation, detail, base);
    if (RATE_LIMITED.test(msg) || code === 429) {
      return this.error('rate_limited', operation, detail, { ...base, retryAfterMs: retryAfterMs(answer.headers) });
    }
    if (CONTENT_REJECTED.test(msg)) return this.error('content_rejected', operation, detail, base);
    if (INVALID_KEY.test(msg) || code === 401 || code === 403) return this.error('invalid_key', operation, detail, base);
    if (code >= 500) return this.error('upstream_unavailable', operation, detail, { ...base, mayHaveReachedProvider: false });
    return this.error('bad_request', operation, detail, base);
  }
}

/** A yuan amount (number or string) → fen, rounded to the nearest fen. */
export function yuanToFen(value: unknown): number | undefined {
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) {
    const [whole, frac = ''] = value.trim().replace('-', '').split('.');
    const fen = Number(whole) * 100 + Math.round(Number(`${frac}000`.slice(0, 3)) / 10);
    const signed = value.trim().startsWith('-') ? -fen : fen;
    return Number.isSafeInteger(signed) ? signed : undefined;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value * 100);
  return undefined;
}
