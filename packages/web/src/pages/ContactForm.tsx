// A professional's work contact details (phone, e-mail, public service address), shown to the
// clients they are personal worker for in OmaKanta. Each save is the next version on the server,
// which replaces the whole set: every field is sent as it stands, and a field left empty is not shown.
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, InlineAlert, LoadingSpinner, TextInput } from 'suomifi-ui-components';
import { api, type ContactBody } from '../api/index.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { StepMessage, useStepForm } from '../components/step-form.tsx';
import { useAsync } from '../hooks.ts';

const FIELDS = ['phone', 'email', 'serviceAddress'] as const;
type Field = (typeof FIELDS)[number];

export function ContactForm({ professionalId }: { professionalId: string }) {
  const { t } = useTranslation();
  const current = useAsync(() => api.contact(professionalId), [professionalId]);
  const [values, setValues] = useState<Record<Field, string>>({ phone: '', email: '', serviceAddress: '' });
  const [saved, setSaved] = useState<number>();
  const form = useStepForm(FIELDS.map((f) => `/${f}`));

  // The stored details fill the form once they arrive (the answer object, not the hook's wrapper,
  // which is new on every render and would undo each keystroke).
  const loaded = current.state === 'done' ? current.value : undefined;
  useEffect(() => {
    if (loaded) {
      setValues({
        phone: loaded.phone ?? '',
        email: loaded.email ?? '',
        serviceAddress: loaded.serviceAddress ?? '',
      });
    }
  }, [loaded]);

  if (current.state === 'loading')
    return <LoadingSpinner text={t('app.loading')} status="loading" variant="small" />;
  if (current.state === 'error') return <ErrorMessage error={current.error} />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(undefined);
    void form.run(async () => {
      const body: ContactBody = {};
      for (const f of FIELDS) if (values[f].trim() !== '') body[f] = values[f].trim();
      const stored = await api.setContact(professionalId, body);
      setSaved(stored.version);
      return undefined;
    });
  };

  const input = (field: Field, hint?: string) => (
    <TextInput
      id={`contact-${field}`}
      labelText={t(`account.${field}`)}
      optionalText={t('form.optional')}
      {...(hint ? { hintText: hint } : {})}
      value={values[field]}
      onChange={(v) => setValues((old) => ({ ...old, [field]: String(v ?? '') }))}
      {...form.errorAt(`/${field}`)}
    />
  );

  return (
    <form onSubmit={submit} noValidate className="contact-form dialog-fields">
      {current.value.version === 0 && saved === undefined && (
        <InlineAlert status="neutral" mb="s">
          {t('account.contactNone')}
        </InlineAlert>
      )}
      {input('phone')}
      {input('email')}
      {input('serviceAddress', t('account.serviceAddressHint'))}
      <StepMessage message={form.message} />
      {saved !== undefined && (
        <InlineAlert status="neutral" className="contact-saved" mb="s">
          <span data-testid="contact-saved">{t('account.contactSaved', { version: saved })}</span>
        </InlineAlert>
      )}
      <Button type="submit" disabled={form.busy} className="contact-save">
        {t('account.save')}
      </Button>
    </form>
  );
}
