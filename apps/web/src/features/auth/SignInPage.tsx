import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useSignIn } from '../../api/hooks';
import type { LoginDto } from '../../api/generated/openapi';
import { ROUTES } from '../../app/routes';
import { ErrorAlert } from '../../components/ErrorAlert';
import { AuthCard, useNextQuery } from './AuthCard';

export default function SignInPage() {
  const { t } = useTranslation();
  const signIn = useSignIn();
  const next = useNextQuery();
  const expired = new URLSearchParams(useLocation().search).get('expired') === '1';
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
      <Form<LoginDto> layout="vertical" onFinish={(values) => signIn.mutate(values)} requiredMark={false}>
        <Form.Item
          name="email"
          label={t('auth.email')}
          rules={[{ required: true, type: 'email', message: t('auth.emailInvalid') }]}
        >
          <Input autoComplete="email" maxLength={254} data-testid="email" />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.required') }]}>
          <Input.Password autoComplete="current-password" maxLength={128} data-testid="password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={signIn.isPending} data-testid="submit">
          {t('auth.signIn')}
        </Button>
      </Form>
      <p style={{ marginTop: 16, marginBottom: 0 }}>
        {t('auth.noAccount')} <Link to={`${ROUTES.signUp}${next}`}>{t('auth.signUp')}</Link>
      </p>
    </AuthCard>
  );
}
