import axios, { AxiosHeaders, type InternalAxiosRequestConfig } from 'axios';
import { OPERATIONS, type OperationId, type Operations } from './generated/openapi';
import type { AuthResponseDto } from './generated/openapi';
import { session } from './session';
import { toApiError } from './errors';

/** The one axios instance: adds the access token, refreshes it once when it has expired. */
export const http = axios.create({ timeout: 20_000 });

http.interceptors.request.use((config) => {
  const token = session.get()?.accessToken;
  if (token && !config.headers.has('Authorization')) config.headers.set('Authorization', `Bearer ${token}`);
  return config;
});

/**
 * Single-flight refresh: however many requests fail with 401 at once, one refresh call is made
 * (refresh tokens are single-use and rotate, so two parallel refreshes would sign the user out);
 * every waiting request is retried with the new access token and the page stays where it is.
 */
let refreshing: Promise<string> | null = null;
export function refreshAccessToken(): Promise<string> {
  if (!refreshing) {
    const refreshToken = session.get()?.refreshToken;
    refreshing = (async () => {
      if (!refreshToken) throw new Error('no refresh token');
      const { data } = await axios.post<AuthResponseDto>('/api/v1/auth/refresh', { refreshToken }, { timeout: 20_000 });
      session.save(data);
      return data.accessToken;
    })().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

type RetriableConfig = InternalAxiosRequestConfig & { _retried?: boolean };

http.interceptors.response.use(undefined, async (error: unknown) => {
  const apiError = toApiError(error);
  const config = (error as { config?: RetriableConfig }).config;
  const isAuthCall = config?.url?.startsWith('/api/v1/auth/');
  if (apiError.status === 401 && apiError.code === 'UNAUTHENTICATED' && config && !config._retried && !isAuthCall) {
    if (!session.get()?.refreshToken) throw apiError;
    let token: string;
    try {
      token = await refreshAccessToken();
    } catch (refreshError) {
      const failure = toApiError(refreshError);
      // Offline during refresh: keep the session and let the query layer retry.
      if (failure.isNetwork) throw failure;
      // The refresh token expired or was revoked: the route guard sends the user to sign-in
      // ("session expired") and back to this page afterwards.
      session.clear('expired');
      throw apiError;
    }
    config._retried = true;
    config.headers = AxiosHeaders.from(config.headers);
    config.headers.set('Authorization', `Bearer ${token}`);
    return http.request(config);
  }
  throw apiError;
});

type Op<K extends OperationId> = Operations[K];
type Field<T, F extends string> = [T] extends [never] ? { [P in F]?: never } : { [P in F]: T };

/** Arguments of an operation: only the parts it has (path params, query, body), typed from OpenAPI. */
export type CallArgs<K extends OperationId> = Field<Op<K>['pathParams'], 'pathParams'> &
  Partial<Field<Op<K>['query'], 'query'>> &
  Field<Op<K>['body'], 'body'> & { headers?: Record<string, string>; signal?: AbortSignal };

/** Calls one API operation by its operationId; the result type comes from the generated types. */
export async function call<K extends OperationId>(id: K, args: CallArgs<K> = {} as CallArgs<K>): Promise<Op<K>['response']> {
  const { method, path } = OPERATIONS[id];
  const a = args as {
    pathParams?: Record<string, string>;
    query?: object;
    body?: unknown;
    headers?: Record<string, string>;
    signal?: AbortSignal;
  };
  const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(a.pathParams?.[name])));
  const { data } = await http.request({ method, url, params: a.query, data: a.body, headers: a.headers, signal: a.signal });
  return data as Op<K>['response'];
}
