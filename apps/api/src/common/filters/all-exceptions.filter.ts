import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { ApiErrorBody } from '@reelmeter/shared';
import { DomainException } from '../errors/domain.exception';

const STATUS_CODES: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** Turns every error into the shared shape. Unknown errors become 500 with an errorId that is logged. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const response = ctx.getResponse<Response>();
    const request = ctx.getRequest<Request>();
    const { body, headers } = this.toBody(exception, request);
    if (response.headersSent) return;
    for (const [name, value] of Object.entries(headers ?? {})) response.setHeader(name, value);
    response.status(body.statusCode).json(body);
  }

  toBody(exception: unknown, request: Request): { body: ApiErrorBody; headers?: Record<string, string> } {
    if (exception instanceof DomainException) {
      return {
        body: {
          statusCode: exception.statusCode,
          code: exception.code,
          message: exception.message,
          ...(exception.details ? { details: exception.details } : {}),
        },
        headers: exception.headers,
      };
    }
    const bodyParserError = exception as { type?: string; status?: number; expose?: boolean };
    if (bodyParserError?.type === 'entity.parse.failed') {
      return { body: { statusCode: 400, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' } };
    }
    if (bodyParserError?.type === 'entity.too.large') {
      return { body: { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' } };
    }
    if (bodyParserError?.expose && typeof bodyParserError.status === 'number' && bodyParserError.status < 500) {
      const status = bodyParserError.status;
      return {
        body: { statusCode: status, code: STATUS_CODES[status] ?? 'BAD_REQUEST', message: String((exception as Error).message) },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      const messages =
        typeof payload === 'object' && payload !== null && 'message' in payload
          ? (payload as { message: unknown }).message
          : payload;
      if (status === HttpStatus.BAD_REQUEST && Array.isArray(messages)) {
        return {
          body: { statusCode: 400, code: 'VALIDATION_FAILED', message: messages.join('; '), details: { errors: messages } },
        };
      }
      if (status === HttpStatus.NOT_FOUND) {
        return { body: { statusCode: 404, code: 'ROUTE_NOT_FOUND', message: `No route ${request.method} ${request.path}` } };
      }
      if (status < 500) {
        return {
          body: {
            statusCode: status,
            code: STATUS_CODES[status] ?? 'BAD_REQUEST',
            message: String(
              Array.isArray(messages) ? messages.join('; ') : typeof messages === 'string' ? messages : exception.message,
            ),
          },
        };
      }
    }
    const errorId = randomUUID();
    this.logger.error(
      {
        errorId,
        err:
          exception instanceof Error ? { name: exception.name, message: exception.message, stack: exception.stack } : exception,
      },
      `Unhandled error ${errorId} on ${request.method} ${request.path}`,
    );
    return {
      body: {
        statusCode: 500,
        code: 'INTERNAL_ERROR',
        message: `Something went wrong on our side. Quote error id ${errorId} when reporting it.`,
        details: { errorId },
      },
    };
  }
}
