// Recently opened clients of this login, newest first. Kept in sessionStorage (this tab only,
// gone when it closes) and cleared on logout, because the names are client data; the API has no
// "recent clients" of its own yet.
export interface RecentClient {
  clientKey: string;
  name: string;
  identifier: string;
}

const KEY = 'varanto.recentClients';
const MAX = 10;

export function recentClients(professionalId: string): RecentClient[] {
  try {
    const raw = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as {
      owner?: string;
      items?: RecentClient[];
    } | null;
    return raw?.owner === professionalId && Array.isArray(raw.items) ? raw.items : [];
  } catch {
    return [];
  }
}

export function addRecentClient(professionalId: string, client: RecentClient): void {
  const items = [
    client,
    ...recentClients(professionalId).filter((c) => c.clientKey !== client.clientKey),
  ].slice(0, MAX);
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ owner: professionalId, items }));
  } catch {
    // Without storage there is simply no list.
  }
}

export function clearRecentClients(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing stored.
  }
}
