// Finding a client: by identity code (checked while typing with the domain's parseHetu), by
// temporary identifier or by name. The server searches only what the user may see.
import { parseHetu } from '@varanto/domain/identity';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Button,
  Heading,
  Paragraph,
  RadioButton,
  RadioButtonGroup,
  RouterLink,
  Table,
  TextInput,
} from 'suomifi-ui-components';
import { api, type Person } from '../api/index.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { formatDate, personIdentifier, personName } from '../format.ts';
import { useLanguage } from '../hooks.ts';
import { recentClients } from '../recent.ts';
import { href } from '../router.ts';
import { useSession } from '../session.tsx';

type Mode = 'hetu' | 'temporary' | 'name';

export function SearchPage() {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('hetu');
  const [text, setText] = useState('');
  const [touched, setTouched] = useState(false);
  const [result, setResult] = useState<{ persons: Person[] } | { error: unknown } | undefined>();
  const [busy, setBusy] = useState(false);

  const hetu = mode === 'hetu' && text.trim() !== '' ? parseHetu(text) : undefined;
  // Judged once the code could be complete, or when the user leaves the field: a half-typed
  // code is not an error yet.
  const judge = hetu !== undefined && (touched || text.trim().length >= 11);
  const hetuStatus = !judge
    ? {}
    : hetu.ok
      ? { status: 'success' as const, statusText: t('search.hetuValid') }
      : { status: 'error' as const, statusText: t(`hetuErrors.${hetu.error.code}`) };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    const q = text.trim();
    if (q === '' || (mode === 'hetu' && !parseHetu(q).ok)) return;
    setBusy(true);
    try {
      const persons = mode === 'hetu' ? await api.findByHetu(q) : await api.findByText(q);
      setResult({ persons });
    } catch (error) {
      setResult({ error });
    } finally {
      setBusy(false);
    }
  };

  const label =
    mode === 'hetu' ? t('search.hetu') : mode === 'temporary' ? t('search.temporary') : t('search.name');
  const hint =
    mode === 'hetu'
      ? t('search.hetuHint')
      : mode === 'temporary'
        ? t('search.temporaryHint')
        : t('search.nameHint');

  return (
    <div className="search-page">
      <PageHeading>{t('search.title')}</PageHeading>
      <form onSubmit={submit} noValidate className="search-form" aria-label={t('search.title')}>
        <RadioButtonGroup
          labelText={t('search.by')}
          name="search-mode"
          value={mode}
          onChange={(v) => {
            setMode(v as Mode);
            setTouched(false);
            setResult(undefined);
          }}
          className="search-mode"
        >
          <RadioButton value="hetu">{t('search.byHetu')}</RadioButton>
          <RadioButton value="temporary">{t('search.byTemporary')}</RadioButton>
          <RadioButton value="name">{t('search.byName')}</RadioButton>
        </RadioButtonGroup>
        <TextInput
          id="search-text"
          labelText={label}
          hintText={hint}
          value={text}
          autoComplete="off"
          onChange={(v) => setText(String(v ?? ''))}
          onBlur={() => setTouched(true)}
          {...hetuStatus}
        />
        <Button type="submit" disabled={busy} className="search-submit">
          {t('search.submit')}
        </Button>
      </form>
      {result && <SearchResults result={result} />}
      <RecentClients />
    </div>
  );
}

function SearchResults({ result }: { result: { persons: Person[] } | { error: unknown } }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if ('error' in result) return <ErrorMessage error={result.error} />;
  const { persons } = result;
  return (
    <section className="search-results" aria-labelledby="search-results-heading">
      <Heading variant="h2" id="search-results-heading" mt="l" mb="s">
        {t('search.results')}
      </Heading>
      <Paragraph mb="s" role="status">
        {persons.length === 0 ? t('search.none') : t('search.found', { count: persons.length })}
      </Paragraph>
      {persons.length > 0 && (
        <Table
          aria-labelledby="search-results-heading"
          columns={[
            { key: 'name', labelText: t('search.columnName') },
            { key: 'identifier', labelText: t('search.columnId') },
            { key: 'birthDate', labelText: t('search.columnBirthDate') },
          ]}
          data={persons.map((p) => ({
            id: p.clientKey,
            name: (
              <RouterLink
                href={href.client(p.clientKey)}
                aria-label={t('search.open', { name: personName(p) })}
              >
                {personName(p)}
              </RouterLink>
            ),
            identifier: personIdentifier(p),
            birthDate: formatDate(p.birthDate, lang),
          }))}
        />
      )}
    </section>
  );
}

function RecentClients() {
  const { t } = useTranslation();
  const { actor } = useSession();
  const recent = recentClients(actor.professionalId);
  return (
    <section className="recent-clients" aria-labelledby="recent-heading">
      <Heading variant="h2" id="recent-heading" mt="xl" mb="s">
        {t('search.recent')}
      </Heading>
      {recent.length === 0 ? (
        <Paragraph>{t('search.recentNone')}</Paragraph>
      ) : (
        <ul className="recent-list">
          {recent.map((c) => (
            <li key={c.clientKey}>
              <RouterLink href={href.client(c.clientKey)}>{c.name}</RouterLink>
              <span className="muted"> {c.identifier}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
