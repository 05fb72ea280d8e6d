import { Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSignUp } from '../../api/hooks';
import type { RegisterDto } from '../../api/generated/openapi';
import { ROUTES } from '../../app/routes';
import { ErrorAlert } from '../../components/ErrorAlert';
import { AuthCard, useNextQuery } from './AuthCard';

export default function SignUpPage() {
  const { t } = useTranslation();
  const signUp = useSignUp();
  const next = useNextQuery();
  return (
    <AuthCard title={t('auth.signUp')}>
      <ErrorAlert error={signUp.error} style={{ marginBottom: 16 }} />
      <Form<RegisterDto>
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => signUp.mutate({ ...values, displayName: values.displayName?.trim() || undefined })}
      >
        <Form.Item
          name="email"
          label={t('auth.email')}
          rules={[{ required: true, type: 'email', message: t('auth.emailInvalid') }]}
        >
          <Input autoComplete="email" maxLength={254} data-testid="email" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          rules={[{ required: true, min: 8, message: t('auth.passwordTooShort') }]}
        >
          <Input.Password autoComplete="new-password" maxLength={128} data-testid="password" />
        </Form.Item>
        <Form.Item name="displayName" label={t('auth.displayName')}>
          <Input maxLength={100} data-testid="display-name" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={signUp.isPending} data-testid="submit">
          {t('auth.signUp')}
        </Button>
      </Form>
      <p style={{ marginTop: 16, marginBottom: 0 }}>
        {t('auth.haveAccount')} <Link to={`${ROUTES.signIn}${next}`}>{t('auth.signIn')}</Link>
      </p>
    </AuthCard>
  );
}
