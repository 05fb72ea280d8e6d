import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useSignIn } from '../../api/hooks';
import { ROUTES } from '../../app/routes';
import { ErrorAlert } from '../../components/ErrorAlert';
import { AuthCard, useNextQuery } from './AuthCard';
import { Field, isEmail, useSimpleForm } from './Field';

export default function SignInPage() {
  const { t } = useTranslation();
  const signIn = useSignIn();
  const next = useNextQuery();
  const expired = new URLSearchParams(useLocation().search).get('expired') === '1';
  const form = useSimpleForm(
    { email: '', password: '' },
    {
      email: (v) => (isEmail(v) ? null : t('auth.emailInvalid')),
      password: (v) => (v ? null : t('auth.required')),
    },
    (values) => signIn.mutate({ email: values.email.trim(), password: values.password }),
  );
  return (
    <AuthCard title={t('auth.signIn')}>
      {expired && !signIn.error && (
        <Alert
          type="warning"
          showIcon
          title={t('auth.sessionExpired')}
          data-testid="session-expired"
          style={{ marginBottom: 16 }}
        />
      )}
      <ErrorAlert error={signIn.error} style={{ marginBottom: 16 }} />
      <form onSubmit={form.onSubmit} noValidate>
        <Field
          label={t('auth.email')}
          type="email"
          autoComplete="email"
          maxLength={254}
          testId="email"
          {...form.field('email')}
        />
        <Field
          label={t('auth.password')}
          type="password"
          autoComplete="current-password"
          maxLength={128}
          testId="password"
          {...form.field('password')}
        />
        <Button type="primary" htmlType="submit" block loading={signIn.isPending} data-testid="submit">
          {t('auth.signIn')}
        </Button>
      </form>
      <p style={{ marginTop: 16, marginBottom: 0 }}>
        {t('auth.noAccount')} <Link to={`${ROUTES.signUp}${next}`}>{t('auth.signUp')}</Link>
      </p>
    </AuthCard>
  );
}
