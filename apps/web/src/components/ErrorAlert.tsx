import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { friendlyError, needsCredits } from '../api/error-text';
import { toApiError } from '../api/errors';
import { ROUTES } from '../app/routes';

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
        needsCredits(error) ? (
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
