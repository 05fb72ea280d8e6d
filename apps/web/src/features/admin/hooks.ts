import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';

export const adminKeys = {
  dashboard: ['admin', 'dashboard'] as const,
};

export function useDashboard() {
  return useQuery({ queryKey: adminKeys.dashboard, queryFn: ({ signal }) => call('Reports_dashboard', { signal }) });
}
