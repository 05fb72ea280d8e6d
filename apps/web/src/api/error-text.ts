import type { TFunction } from 'i18next';
import { toApiError } from './errors';

/**
 * The shared error shape → one friendly sentence in the current language: `errors.<code>` from the
 * i18n files with the error's `details` interpolated (INSUFFICIENT_CREDITS → 「积分不足：当前 X，需要 Y」).
 * Codes without a translation fall back to the server's message.
 */
export function friendlyError(error: unknown, t: TFunction): string {
  const e = toApiError(error);
  const vars = { ...e.details, message: e.message, errorId: e.details.errorId ?? '—' };
  return t(`errors.${e.code}`, { ...vars, defaultValue: t('errors.UNKNOWN_ERROR', vars) });
}

/** Errors after which the user should buy credits (the UI adds a "buy credits" link). */
export function needsCredits(error: unknown): boolean {
  return toApiError(error).code === 'INSUFFICIENT_CREDITS';
}
