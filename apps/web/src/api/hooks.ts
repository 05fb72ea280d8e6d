import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { call } from './client';
import type { LedgerEntryDto, LoginDto, RegisterDto } from './generated/openapi';
import { session } from './session';

export type LedgerKind = LedgerEntryDto['kind'];

export const queryKeys = {
  me: ['me'] as const,
  balance: ['credits', 'balance'] as const,
  ledger: (kind: LedgerKind | undefined, cursor: string | undefined, limit: number) =>
    ['credits', 'ledger', kind ?? 'all', cursor ?? '', limit] as const,
};

/** The current session (tokens + user), re-rendering on sign-in/out in this or another tab. */
export function useSession() {
  return useSyncExternalStore(session.subscribe, session.get);
}

export function useMe() {
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: async ({ signal }) => {
      const me = await call('Auth_me', { signal });
      session.updateUser({
        id: me.id,
        email: me.email,
        displayName: me.displayName,
        role: me.role,
        status: me.status,
        createdAt: me.createdAt,
      });
      return me;
    },
  });
}

export function useBalance() {
  return useQuery({ queryKey: queryKeys.balance, queryFn: ({ signal }) => call('Credits_balance', { signal }) });
}

export function useLedger(params: { kind?: LedgerKind; cursor?: string; limit: number }) {
  return useQuery({
    queryKey: queryKeys.ledger(params.kind, params.cursor, params.limit),
    queryFn: ({ signal }) =>
      call('Credits_ledger', { query: { kind: params.kind, cursor: params.cursor, limit: params.limit }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginDto) => call('Auth_login', { body }),
    onSuccess: (auth) => {
      client.clear();
      session.save(auth);
    },
  });
}

export function useSignUp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RegisterDto) => call('Auth_register', { body }),
    onSuccess: (auth) => {
      client.clear();
      session.save(auth);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return () => {
    session.clear('sign-out');
    client.clear();
  };
}
