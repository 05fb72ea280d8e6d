import type { Role } from '@reelmeter/shared';

/** Who is acting, derived only from the request's credentials. */
export interface Principal {
  userId: string;
  role: Role;
  via: 'jwt' | 'api_key';
  apiKeyId?: string;
}
