import { theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Muted, Panel } from '../../components/Panel';

/** The frame of the sign-in and sign-up pages: centred, full width on a phone. */
export function AuthCard({ title, children }: { title: string; children: React.ReactNode }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        padding: 16,
        background: token.colorBgLayout,
      }}
    >
      <Panel style={{ width: '100%', maxWidth: 400 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 4 }}>
          <h1 style={{ margin: 0, fontSize: 24 }}>{t('app.name')}</h1>
          <LanguageSwitch />
        </div>
        <Muted>{t('app.tagline')}</Muted>
        <h2 style={{ fontSize: 18, margin: '20px 0 16px' }}>{title}</h2>
        {children}
      </Panel>
    </div>
  );
}

/** Keeps ?next= when moving between sign-in and sign-up. */
export function useNextQuery() {
  const next = new URLSearchParams(useLocation().search).get('next');
  return next ? `?next=${encodeURIComponent(next)}` : '';
}
