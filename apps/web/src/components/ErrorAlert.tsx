import { Alert, Button } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { toApiError } from '../api/errors';
import { ROUTES } from '../app/routes';

/** The shared error shape → one friendly sentence in the current language. */
export function friendlyError(error: unknown, t: TFunction): string {
  const e = toApiError(error);
  const vars = { ...e.details, message: e.message, errorId: e.details.errorId ?? '—' };
  const key = `errors.${e.code}`;
  return t(key, { ...vars, defaultValue: t('errors.UNKNOWN_ERROR', vars) });
}

interface Props {
  error: unknown;
  /** Shown as a "retry" button (queries pass `refetch`). */
  onRetry?: () => void;
  style?: React.CSSProperties;
}

/** An error as an Ant Design alert: friendly text, a "buy credits" link when credits ran out, retry. */
export function ErrorAlert({ error, onRetry, style }: Props) {
  const { t } = useTranslation();
  if (!error) return null;
  const code = toApiError(error).code;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="error-alert"
      data-code={code}
      style={style}
      title={friendlyError(error, t)}
      action={
        code === 'INSUFFICIENT_CREDITS' ? (
          <Link to={ROUTES.buy} data-testid="buy-credits-link">
            {t('errors.buyCredits')}
          </Link>
        ) : onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
