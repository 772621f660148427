// The app shell: header, navigation, and the page of the current route. Without a session the
// login page is shown whatever the route, and the route is kept so that the user lands where the
// link pointed after logging in.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  InlineAlert,
  LoadingSpinner,
  RouterLink,
  ServiceNavigation,
  ServiceNavigationItem,
} from 'suomifi-ui-components';
import { type ActorView, api, clearCache, type LoginMethod, onUnauthenticated } from './api/index.ts';
import { CitizenApp } from './citizen/CitizenApp.tsx';
import { AppHeader } from './components/AppHeader.tsx';
import { ClientOverview } from './pages/ClientOverview.tsx';
import { CompareVersions } from './pages/CompareVersions.tsx';
import { DocumentView } from './pages/DocumentView.tsx';
import { ErrorFlagsPage } from './pages/ErrorFlags.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { CorrectPage, RecordPage } from './pages/RecordPage.tsx';
import { SearchPage } from './pages/SearchPage.tsx';
import { SettingsPage } from './pages/SettingsPage.tsx';
import { StaffPage } from './pages/StaffPage.tsx';
import { HeldRightsPage } from './pages/UsageRights.tsx';
import { clearRecentClients } from './recent.ts';
import { href, type Route, useRoute } from './router.ts';
import { rememberedMethod, rememberMethod, SessionContext, type SessionInfo } from './session.tsx';

type SessionState =
  | { state: 'checking' }
  | { state: 'out'; expired: boolean }
  | { state: 'in'; actor: ActorView; method?: LoginMethod };

export function App() {
  const { t } = useTranslation();
  const route = useRoute();
  const [session, setSession] = useState<SessionState>({ state: 'checking' });

  useEffect(() => {
    api.me().then(
      (actor) => {
        const method = rememberedMethod();
        setSession({ state: 'in', actor, ...(method ? { method } : {}) });
      },
      () => setSession({ state: 'out', expired: false }),
    );
    return onUnauthenticated(() => setSession({ state: 'out', expired: true }));
  }, []);

  const logout = useCallback(() => {
    void api.logout().finally(() => {
      clearCache();
      clearRecentClients();
      rememberMethod(undefined);
      setSession({ state: 'out', expired: false });
      window.location.hash = href.search();
    });
  }, []);

  const info: SessionInfo | undefined =
    session.state === 'in'
      ? { actor: session.actor, ...(session.method ? { method: session.method } : {}), logout }
      : undefined;

  // The citizen portal is a world of its own: its own session, header and look.
  if (route.name === 'oma') return <CitizenApp />;

  const skip = (e: React.MouseEvent) => {
    // The fragment is the router's, so the skip link moves focus itself.
    e.preventDefault();
    document.getElementById('main')?.focus();
  };

  return (
    <SessionContext.Provider value={info}>
      {/* biome-ignore lint/a11y/useValidAnchor: a skip link is a link to #main; the click handler only keeps the route's fragment */}
      <a href="#main" className="skip-link" onClick={skip}>
        {t('app.skipToContent')}
      </a>
      <AppHeader loggedIn={info !== undefined} />
      {info && (
        <ServiceNavigation aria-label={t('app.mainNavigation')} className="main-nav">
          <ServiceNavigationItem selected={route.name === 'search'}>
            <RouterLink href={href.search()}>{t('nav.search')}</RouterLink>
          </ServiceNavigationItem>
          <ServiceNavigationItem selected={route.name === 'rights'}>
            <RouterLink href={href.rights()}>{t('nav.heldRights')}</RouterLink>
          </ServiceNavigationItem>
          <ServiceNavigationItem selected={route.name === 'flags'}>
            <RouterLink href={href.flags()}>{t('nav.errorFlags')}</RouterLink>
          </ServiceNavigationItem>
          {info.actor.role === 'admin' && (
            <ServiceNavigationItem selected={route.name === 'staff'}>
              <RouterLink href={href.staff()}>{t('nav.staff')}</RouterLink>
            </ServiceNavigationItem>
          )}
          <ServiceNavigationItem selected={route.name === 'settings'}>
            <RouterLink href={href.settings()}>{t('nav.settings')}</RouterLink>
          </ServiceNavigationItem>
        </ServiceNavigation>
      )}
      <main id="main" tabIndex={-1} className="app-main">
        {session.state === 'checking' && (
          <LoadingSpinner text={t('app.loading')} status="loading" variant="small" />
        )}
        {session.state === 'out' && (
          <>
            {session.expired && (
              <InlineAlert status="warning" mb="m">
                {t('errors.sessionExpired')}
              </InlineAlert>
            )}
            <LoginPage
              onLogin={(r) => {
                rememberMethod(r.method);
                clearCache();
                setSession({ state: 'in', actor: r.actor, method: r.method });
              }}
            />
          </>
        )}
        {session.state === 'in' && <Page route={route} />}
      </main>
    </SessionContext.Provider>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'oma':
      return null;
    case 'search':
      return <SearchPage />;
    case 'rights':
      return <HeldRightsPage />;
    case 'flags':
      return <ErrorFlagsPage />;
    case 'settings':
      return <SettingsPage />;
    case 'staff':
      return <StaffPage />;
    case 'client':
      return <ClientOverview key={route.clientKey} clientKey={route.clientKey} />;
    case 'document':
      return (
        <DocumentView
          key={`${route.setId}/${route.version ?? ''}`}
          clientKey={route.clientKey}
          setId={route.setId}
          {...(route.version !== undefined ? { version: route.version } : {})}
        />
      );
    case 'record':
      return <RecordPage key={route.clientKey} clientKey={route.clientKey} />;
    case 'correct':
      return <CorrectPage key={route.setId} clientKey={route.clientKey} setId={route.setId} />;
    case 'compare':
      return (
        <CompareVersions
          key={route.setId}
          clientKey={route.clientKey}
          setId={route.setId}
          from={route.from}
          to={route.to}
        />
      );
  }
}
