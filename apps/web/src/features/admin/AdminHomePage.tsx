import './i18n';
import { App, Result, theme } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes } from 'react-router';
import { AntdLocale } from '../../components/AntdLocale';
import { PageSpinner } from '../../components/PageSpinner';
import AccountsPage from './AccountsPage';
import AlertsPage from './AlertsPage';
import ApiKeysPage from './ApiKeysPage';
import OrdersPage from './OrdersPage';
import OverviewPage from './OverviewPage';
import PricingPage from './PricingPage';
import RedeemPage from './RedeemPage';
import ReportsPage from './ReportsPage';
import SystemPage from './SystemPage';
import UserDetailPage from './UserDetailPage';
import UsersPage from './UsersPage';
import VideosPage from './VideosPage';

const SECTIONS = [
  '',
  'accounts',
  'users',
  'orders',
  'pricing',
  'keys',
  'videos',
  'alerts',
  'reports',
  'redeem',
  'system',
] as const;

/**
 * The admin section: its own navigation and pages, all in this lazy chunk (and what it imports),
 * so admin code never adds to the user pages' first load. The router mounts it at /admin/*.
 */
export default function AdminHomePage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <AntdLocale>
      {/* Confirmation dialogs come from App.useApp(): rendered in this tree, so they get its locale and theme. */}
      <App component={false}>
        <div style={{ display: 'grid', gap: 16 }}>
          <nav
            data-testid="admin-nav"
            style={{
              display: 'flex',
              flexWrap: 'wrap',
              gap: 20,
              borderBottom: `1px solid ${token.colorBorderSecondary}`,
              paddingBottom: 8,
            }}
          >
            {SECTIONS.map((key) => (
              <NavLink
                key={key}
                to={key ? `/admin/${key}` : '/admin'}
                end={!key}
                style={({ isActive }) => ({
                  color: isActive ? token.colorPrimary : token.colorText,
                  fontWeight: isActive ? 600 : 400,
                })}
              >
                {t(`admin.nav.${key || 'overview'}`)}
              </NavLink>
            ))}
          </nav>
          <Suspense fallback={<PageSpinner />}>
            <Routes>
              <Route index element={<OverviewPage />} />
              <Route path="accounts" element={<AccountsPage />} />
              <Route path="users" element={<UsersPage />} />
              <Route path="orders" element={<OrdersPage />} />
              <Route path="pricing" element={<PricingPage />} />
              <Route path="keys" element={<ApiKeysPage />} />
              <Route path="videos" element={<VideosPage />} />
              <Route path="reports" element={<ReportsPage />} />
              <Route path="redeem" element={<RedeemPage />} />
              <Route path="users/:id" element={<UserDetailPage />} />
              <Route path="alerts" element={<AlertsPage />} />
              <Route path="system" element={<SystemPage />} />
              <Route path="*" element={<Result status="404" title={t('notFound.title')} />} />
            </Routes>
          </Suspense>
        </div>
      </App>
    </AntdLocale>
  );
}
