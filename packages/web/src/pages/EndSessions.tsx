// Ending a professional's sessions (POST /professionals/{id}/sessions/revoke): every session issued
// so far is refused from the next request on. The administrator's "end this person's sessions" on
// the staff view and one's own "end all my other sessions" (the server gives this browser a new
// session) are the same step with their own words; the reason asked is kept with the revocation.
import { useTranslation } from 'react-i18next';
import { TextInput } from 'suomifi-ui-components';
import { api } from '../api/index.ts';
import { StepDialog, type Trigger, useStepDialog } from '../components/step-dialog.tsx';
import { formatInstant } from '../format.ts';
import { useLanguage } from '../hooks.ts';

/** The reason the server requires (3–500 characters, not only spaces), checked before asking. */
function reasonErrors(reason: string, message: string) {
  return reason.trim().length < 3 ? [{ path: '/reason', message, code: 'required' }] : [];
}

export function EndSessions({
  id,
  professionalId,
  trigger,
  title,
  intro,
  submitText,
  reasonHint,
  onEnded,
}: {
  id: string;
  professionalId: string;
  trigger: Omit<Trigger, 'onOpen'>;
  title: string;
  intro: string;
  submitText: string;
  reasonHint: string;
  /** Told the moment of the revocation, formatted in the UI language. */
  onEnded: (time: string) => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const d = useStepDialog(() => ({ reason: '' }));
  return (
    <StepDialog
      dialog={d}
      id={id}
      trigger={{ ...trigger, onOpen: () => d.reset() }}
      title={title}
      intro={intro}
      submitText={submitText}
      fieldPaths={['/reason']}
      onSubmit={async () => {
        const missing = reasonErrors(d.values.reason, t('account.reasonRequired'));
        if (missing.length > 0) return missing;
        const r = await api.revokeSessions(professionalId, d.values.reason.trim());
        onEnded(formatInstant(r.revokedAt, lang));
        return undefined;
      }}
    >
      {(errorAt) => (
        <TextInput
          id={`${id}-reason`}
          labelText={t('account.reason')}
          hintText={reasonHint}
          {...d.bind('reason')}
          {...errorAt('/reason')}
        />
      )}
    </StepDialog>
  );
}
