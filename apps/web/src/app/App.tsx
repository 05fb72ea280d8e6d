import { QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { BrowserRouter } from 'react-router';
import { session } from '../api/session';
import { createQueryClient } from './query-client';
import { AppRoutes } from './router';

/**
 * Providers: server state and routing. Ant Design runs on its default theme; pages with
 * Ant Design's built-in texts add its locale themselves (components/AntdLocale.tsx).
 */
export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <ForgetDataOnSignOut />
        <AppRoutes />
      </BrowserRouter>
    </QueryClientProvider>
  );
}

/** When the session ends (sign-out, expiry, sign-out in another tab), drop the cached server data. */
function ForgetDataOnSignOut() {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      session.subscribe(() => {
        if (!session.get()) queryClient.clear();
      }),
    [queryClient],
  );
  return null;
}
