import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ROUTES } from '../../app/routes';

/** What a signed-in non-admin sees on an /admin URL. Imports nothing from the admin section. */
export default function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title="403"
      subTitle={<span data-testid="forbidden">{t('errors.FORBIDDEN')}</span>}
      extra={
        <Link to={ROUTES.dashboard}>
          <Button type="primary">{t('notFound.back')}</Button>
        </Link>
      }
    />
  );
}
