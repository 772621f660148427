// The administrator's staff view: the professionals their organization administers (GET
// /professionals), each with "end this person's sessions" — every session issued so far is refused
// from the next request on (a lost certificate card, an ended employment). The server decides who
// may; the dialog asks for the reason it keeps and shows any refusal with its rule.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { InlineAlert, LoadingSpinner, Paragraph } from 'suomifi-ui-components';
import { api, type Professional } from '../api/index.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { personName } from '../format.ts';
import { useAsync } from '../hooks.ts';
import { useSession } from '../session.tsx';
import { EndSessions } from './EndSessions.tsx';

export function StaffPage() {
  const { t } = useTranslation();
  const { actor } = useSession();
  const staff = useAsync(() => api.professionals(), []);
  const [ended, setEnded] = useState<string>();
  if (actor.role !== 'admin') {
    return (
      <>
        <PageHeading>{t('staff.title')}</PageHeading>
        <InlineAlert status="warning">{t('staff.adminOnly')}</InlineAlert>
      </>
    );
  }
  const list = staff.state === 'done' ? [...staff.value].sort((a, b) => collate(a, b)) : [];
  return (
    <div className="staff-page">
      <PageHeading>{t('staff.title')}</PageHeading>
      <Paragraph mb="m">{t('staff.intro')}</Paragraph>
      {ended && (
        <InlineAlert status="neutral" className="sessions-ended" mb="m">
          <span data-testid="sessions-ended">{ended}</span>
        </InlineAlert>
      )}
      {staff.state === 'loading' && (
        <LoadingSpinner text={t('app.loading')} status="loading" variant="small" />
      )}
      {staff.state === 'error' && <ErrorMessage error={staff.error} />}
      {staff.state === 'done' && list.length === 0 && <Paragraph>{t('staff.none')}</Paragraph>}
      {list.length > 0 && (
        <table className="documents-table staff-table">
          <caption className="visually-hidden">{t('staff.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('staff.name')}</th>
              <th scope="col">{t('staff.login')}</th>
              <th scope="col">{t('staff.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr key={p.id} data-login={p.login}>
                <th scope="row">{personName(p)}</th>
                <td>{p.login}</td>
                <td>
                  <EndSessions
                    id={`end-sessions-${p.id}`}
                    professionalId={p.id}
                    trigger={{
                      text: t('staff.endSessions'),
                      className: 'end-sessions',
                      label: t('staff.endSessionsOf', { name: personName(p) }),
                    }}
                    title={t('staff.endSessionsOf', { name: personName(p) })}
                    intro={t('staff.endSessionsIntro', { name: personName(p) })}
                    submitText={t('staff.confirm')}
                    reasonHint={t('staff.reasonHint')}
                    onEnded={(time) => setEnded(t('staff.ended', { name: personName(p), time }))}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

const collate = (a: Professional, b: Professional) =>
  personName(a).localeCompare(personName(b), 'fi') || a.login.localeCompare(b.login);
