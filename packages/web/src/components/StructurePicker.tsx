// Choosing a document structure: a search field (the server searches names, type codes and OIDs,
// ignoring diacritics) and the matches as radio buttons. Plain inputs rather than a combobox, so
// that every screen reader and keyboard handles it the same way.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HintText, LoadingSpinner, RadioButton, RadioButtonGroup, TextInput } from 'suomifi-ui-components';
import { api, type StructureSummary } from '../api/index.ts';
import { nameIn } from '../format.ts';
import { useAsync, useLanguage } from '../hooks.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

/** Clienthood, case, consent and prohibition documents are made by their own actions, not here. */
const isClientDocument = (s: StructureSummary) => !s.typeCode.startsWith('1505.');

const SHOWN = 12;

export function StructurePicker({
  value,
  onChange,
}: {
  value: string | null;
  onChange: (oid: string) => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [query, setQuery] = useState('');
  const found = useAsync(
    () => api.structures(query.trim() || undefined, lang === 'sv' ? 'sv' : 'fi'),
    [query.trim(), lang],
  );
  const matches = found.state === 'done' ? found.value.filter(isClientDocument) : [];
  const shown = matches.slice(0, SHOWN);
  return (
    <div className="structure-picker">
      <TextInput
        id="structure-search"
        labelText={t('record.chooseStructure')}
        hintText={t('record.chooseStructureHint')}
        value={query}
        debounce={250}
        onChange={(v) => setQuery(String(v ?? ''))}
        autoComplete="off"
      />
      {found.state === 'loading' && (
        <LoadingSpinner text={t('app.loading')} status="loading" variant="small" />
      )}
      {found.state === 'error' && <ErrorMessage error={found.error} />}
      {found.state === 'done' && matches.length === 0 && <HintText>{t('record.noStructure')}</HintText>}
      {shown.length > 0 && (
        <RadioButtonGroup
          className="structure-choices"
          labelText={t('record.structureMatches')}
          name="structure"
          value={value ?? ''}
          onChange={onChange}
          {...(matches.length > SHOWN
            ? { groupHintText: t('record.moreStructures', { count: matches.length - SHOWN }) }
            : {})}
        >
          {shown.map((s) => (
            <RadioButton key={s.oid} value={s.oid}>
              {`${nameIn(s.name, lang)} (${s.typeCode})`}
            </RadioButton>
          ))}
        </RadioButtonGroup>
      )}
    </div>
  );
}
