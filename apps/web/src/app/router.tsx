import { lazy, Suspense } from 'react';
import { PageSpinner } from '../components/PageSpinner';
import { Route, Routes } from 'react-router';
import { AppLayout } from './AppLayout';
import { GuestOnly, RequireAdmin, RequireAuth } from './guards';
import { ROUTES } from './routes';

// Every page is its own lazy chunk, so the first load carries only the page being opened. The
// admin section is a separate lazy boundary: admin code is never part of the user pages' bundle.
const SignInPage = lazy(() => import('../features/auth/SignInPage'));
const SignUpPage = lazy(() => import('../features/auth/SignUpPage'));
const DashboardPage = lazy(() => import('../features/dashboard/DashboardPage'));
const CreditHistoryPage = lazy(() => import('../features/credits/CreditHistoryPage'));
const BuyCreditsPage = lazy(() => import('../features/buy/BuyCreditsPage'));
const GeneratePage = lazy(() => import('../features/videos/GeneratePage'));
const VideosPage = lazy(() => import('../features/videos/VideosPage'));
const VideoDetailPage = lazy(() => import('../features/videos/VideoDetailPage'));
const ApiKeysPage = lazy(() => import('../features/keys/ApiKeysPage'));
const KeyUsagePage = lazy(() => import('../features/keys/KeyUsagePage'));
const NotFoundPage = lazy(() => import('../features/misc/NotFoundPage'));
const AdminHomePage = lazy(() => import('../features/admin/AdminHomePage'));

/**
 * Declarative routes (<Routes>), not the data router: we load data with TanStack Query, and the
 * data router would add ~25 KB gzip to the first load for loaders/actions we do not use.
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<GuestOnly />}>
        <Route path={ROUTES.signIn} element={<SignInPage />} />
        <Route path={ROUTES.signUp} element={<SignUpPage />} />
      </Route>
      {/* Public: anyone holding a key can look up its usage, signed in or not. */}
      <Route
        path={ROUTES.keyUsage}
        element={
          <Suspense fallback={<PageSpinner />}>
            <KeyUsagePage />
          </Suspense>
        }
      />
      <Route element={<RequireAuth />}>
        <Route element={<AppLayout />}>
          <Route index element={<DashboardPage />} />
          <Route path={ROUTES.credits} element={<CreditHistoryPage />} />
          <Route path={ROUTES.buy} element={<BuyCreditsPage />} />
          <Route path={ROUTES.generate} element={<GeneratePage />} />
          <Route path={ROUTES.videos} element={<VideosPage />} />
          <Route path={`${ROUTES.videos}/:id`} element={<VideoDetailPage />} />
          <Route path={ROUTES.apiKeys} element={<ApiKeysPage />} />
          <Route path={ROUTES.admin} element={<RequireAdmin />}>
            <Route index element={<AdminHomePage />} />
            <Route path="*" element={<AdminHomePage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}
