import { ERROR_STATUS, ErrorCode } from '@reelmeter/shared';

/**
 * The one way services report an expected failure. The exception filter turns it into
 * `{ statusCode, code, message, details? }` with the status fixed by the code.
 */
export class DomainException extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainException';
    this.statusCode = ERROR_STATUS[code];
  }
}

export const notFound = (what: string) => new DomainException('NOT_FOUND', `${what} not found`);
