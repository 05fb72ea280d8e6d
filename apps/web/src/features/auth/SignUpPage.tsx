import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSignUp } from '../../api/hooks';
import { ROUTES } from '../../app/routes';
import { ErrorAlert } from '../../components/ErrorAlert';
import { AuthCard, useNextQuery } from './AuthCard';
import { Field, isEmail, useSimpleForm } from './Field';

export default function SignUpPage() {
  const { t } = useTranslation();
  const signUp = useSignUp();
  const next = useNextQuery();
  const form = useSimpleForm(
    { email: '', password: '', displayName: '' },
    {
      email: (v) => (isEmail(v) ? null : t('auth.emailInvalid')),
      password: (v) => (v.length >= 8 ? null : t('auth.passwordTooShort')),
    },
    (values) =>
      signUp.mutate({
        email: values.email.trim(),
        password: values.password,
        displayName: values.displayName.trim() || undefined,
      }),
  );
  return (
    <AuthCard title={t('auth.signUp')}>
      <ErrorAlert error={signUp.error} style={{ marginBottom: 16 }} />
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
          autoComplete="new-password"
          maxLength={128}
          testId="password"
          {...form.field('password')}
        />
        <Field label={t('auth.displayName')} maxLength={100} testId="display-name" {...form.field('displayName')} />
        <Button type="primary" htmlType="submit" block loading={signUp.isPending} data-testid="submit">
          {t('auth.signUp')}
        </Button>
      </form>
      <p style={{ marginTop: 16, marginBottom: 0 }}>
        {t('auth.haveAccount')} <Link to={`${ROUTES.signIn}${next}`}>{t('auth.signIn')}</Link>
      </p>
    </AuthCard>
  );
}
