// Hash routes (#/clients/<key>…): the bundle is served at `/` beside the API's own paths, so
// routing in the fragment never collides with an API route and needs no server fallback.
import { useEffect, useState } from 'react';

export type Route =
  | { name: 'search' }
  | { name: 'rights' }
  | { name: 'flags' }
  | { name: 'settings' }
  | { name: 'staff' }
  | { name: 'client'; clientKey: string }
  | { name: 'document'; clientKey: string; setId: string; version?: number }
  | { name: 'record'; clientKey: string }
  | { name: 'correct'; clientKey: string; setId: string }
  | { name: 'compare'; clientKey: string; setId: string; from: number; to: number }
  /** The citizen portal (citizen/): it reads the rest of the fragment itself. */
  | { name: 'oma' };

const dec = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(dec);
  const [a, key, b, setId, c, v, w] = parts;
  if (a === 'oma') return { name: 'oma' };
  if (a === 'usage-rights' && parts.length === 1) return { name: 'rights' };
  if (a === 'error-flags' && parts.length === 1) return { name: 'flags' };
  if (a === 'settings' && parts.length === 1) return { name: 'settings' };
  if (a === 'staff' && parts.length === 1) return { name: 'staff' };
  if (a === 'clients' && key) {
    if (b === 'new-document' && parts.length === 3) return { name: 'record', clientKey: key };
    if (b === 'documents' && setId) {
      if (c === 'correct' && parts.length === 5) return { name: 'correct', clientKey: key, setId };
      if (c === 'compare' && v && w && /^\d+$/.test(v) && /^\d+$/.test(w) && parts.length === 7)
        return { name: 'compare', clientKey: key, setId, from: Number(v), to: Number(w) };
      if (c === 'versions' && v && /^\d+$/.test(v))
        return { name: 'document', clientKey: key, setId, version: Number(v) };
      if (parts.length === 4) return { name: 'document', clientKey: key, setId };
    }
    if (parts.length === 2) return { name: 'client', clientKey: key };
  }
  return { name: 'search' };
}

const enc = encodeURIComponent;

export const href = {
  search: () => '#/',
  rights: () => '#/usage-rights',
  flags: () => '#/error-flags',
  settings: () => '#/settings',
  staff: () => '#/staff',
  client: (clientKey: string) => `#/clients/${enc(clientKey)}`,
  document: (clientKey: string, setId: string, version?: number) =>
    `#/clients/${enc(clientKey)}/documents/${enc(setId)}${version !== undefined ? `/versions/${version}` : ''}`,
  record: (clientKey: string) => `#/clients/${enc(clientKey)}/new-document`,
  correct: (clientKey: string, setId: string) =>
    `#/clients/${enc(clientKey)}/documents/${enc(setId)}/correct`,
  compare: (clientKey: string, setId: string, from: number, to: number) =>
    `#/clients/${enc(clientKey)}/documents/${enc(setId)}/compare/${from}/${to}`,
};

export function navigate(to: string): void {
  window.location.hash = to;
}

/** The current route; only fragments that start with "#/" are routes (others are in-page anchors). */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const on = () => {
      if (window.location.hash === '' || window.location.hash.startsWith('#/'))
        setRoute(parseRoute(window.location.hash));
    };
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
