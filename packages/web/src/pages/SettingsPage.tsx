// The professional's own page: their sessions ("end all my other sessions": every session issued so
// far is revoked on the server, and this browser is given a new one) and the work contact details
// their clients see in OmaKanta.
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Heading, InlineAlert, Paragraph } from 'suomifi-ui-components';
import { PageHeading } from '../components/PageHeading.tsx';
import { useSession } from '../session.tsx';
import { ContactForm } from './ContactForm.tsx';
import { EndSessions } from './EndSessions.tsx';

export function SettingsPage() {
  const { t } = useTranslation();
  const { actor } = useSession();
  return (
    <div className="settings-page">
      <PageHeading>{t('account.title')}</PageHeading>
      <Section id="sessions" title={t('account.sessionsHeading')} intro={t('account.sessionsIntro')}>
        <EndOtherSessions professionalId={actor.professionalId} />
      </Section>
      <Section id="contact" title={t('account.contactHeading')} intro={t('account.contactIntro')}>
        <ContactForm professionalId={actor.professionalId} />
      </Section>
    </div>
  );
}

function Section({
  id,
  title,
  intro,
  children,
}: {
  id: string;
  title: string;
  intro: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="overview-card">
      <Heading variant="h2" id={`${id}-heading`} mb="s">
        {title}
      </Heading>
      <Paragraph mb="s">{intro}</Paragraph>
      {children}
    </section>
  );
}

function EndOtherSessions({ professionalId }: { professionalId: string }) {
  const { t } = useTranslation();
  const [ended, setEnded] = useState<string>();
  return (
    <>
      {ended && (
        <InlineAlert status="neutral" className="sessions-ended" mb="s">
          <span data-testid="sessions-ended">{ended}</span>
        </InlineAlert>
      )}
      <EndSessions
        id="end-other-sessions"
        professionalId={professionalId}
        trigger={{ text: t('account.endOthers'), className: 'end-other-sessions' }}
        title={t('account.endOthers')}
        intro={t('account.endOthersIntro')}
        submitText={t('account.endOthersConfirm')}
        reasonHint={t('account.reasonHint')}
        onEnded={(time) => setEnded(t('account.othersEnded', { time }))}
      />
    </>
  );
}
