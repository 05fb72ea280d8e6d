import type { AuthResponseDto, UserDto } from './generated/openapi';

/**
 * The signed-in session, kept in localStorage so a reload (or a second tab) stays signed in.
 * Components subscribe through `useSession()` (useSyncExternalStore); the axios client reads
 * and rotates tokens here.
 */
export interface Session {
  accessToken: string;
  refreshToken: string;
  user: UserDto;
}

/** Why the last session ended (in memory only): sign-in says "session expired" after 'expired'. */
export type EndReason = 'sign-out' | 'expired';

const KEY = 'reelmeter.session';
let endReason: EndReason | null = null;
const listeners = new Set<() => void>();
let current: Session | null = read();

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

function emit() {
  for (const listener of listeners) listener();
}

window.addEventListener('storage', (event) => {
  if (event.key !== KEY) return;
  const before = current;
  current = read();
  if (before && !current) endReason = 'sign-out'; // signed out in another tab
  emit();
});

export const session = {
  get: (): Session | null => current,
  endReason: (): EndReason | null => endReason,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** After register / login / refresh. */
  save(auth: Pick<AuthResponseDto, 'accessToken' | 'refreshToken' | 'user'>) {
    current = { accessToken: auth.accessToken, refreshToken: auth.refreshToken, user: auth.user };
    endReason = null;
    localStorage.setItem(KEY, JSON.stringify(current));
    emit();
  },
  updateUser(user: UserDto) {
    if (!current) return;
    current = { ...current, user };
    localStorage.setItem(KEY, JSON.stringify(current));
    emit();
  },
  clear(reason: EndReason) {
    if (!current) return;
    current = null;
    endReason = reason;
    localStorage.removeItem(KEY);
    emit();
  },
};
