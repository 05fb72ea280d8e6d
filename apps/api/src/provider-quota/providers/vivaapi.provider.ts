import { TASK_NOT_FOUND, VIVAAPI_DIALECT } from './dialects';
import {
  firstString,
  HttpAnswer,
  HttpVideoProvider,
  isContentRejection,
  parseProgress,
  pick,
  ProviderAccountConfig,
} from './http-provider';
import {
  BalanceSnapshot,
  NormalizedTaskStatus,
  SubmitVideoRequest,
  SubmitVideoResult,
  TaskSnapshot,
  VideoProvider,
} from './provider.types';

/**
 * VivaAPI, a new-api relay: `Authorization: Bearer <key>`, JSON bodies, OpenAI-style errors
 * `{error:{message,type,code}}`, balance in new-api quota units.
 */
export class VivaApiProvider extends HttpVideoProvider implements VideoProvider {
  constructor(account: ProviderAccountConfig, name = 'vivaapi') {
    super(name, account, `Bearer ${account.apiKey}`);
  }

  private path(op: 'submit' | 'query' | 'balance'): string | null {
    const override = this.settings.paths?.[op];
    return override === undefined ? VIVAAPI_DIALECT.paths[op] : override;
  }

  async submitVideo(request: SubmitVideoRequest): Promise<SubmitVideoResult> {
    const answer = await this.call('submit', 'POST', this.path('submit')!, {
      data: {
        model: this.mapModel(request.model),
        prompt: request.prompt,
        images: request.imageUrls ?? [],
        aspect_ratio: VIVAAPI_DIALECT.aspectRatio[request.orientation],
        enhance_prompt: false,
        enable_upsample: false,
      },
    });
    this.throwOnError('submit', answer);
    const taskId = firstString(answer.body, VIVAAPI_DIALECT.taskIdFields);
    if (!taskId) {
      // A 2xx without a task id (or an HTML page): the task may exist, so the submit must not be repeated.
      throw this.error('upstream_unavailable', 'submit', `HTTP ${answer.status} without a task id`, {
        httpStatus: answer.status,
        retryable: false,
        mayHaveReachedProvider: true,
      });
    }
    return { taskId };
  }

  async getTask(taskId: string): Promise<TaskSnapshot> {
    const answer = await this.call('query', 'GET', this.path('query')!, { params: { id: taskId } });
    const errorCode = firstString(answer.body, ['error.code', 'code']);
    if (
      (answer.status === 404 || answer.status === 400) &&
      TASK_NOT_FOUND.test(`${errorCode ?? ''} ${this.errorMessage(answer)}`)
    ) {
      return { taskId, status: 'unknown', failureReason: 'task_not_exist', notFound: true };
    }
    this.throwOnError('query', answer);
    // new-api's task fetch wraps the task in `data`; the video route answers it flat.
    const flat = pick(answer.body, 'status') === undefined && pick(answer.body, 'data.status') !== undefined;
    const task = flat ? pick(answer.body, 'data') : answer.body;
    const raw = String(pick(task, 'status') ?? '').toLowerCase();
    const resultUrl = firstString(task, VIVAAPI_DIALECT.urlFields);
    const reason = firstString(task, VIVAAPI_DIALECT.reasonFields);
    let status: NormalizedTaskStatus = 'unknown';
    if (VIVAAPI_DIALECT.queued.includes(raw)) status = 'queued';
    else if (VIVAAPI_DIALECT.running.includes(raw)) status = 'running';
    // "completed" without a URL is not finished yet.
    else if (VIVAAPI_DIALECT.succeeded.includes(raw)) status = resultUrl ? 'succeeded' : 'running';
    else if (VIVAAPI_DIALECT.failed.includes(raw)) status = 'failed';
    else if (VIVAAPI_DIALECT.cancelled.includes(raw)) status = 'cancelled';
    const snapshot: TaskSnapshot = { taskId, status };
    const progress = parseProgress(pick(task, 'progress'));
    if (progress !== undefined) snapshot.progress = status === 'succeeded' ? 100 : progress;
    else if (status === 'succeeded') snapshot.progress = 100;
    if (status === 'succeeded') snapshot.resultUrl = resultUrl;
    if (status === 'failed') {
      snapshot.failureReason = this.scrub(reason ?? raw);
      if (isContentRejection(reason)) snapshot.errorKind = 'content_rejected';
    }
    return snapshot;
  }

  async getBalance(): Promise<BalanceSnapshot | undefined> {
    const path = this.path('balance');
    if (!path) return undefined;
    const answer = await this.call('balance', 'GET', path);
    this.throwOnError('balance', answer);
    const data = pick(answer.body, 'data');
    const available = Number(pick(data, 'total_available'));
    if (pick(answer.body, 'code') === false || !Number.isFinite(available)) {
      throw this.error(
        'upstream_unavailable',
        'balance',
        `unexpected balance answer: ${this.errorMessage(answer) || 'no data'}`,
        {
          httpStatus: answer.status,
        },
      );
    }
    const quotaPerYuan = this.settings.quotaPerYuan ?? VIVAAPI_DIALECT.quotaPerYuan;
    const raw: BalanceSnapshot['raw'] = {};
    for (const field of ['total_granted', 'total_used', 'total_available', 'unlimited_quota', 'expires_at']) {
      const v = pick(data, field);
      if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') raw[field] = v;
    }
    // Quota units → fen, rounded down (never overstate what is left).
    return { balanceFen: Math.floor((available * 100) / quotaPerYuan), raw };
  }

  private errorMessage(answer: HttpAnswer): string {
    return firstString(answer.body, ['error.message', 'message', 'msg']) ?? '';
  }

  private throwOnError(operation: 'submit' | 'query' | 'balance', answer: HttpAnswer): void {
    const hasErrorBody = pick(answer.body, 'error.message') !== undefined;
    if (answer.status >= 200 && answer.status < 300 && !hasErrorBody) {
      if (answer.body === undefined) {
        throw this.error('upstream_unavailable', operation, `HTTP ${answer.status} with a body that is not JSON`, {
          httpStatus: answer.status,
          retryable: operation !== 'submit',
          mayHaveReachedProvider: operation === 'submit',
        });
      }
      return;
    }
    const code = firstString(answer.body, ['error.code']);
    // A 2xx carrying an error body is classified as the error it names.
    const asStatus = answer.status >= 300 ? answer : { ...answer, status: 400 };
    throw this.httpError(operation, asStatus, this.errorMessage(answer), code);
  }
}
