// Who is logged in. The session itself is the httpOnly cookie the login set; the UI only keeps the
// actor the server describes (GET /auth/me) and, for display, how the login was made.
import { createContext, useContext } from 'react';
import type { ActorView, LoginMethod } from './api/index.ts';

export interface SessionInfo {
  actor: ActorView;
  /** How the login was made, when this tab made it; undefined after a reload. */
  method?: LoginMethod;
  logout: () => void;
}

export const SessionContext = createContext<SessionInfo | undefined>(undefined);

export function useSession(): SessionInfo {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a logged-in view');
  return s;
}

const METHOD_KEY = 'varanto.loginMethod';

export function rememberMethod(method: LoginMethod | undefined): void {
  try {
    if (method) sessionStorage.setItem(METHOD_KEY, method);
    else sessionStorage.removeItem(METHOD_KEY);
  } catch {
    // Storage may be disabled; the header then shows only the strength of the login.
  }
}

export function rememberedMethod(): LoginMethod | undefined {
  try {
    const v = sessionStorage.getItem(METHOD_KEY);
    return v === 'password' || v === 'certificate-card-demo' ? v : undefined;
  } catch {
    return undefined;
  }
}
