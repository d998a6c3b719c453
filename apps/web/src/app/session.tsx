import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';
import type { CurrentUser } from '@pin/contracts';
import { api } from './api';

/** The signed-in person, as `GET /api/v1/me` tells it; pages read it with useSession(). */
export type Session =
  | { state: 'loading' }
  | { state: 'signedOut' }
  | { state: 'signedIn'; user: CurrentUser }
  | { state: 'error'; message: string };

interface SessionContextValue {
  session: Session;
  reload: () => void;
}

const SessionContext = createContext<SessionContextValue>({ session: { state: 'loading' }, reload: () => undefined });

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [session, setSession] = useState<Session>({ state: 'loading' });
  const reload = useCallback(() => {
    setSession({ state: 'loading' });
    void api.get<CurrentUser>('/api/v1/me').then((me) => {
      if (me.ok) setSession({ state: 'signedIn', user: me.data });
      else if (me.status === 401) setSession({ state: 'signedOut' });
      else setSession({ state: 'error', message: me.status === 0 ? me.message : `Impossible de vérifier votre session. ${me.message}` });
    });
  }, []);
  useEffect(reload, [reload]);
  return <SessionContext.Provider value={{ session, reload }}>{children}</SessionContext.Provider>;
}

export const useSession = () => useContext(SessionContext);

/** The signed-in user, or undefined. */
export function useUser(): CurrentUser | undefined {
  const { session } = useSession();
  return session.state === 'signedIn' ? session.user : undefined;
}
