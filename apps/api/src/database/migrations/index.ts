import { Foundation1764000000000 } from './1764000000000-Foundation';
import { UserUpstreamQuota1764050000000 } from './1764050000000-UserUpstreamQuota';
import { UpstreamAccounts1764200000000 } from './1764200000000-UpstreamAccounts';

/** Every migration, oldest first. New migrations are appended here. */
export const MIGRATIONS = [Foundation1764000000000, UserUpstreamQuota1764050000000, UpstreamAccounts1764200000000];
