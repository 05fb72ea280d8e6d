import { Button, Grid, Space, theme } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router';
import { useSession, useSignOut } from '../api/hooks';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { PageSpinner } from '../components/PageSpinner';
import { Muted } from '../components/Panel';
import { StatusBanner } from './StatusBanner';
import { ROUTES } from './routes';

/** The signed-in shell: header with navigation, language and sign-out; works down to phone width. */
export function AppLayout() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const current = useSession();
  const signOut = useSignOut();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;

  const links = [
    { to: ROUTES.dashboard, label: t('nav.dashboard'), end: true },
    { to: ROUTES.generate, label: t('nav.generate') },
    { to: ROUTES.videos, label: t('nav.videos') },
    { to: ROUTES.credits, label: t('nav.credits') },
    { to: ROUTES.buy, label: t('nav.buy') },
    { to: ROUTES.apiKeys, label: t('nav.apiKeys') },
    ...(current?.user.role === 'admin' ? [{ to: ROUTES.admin, label: t('nav.admin') }] : []),
  ];

  return (
    <div style={{ minHeight: '100vh', background: token.colorBgLayout }}>
      <header
        style={{
          display: 'flex',
          flexWrap: 'wrap',
          alignItems: 'center',
          columnGap: narrow ? 8 : 20,
          minHeight: 56,
          paddingInline: narrow ? 12 : 24,
          background: token.colorBgContainer,
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
        }}
      >
        <Link to={ROUTES.dashboard} style={{ fontWeight: 600, fontSize: 18, whiteSpace: 'nowrap' }}>
          {t('app.name')}
        </Link>
        <nav
          data-testid="main-nav"
          style={{
            display: 'flex',
            gap: narrow ? 10 : 20,
            flex: 1,
            minWidth: 0,
            whiteSpace: 'nowrap',
            // On a phone the links scroll sideways inside the bar, never the page.
            overflowX: 'auto',
            order: narrow ? 3 : undefined,
            flexBasis: narrow ? '100%' : undefined,
            paddingBottom: narrow ? 8 : undefined,
          }}
        >
          {links.map((link) => (
            <NavLink
              key={link.to}
              to={link.to}
              end={link.end}
              style={({ isActive }) => ({
                color: isActive ? token.colorPrimary : token.colorText,
                fontWeight: isActive ? 600 : 400,
              })}
            >
              {link.label}
            </NavLink>
          ))}
        </nav>
        <Space size="small">
          <LanguageSwitch />
          {!narrow && <Muted>{current?.user.displayName ?? current?.user.email}</Muted>}
          <Button size="small" data-testid="sign-out" onClick={signOut}>
            {t('nav.signOut')}
          </Button>
        </Space>
      </header>
      <main style={{ padding: narrow ? 12 : 24, maxWidth: 1100, width: '100%', margin: '0 auto', boxSizing: 'border-box' }}>
        <StatusBanner />
        <Suspense fallback={<PageSpinner />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
