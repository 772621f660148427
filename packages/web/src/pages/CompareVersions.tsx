// Two versions of one document side by side as a list of changes: each changed field with its
// label path, the value in the older and in the newer version. Corrections, invalidations and the
// steps that version the clienthood and case documents all read the same way here.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Dropdown,
  DropdownItem,
  Heading,
  LoadingSpinner,
  Paragraph,
  RouterLink,
  StaticChip,
} from 'suomifi-ui-components';
import { api, CODE_SETS, type DocumentVersion, reference } from '../api/index.ts';
import { documentTitle, useCodeSet } from '../components/codes.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { type Change, diffJson, pathLabel, structureAtomic, valueText } from '../diff.ts';
import { formatInstant } from '../format.ts';
import type { Json } from '../forms/content.ts';
import { useAsync, useLanguage } from '../hooks.ts';
import { href, navigate } from '../router.ts';

export function CompareVersions({
  clientKey,
  setId,
  from,
  to,
}: {
  clientKey: string;
  setId: string;
  from: number;
  to: number;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const types = useCodeSet(CODE_SETS.documentType);
  const groups = useCodeSet(CODE_SETS.documentGroup);
  const loaded = useAsync(async () => {
    const [versions, older, newer] = await Promise.all([
      api.documentVersions(setId),
      api.documentVersion(setId, from),
      api.documentVersion(setId, to),
    ]);
    const definition = await reference.structure(newer.metadata.structureOid).catch(() => undefined);
    return { versions, older, newer, definition };
  }, [setId, from, to]);

  const changes = useMemo((): Change[] => {
    if (loaded.state !== 'done') return [];
    const { older, newer, definition } = loaded.value;
    const atomic = definition ? structureAtomic(definition.rootKey, definition.fields) : undefined;
    return diffJson(older.content as Json, newer.content as Json, atomic);
  }, [loaded]);

  return (
    <div className="compare-page">
      <p className="back-link">
        <RouterLink href={href.document(clientKey, setId)}>{t('compare.back')}</RouterLink>
      </p>
      <PageHeading>{t('compare.title')}</PageHeading>
      {loaded.state === 'loading' && (
        <LoadingSpinner text={t('app.loading')} status="loading" variant="small" />
      )}
      {loaded.state === 'error' && <ErrorMessage error={loaded.error} />}
      {loaded.state === 'done' && (
        <>
          <Paragraph mb="m" className="compare-document">
            {documentTitle(loaded.value.newer.metadata, types, groups, lang)}
          </Paragraph>
          <div className="compare-choice">
            <VersionChoice
              id="compare-from"
              label={t('compare.older')}
              value={from}
              versions={loaded.value.versions.map((v) => v.version)}
              onChange={(v) => navigate(href.compare(clientKey, setId, v, to))}
            />
            <VersionChoice
              id="compare-to"
              label={t('compare.newer')}
              value={to}
              versions={loaded.value.versions.map((v) => v.version)}
              onChange={(v) => navigate(href.compare(clientKey, setId, from, v))}
            />
          </div>
          <VersionFacts older={loaded.value.older} newer={loaded.value.newer} />
          <Heading variant="h2" mt="l" mb="s" id="changes-heading">
            {t('compare.changes')}
          </Heading>
          {changes.length === 0 ? (
            <Paragraph className="no-changes">{t('compare.noChanges')}</Paragraph>
          ) : (
            <table className="documents-table diff-table" aria-labelledby="changes-heading">
              <thead>
                <tr>
                  <th scope="col">{t('compare.field')}</th>
                  <th scope="col">{t('compare.change')}</th>
                  <th scope="col">{t('compare.inVersion', { version: from })}</th>
                  <th scope="col">{t('compare.inVersion', { version: to })}</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c) => (
                  <tr key={c.path.join('/')} data-testid="diff-row" className={`diff-${c.kind}`}>
                    <th scope="row">
                      {loaded.value.definition
                        ? pathLabel(
                            loaded.value.definition.rootKey,
                            loaded.value.definition.fields,
                            c.path,
                            lang,
                          )
                        : c.path.join(' › ')}
                    </th>
                    <td>
                      <StaticChip className="diff-kind">{t(`compare.${c.kind}`)}</StaticChip>
                    </td>
                    <td className="diff-before">
                      {c.before !== undefined && (
                        <del>{valueText(c.before, (b) => (b ? t('form.yes') : t('form.no')))}</del>
                      )}
                    </td>
                    <td className="diff-after">
                      {c.after !== undefined && (
                        <ins>{valueText(c.after, (b) => (b ? t('form.yes') : t('form.no')))}</ins>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}

function VersionChoice({
  id,
  label,
  value,
  versions,
  onChange,
}: {
  id: string;
  label: string;
  value: number;
  versions: number[];
  onChange: (v: number) => void;
}) {
  return (
    <Dropdown id={id} labelText={label} value={String(value)} onChange={(v) => onChange(Number(v))}>
      {versions.map((v) => (
        <DropdownItem key={v} value={String(v)}>
          {String(v)}
        </DropdownItem>
      ))}
    </Dropdown>
  );
}

/** Who stored each version, when, in what state and why. */
function VersionFacts({ older, newer }: { older: DocumentVersion; newer: DocumentVersion }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <table className="documents-table compare-versions">
      <caption className="visually-hidden">{t('compare.versionsCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('document.version')}</th>
          <th scope="col">{t('document.recordedAt')}</th>
          <th scope="col">{t('document.author')}</th>
          <th scope="col">{t('document.status')}</th>
          <th scope="col">{t('document.reason')}</th>
        </tr>
      </thead>
      <tbody>
        {[older, newer].map((v) => (
          <tr key={v.version}>
            <td>{v.version}</td>
            <td>{formatInstant(v.recordedAt, lang)}</td>
            <td>{v.metadata.authorName}</td>
            <td>{v.status === 'active' ? t('documents.active') : t('documents.invalidated')}</td>
            <td>{v.reason ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
