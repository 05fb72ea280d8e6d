import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client';
import type { AdjustCreditsDto, AlertDto } from '../../api/generated/openapi';

export type AlertStatus = AlertDto['status'];

export const adminKeys = {
  dashboard: ['admin', 'dashboard'] as const,
  users: (query: string) => ['admin', 'users', query] as const,
  user: (id: string) => ['admin', 'user', id] as const,
  userLedger: (id: string) => ['admin', 'user', id, 'ledger'] as const,
  alerts: (status: AlertStatus) => ['admin', 'alerts', status] as const,
  runs: ['admin', 'scheduled-runs'] as const,
};

export function useDashboard() {
  return useQuery({ queryKey: adminKeys.dashboard, queryFn: ({ signal }) => call('Reports_dashboard', { signal }) });
}

export function useAdminUsers(query: string) {
  return useQuery({
    queryKey: adminKeys.users(query),
    queryFn: ({ signal }) => call('UsersAdmin_list', { query: { query: query || undefined, limit: 50 }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useAdminUser(id: string) {
  return useQuery({
    queryKey: adminKeys.user(id),
    queryFn: ({ signal }) => call('UsersAdmin_detail', { pathParams: { id }, signal }),
  });
}

export function useAdminUserLedger(id: string) {
  return useQuery({
    queryKey: adminKeys.userLedger(id),
    queryFn: ({ signal }) => call('CreditsAdmin_ledger', { pathParams: { id }, query: { limit: 50 }, signal }),
  });
}

export function useAdjustCredits(id: string) {
  const client = useQueryClient();
  return useMutation({
    // One Idempotency-Key per opened form: a retried request is applied at most once.
    mutationFn: ({ body, key }: { body: AdjustCreditsDto; key: string }) =>
      call('CreditsAdmin_adjust', { pathParams: { id }, body, headers: { 'Idempotency-Key': key } }),
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.user(id) }),
  });
}

export function useSetUserStatus(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (status: 'active' | 'disabled') => call('UsersAdmin_update', { pathParams: { id }, body: { status } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin'] }),
  });
}

export function useAlerts(status: AlertStatus) {
  return useQuery({
    queryKey: adminKeys.alerts(status),
    queryFn: ({ signal }) => call('Alerts_list', { query: { status, limit: 50 }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useAckAlert() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('Alerts_ack', { pathParams: { id } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin'] }),
  });
}

export function useScheduledRuns() {
  return useQuery({
    queryKey: adminKeys.runs,
    queryFn: ({ signal }) => call('ScheduledRuns_runs', { query: { limit: 50 }, signal }),
  });
}

export function useVerifyLedger() {
  return useMutation({ mutationFn: () => call('CreditsAdmin_verify', {}) });
}

/** A mutation that refreshes every admin query when it succeeds (admin lists are small). */
export function useAdminMutation<TVars, TResult>(mutationFn: (vars: TVars) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => client.invalidateQueries({ queryKey: ['admin'] }) });
}

/** A query under the 'admin' key prefix (so admin mutations refresh it). */
export function useAdminQuery<T>(key: readonly unknown[], queryFn: (signal: AbortSignal) => Promise<T>, enabled = true) {
  return useQuery({
    queryKey: ['admin', ...key],
    queryFn: ({ signal }) => queryFn(signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}
