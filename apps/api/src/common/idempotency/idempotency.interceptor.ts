import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import type { ErrorCode } from '@reelmeter/shared';
import type { Principal } from '../../auth/principal';
import { SKIP_IDEMPOTENCY } from '../decorators/auth.decorators';
import { DomainException } from '../errors/domain.exception';
import { IdempotencyService } from './idempotency.service';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Response fields that are shown once and must never be stored for replay. */
const SECRET_FIELDS = new Set(['secret', 'accessToken', 'refreshToken', 'password', 'apiKey']);

/** A copy of a response with every secret field set to null; a replay then says "shown once, gone". */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.has(k) && v !== null ? null : withoutSecrets(v)]),
    );
  }
  return value;
}

/** Canonical JSON (sorted keys) so the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Applies Idempotency-Key to every mutating request made with credentials. Successful and
 * domain-error (4xx) answers are stored and replayed; validation failures and server errors
 * release the key so the client can correct and retry.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { principal?: Principal }>();
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (!MUTATING.has(request.method) || key === undefined || !request.principal) return next.handle();
    if (this.reflector.get<boolean | undefined>(SKIP_IDEMPOTENCY, context.getHandler())) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new DomainException('VALIDATION_FAILED', 'Idempotency-Key must be 1 to 255 printable ASCII characters');
    }
    const userId = request.principal.userId;
    const path = request.originalUrl.split('?')[0];
    const hash = createHash('sha256')
      .update(canonical({ method: request.method, url: request.originalUrl, body: request.body ?? null }))
      .digest('hex');
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);

    return from(
      (async () => {
        const claim = await this.idempotency.claim(userId, key, request.method, path, hash);
        if (claim.outcome === 'replay') {
          http.getResponse<Response>().setHeader('Idempotent-Replayed', 'true');
          const body = claim.body as { code?: ErrorCode; message?: string; details?: Record<string, unknown> };
          if (claim.status >= 400 && body?.code) throw new DomainException(body.code, body.message ?? '', body.details);
          return claim.body;
        }
        try {
          const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
          await this.idempotency.complete(userId, key, status, withoutSecrets(JSON.parse(JSON.stringify(result ?? null))));
          return result;
        } catch (error) {
          if (error instanceof DomainException && error.statusCode < 500 && error.code !== 'VALIDATION_FAILED') {
            const body = { statusCode: error.statusCode, code: error.code, message: error.message, details: error.details };
            await this.idempotency.complete(userId, key, error.statusCode, body);
          } else {
            await this.idempotency.release(userId, key);
          }
          throw error;
        }
      })(),
    );
  }
}
