// The portal's own routes under `#/oma`: the professional workspace's router hands every `#/oma…`
// fragment to the portal, which reads the rest here. Whose records are read travels in the route
// (`/as/<key>`), so a link or a reload keeps the person.
export type CitizenPage =
  | { page: 'documents' }
  | { page: 'document'; setId: string }
  | { page: 'services' }
  | { page: 'log' }
  | { page: 'reports' };

export interface CitizenRoute {
  /** Whose records; undefined for one's own. */
  as?: string;
  view: CitizenPage;
}

const dec = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseCitizenRoute(hash: string): CitizenRoute {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(dec);
  if (parts[0] !== 'oma') return { view: { page: 'documents' } };
  let rest = parts.slice(1);
  let as: string | undefined;
  if (rest[0] === 'as' && rest[1] && UUID.test(rest[1])) {
    as = rest[1].toLowerCase();
    rest = rest.slice(2);
  }
  const base = as ? { as } : {};
  const [a, b] = rest;
  if (a === 'documents' && b && rest.length === 2) return { ...base, view: { page: 'document', setId: b } };
  if (a === 'services' && rest.length === 1) return { ...base, view: { page: 'services' } };
  if (a === 'log' && rest.length === 1) return { ...base, view: { page: 'log' } };
  if (a === 'reports' && rest.length === 1) return { ...base, view: { page: 'reports' } };
  return { ...base, view: { page: 'documents' } };
}

const enc = encodeURIComponent;

export function citizenHref(as: string | undefined, view: CitizenPage): string {
  const root = `#/oma${as ? `/as/${enc(as)}` : ''}`;
  switch (view.page) {
    case 'documents':
      return root;
    case 'document':
      return `${root}/documents/${enc(view.setId)}`;
    default:
      return `${root}/${view.page}`;
  }
}
