import { lazy, Suspense } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { PageSpinner } from '../components/PageSpinner';
import { useSession } from '../api/hooks';
import { session } from '../api/session';
import { ROUTES } from './routes';

/**
 * Signed-in pages: without a session, go to sign-in and come back here afterwards (after an
 * explicit sign-out, just to sign-in; after an expired session, saying so).
 */
export function RequireAuth() {
  const current = useSession();
  const location = useLocation();
  if (!current) {
    const reason = session.endReason();
    if (reason === 'sign-out') return <Navigate to={ROUTES.signIn} replace />;
    const next = `next=${encodeURIComponent(location.pathname + location.search)}`;
    return <Navigate to={`${ROUTES.signIn}?${reason === 'expired' ? 'expired=1&' : ''}${next}`} replace />;
  }
  return <Outlet />;
}

const ForbiddenPage = lazy(() => import('../features/misc/ForbiddenPage'));

/**
 * Admin pages: signed-in admins only. Others get a 403 page (its own small chunk) and the admin
 * chunk is never requested. (The API refuses their admin calls with 403 regardless.)
 */
export function RequireAdmin() {
  const current = useSession();
  if (current?.user.role !== 'admin') return <ForbiddenPage />;
  return <Outlet />;
}

/** Sign-in / sign-up: a signed-in user goes straight to where they were heading. */
export function GuestOnly() {
  const current = useSession();
  const location = useLocation();
  if (current) return <Navigate to={safeNext(new URLSearchParams(location.search).get('next'))} replace />;
  return (
    <Suspense fallback={<PageSpinner />}>
      <Outlet />
    </Suspense>
  );
}

/** Only same-site paths are followed after sign-in (no open redirect via ?next=). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : ROUTES.dashboard;
}
