// The header: product, language, and while logged in the facts of the login a professional must
// always see: who, for which organization and service unit, in which role, and whether the login
// is strong enough to retrieve client data.
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { reference } from '../api/index.ts';
import { useAsync, useLanguage } from '../hooks.ts';
import { useSession } from '../session.tsx';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';

export function AppHeader({ loggedIn }: { loggedIn: boolean }) {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <div className="app-brand">
        <span className="app-name">{t('app.name')}</span>
        <span className="app-tagline">{t('app.tagline')}</span>
      </div>
      <div className="app-header-tools">
        <LanguageSwitcher />
        {loggedIn && <LogoutButton />}
      </div>
      {loggedIn && <UserFacts />}
    </header>
  );
}

function LogoutButton() {
  const { t } = useTranslation();
  const { logout } = useSession();
  return (
    <Button variant="secondary" className="logout" onClick={logout}>
      {t('nav.logout')}
    </Button>
  );
}

function UserFacts() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { actor, method } = useSession();
  const org = useAsync(() => reference.organization(actor.organizationOid), [actor.organizationOid]);
  const units = useAsync(() => reference.serviceUnits(actor.organizationOid), [actor.organizationOid]);
  const orgName = org.state === 'done' ? org.value.name : actor.organizationOid;
  const unitNames = actor.serviceUnitOids.map((oid) => {
    const u = units.state === 'done' ? units.value.find((x) => x.oid === oid) : undefined;
    return u ? (lang === 'sv' && u.nameSv) || u.nameFi : oid;
  });
  const auth = !actor.strongAuth
    ? t('header.weak')
    : method === 'certificate-card-demo'
      ? t('header.strongDemo')
      : t('header.strong');
  return (
    <section className="user-facts" aria-label={t('header.userInfo')}>
      <dl>
        <div>
          <dt>{t('header.user')}</dt>
          <dd data-testid="header-user">{actor.name}</dd>
        </div>
        <div>
          <dt>{t('header.organization')}</dt>
          <dd data-testid="header-organization">{orgName}</dd>
        </div>
        <div>
          <dt>{t('header.serviceUnit')}</dt>
          <dd data-testid="header-unit">{unitNames.join(', ')}</dd>
        </div>
        <div>
          <dt>{t('header.role')}</dt>
          <dd data-testid="header-role">{t(`roles.${actor.role}`)}</dd>
        </div>
        <div>
          <dt>{t('header.authentication')}</dt>
          <dd data-testid="header-auth" className={actor.strongAuth ? 'auth-strong' : 'auth-weak'}>
            {auth}
          </dd>
        </div>
      </dl>
    </section>
  );
}
