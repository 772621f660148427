// Recording a document, and correcting one: pick a structure (searchable), fill the form the
// structure defines, preview the XHTML, store. The server validates; its field errors are shown
// at the fields (content errors by their pointer under /content, metadata errors under /metadata)
// and listed in an error summary that links to them.
import type { StructureDefinition } from '@varanto/domain/structures';
import { renderXhtml } from '@varanto/domain/structures';
import { type FormEvent, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Button,
  Dropdown,
  DropdownItem,
  ErrorSummary,
  Heading,
  InlineAlert,
  LoadingSpinner,
  RouterLink,
  Textarea,
  TextInput,
} from 'suomifi-ui-components';
import {
  ApiError,
  api,
  CODE_SETS,
  type CodeSet,
  type DocumentVersion,
  type FieldError,
  reference,
} from '../api/index.ts';
import { clienthoodsOf, finnishToday, type OpenCase, openCasesOf, usableRegisters } from '../client-data.ts';
import { caseLabel, codeName, useCodeSet } from '../components/codes.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { SafeXhtml } from '../components/SafeXhtml.tsx';
import { StructurePicker } from '../components/StructurePicker.tsx';
import { nameIn } from '../format.ts';
import { errorsByPointer, initialState, type Json, toContent } from '../forms/content.ts';
import { type CodeOption, fieldId, StructureForm } from '../forms/StructureForm.tsx';
import { useAsync, useLanguage } from '../hooks.ts';
import type { Language } from '../i18n/index.ts';
import { href, navigate } from '../router.ts';
import { useSession } from '../session.tsx';

export function RecordPage({ clientKey }: { clientKey: string }) {
  const { t } = useTranslation();
  const [oid, setOid] = useState<string | null>(null);
  const definition = useAsync(() => (oid ? reference.structure(oid) : Promise.resolve(undefined)), [oid]);
  return (
    <div className="record-page">
      <p className="back-link">
        <RouterLink href={href.client(clientKey)}>{t('document.back')}</RouterLink>
      </p>
      <PageHeading>{t('record.title')}</PageHeading>
      <StructurePicker value={oid} onChange={setOid} />
      {definition.state === 'error' && <ErrorMessage error={definition.error} />}
      {definition.state === 'done' && definition.value && (
        <DocumentEditor key={definition.value.oid} clientKey={clientKey} definition={definition.value} />
      )}
    </div>
  );
}

export function CorrectPage({ clientKey, setId }: { clientKey: string; setId: string }) {
  const { t } = useTranslation();
  const loaded = useAsync(async () => {
    const doc = await api.document(setId);
    const definition = await reference.structure(doc.metadata.structureOid);
    return { doc, definition };
  }, [setId]);
  return (
    <div className="record-page">
      <p className="back-link">
        <RouterLink href={href.document(clientKey, setId)}>{t('document.back')}</RouterLink>
      </p>
      <PageHeading>{t('record.correctTitle')}</PageHeading>
      {loaded.state === 'loading' && (
        <LoadingSpinner text={t('app.loading')} status="loading" variant="small" />
      )}
      {loaded.state === 'error' && <ErrorMessage error={loaded.error} />}
      {loaded.state === 'done' && (
        <DocumentEditor
          clientKey={clientKey}
          definition={loaded.value.definition}
          correcting={loaded.value.doc}
        />
      )}
    </div>
  );
}

interface Meta {
  serviceTask: string;
  processPhase: string;
  caseOid: string;
  documentDate: string;
}

/** Code sets the shipped structures refer to that the server can name. */
function useFormCodeSets(
  definition: StructureDefinition,
  lang: Language,
): ReadonlyMap<string, readonly CodeOption[]> {
  const oids = useMemo(() => {
    const out = new Set<string>();
    const walk = (fields: StructureDefinition['fields']) => {
      for (const f of fields) {
        if (f.value.kind === 'group') walk(f.value.fields);
        else if (f.value.kind === 'code' && f.value.system.kind === 'oid') out.add(f.value.system.oid);
      }
    };
    walk(definition.fields);
    return [...out].sort();
  }, [definition]);
  const sets = useAsync(
    () => Promise.all(oids.map((oid) => reference.codeSet(oid).catch(() => undefined))),
    [oids.join(' ')],
  );
  return useMemo(() => {
    const m = new Map<string, CodeOption[]>();
    if (sets.state === 'done') {
      for (const s of sets.value) {
        if (s)
          m.set(
            s.oid,
            s.codes.map((c) => ({ code: c.code, name: nameIn(c.names, lang) })),
          );
      }
    }
    return m;
  }, [sets, lang]);
}

function DocumentEditor({
  clientKey,
  definition,
  correcting,
}: {
  clientKey: string;
  definition: StructureDefinition;
  correcting?: DocumentVersion;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { actor } = useSession();
  const [value, setValue] = useState<Json>(() =>
    correcting ? (correcting.content as Json) : initialState(definition),
  );
  const [meta, setMeta] = useState<Meta>(() => ({
    serviceTask: correcting?.metadata.serviceTask ?? '',
    processPhase: correcting?.metadata.processPhase ?? '',
    caseOid: correcting?.metadata.caseOid ?? '',
    documentDate: correcting?.metadata.documentDate ?? finnishToday(),
  }));
  const [reason, setReason] = useState('');
  const [preview, setPreview] = useState<string>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // One key per editor: a retried store (a lost answer, a double click) stores once.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const summaryHeading = useRef<HTMLHeadingElement>(null);

  const tasks = useCodeSet(CODE_SETS.serviceTask);
  const phases = useCodeSet(CODE_SETS.processPhase);
  const codeSets = useFormCodeSets(definition, lang);
  const context = useAsync(async () => {
    const [clienthoods, cases] = await Promise.all([
      clienthoodsOf(clientKey),
      openCasesOf(clientKey).catch(() => [] as OpenCase[]),
    ]);
    return { clienthoods, cases };
  }, [clientKey, actor]);

  // Service tasks the document may belong to: the client's open ones that this user works in.
  const taskOptions = useMemo(() => {
    const open =
      context.state === 'done'
        ? context.value.clienthoods.flatMap((c) =>
            c.clienthood.serviceTasks.filter((s) => !s.end).map((s) => s.serviceTask),
          )
        : [];
    const mine = open.filter((s) => actor.serviceTasks.includes(s));
    return [...new Set(mine.length > 0 ? mine : actor.serviceTasks)];
  }, [context, actor]);
  const serviceTask = meta.serviceTask || taskOptions[0] || '';
  const caseOptions =
    context.state === 'done' ? context.value.cases.filter((c) => c.case.serviceTask === serviceTask) : [];

  const contentErrors = useMemo(
    () => errorsByPointer(errors.filter((e) => e.path.startsWith('/content'))),
    [errors],
  );
  const metaError = (name: string) =>
    errors
      .filter((e) => e.path === `/metadata/${name}`)
      .map((e) => e.message)
      .join(' ');

  const showPreview = () => {
    setPreview(
      renderXhtml(definition, toContent(definition, value), {
        lang: lang === 'sv' ? 'sv' : 'fi',
        metadata: { date: meta.documentDate, author: actor.name },
      }),
    );
  };

  const registerId = async (): Promise<string> => {
    // The register of the client's clienthood with a registrar this login may use, else the first
    // register this login may use.
    const own =
      context.state === 'done'
        ? context.value.clienthoods.find((c) => actor.registrarOids.includes(c.clienthood.registrarOid))
            ?.clienthood.registerId
        : undefined;
    if (own) return own;
    // A producer writes into the organizer's register through a right it holds for this client.
    const held = await api.heldUsageRights().catch(() => []);
    const right = held.find((r) => r.clientKey === clientKey && r.inForce && r.registerId);
    if (right?.registerId) return right.registerId;
    const first = (await usableRegisters(actor))[0];
    if (!first) throw new Error('no register');
    return first.id;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(undefined);
    setErrors([]);
    if (correcting && reason.trim() === '') {
      setErrors([{ path: '/reason', message: t('document.reasonRequired'), code: 'required' }]);
      summaryHeading.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const content = toContent(definition, value);
      const stored = correcting
        ? await api.correctDocument(correcting.setId, {
            correctsVersion: correcting.version,
            reason: reason.trim(),
            content,
          })
        : await api.storeDocument(
            await registerId(),
            {
              metadata: {
                clients: [clientKey],
                serviceTask,
                ...(meta.processPhase ? { processPhase: meta.processPhase } : {}),
                documentType: definition.typeCode,
                structureOid: definition.oid,
                documentDate: meta.documentDate,
                ...(meta.caseOid ? { caseOid: meta.caseOid } : {}),
                language: lang === 'sv' ? 'sv' : 'fi',
              },
              content,
            },
            idempotencyKey,
          );
      navigate(href.document(clientKey, stored.setId));
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors && err.problem.errors.length > 0) {
        setErrors(err.problem.errors);
        // Focus moves to the summary so that the errors are read out and can be followed.
        setTimeout(() => summaryHeading.current?.focus(), 0);
      } else setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  const summaryItems = errors.map((e) => ({
    text: errorText(e, definition, lang),
    inputId: inputIdOf(e.path),
  }));

  return (
    <form className="document-editor" onSubmit={submit} noValidate>
      {errors.length > 0 && (
        <ErrorSummary
          className="error-summary"
          headingText={t('record.errorsTitle')}
          headingRef={summaryHeading}
          headingVariant="h2"
          items={summaryItems}
          mb="m"
        />
      )}
      {failure !== undefined &&
        (failure instanceof ApiError && failure.kind === 'version-conflict' ? (
          <InlineAlert status="error">
            {t('document.versionConflict', { version: failure.problem.currentVersion ?? '' })}
          </InlineAlert>
        ) : (
          <ErrorMessage error={failure} />
        ))}
      <Heading variant="h2" mt="l" mb="s">
        {nameIn(definition.name, lang)} ({definition.typeCode})
      </Heading>
      {!correcting && (
        <fieldset className="form-group metadata">
          <legend>{t('record.metadata')}</legend>
          <MetaDropdown
            id="meta-serviceTask"
            label={t('record.serviceTask')}
            value={serviceTask}
            options={taskOptions}
            names={tasks}
            lang={lang}
            error={metaError('serviceTask')}
            onChange={(v) => setMeta({ ...meta, serviceTask: v, caseOid: '' })}
          />
          <MetaDropdown
            id="meta-processPhase"
            label={t('record.processPhase')}
            value={meta.processPhase}
            options={[...phases.keys()]}
            names={phases}
            lang={lang}
            optional
            error={metaError('processPhase')}
            onChange={(v) => setMeta({ ...meta, processPhase: v })}
          />
          <Dropdown
            id="meta-caseOid"
            labelText={t('record.case')}
            optionalText={t('form.optional')}
            value={meta.caseOid}
            onChange={(v) => setMeta({ ...meta, caseOid: v })}
            {...statusOf(metaError('caseOid'))}
          >
            {[
              <DropdownItem key="" value="">
                {t('record.noCase')}
              </DropdownItem>,
              ...caseOptions.map((c) => (
                <DropdownItem key={c.case.caseOid} value={c.case.caseOid}>
                  {caseLabel(c, tasks, lang)}
                </DropdownItem>
              )),
            ]}
          </Dropdown>
          <TextInput
            id="meta-documentDate"
            labelText={t('record.documentDate')}
            hintText={t('documents.dateHint')}
            value={meta.documentDate}
            onChange={(v) => setMeta({ ...meta, documentDate: String(v ?? '') })}
            {...statusOf(metaError('documentDate'))}
          />
        </fieldset>
      )}
      <StructureForm
        definition={definition}
        value={value}
        onChange={setValue}
        errors={contentErrors}
        lang={lang}
        codeSets={codeSets}
      />
      {correcting && (
        <Textarea
          id="correction-reason"
          labelText={t('record.correctionReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          fullWidth
          {...statusOf(
            errors
              .filter((e) => e.path === '/reason')
              .map((e) => e.message)
              .join(' '),
          )}
        />
      )}
      <div className="editor-buttons">
        <Button type="button" variant="secondary" onClick={showPreview} className="preview-button">
          {t('record.preview')}
        </Button>
        <Button type="submit" disabled={busy} className="store-button">
          {correcting ? t('record.storeCorrection') : t('record.store')}
        </Button>
      </div>
      {preview !== undefined && (
        <section className="preview" aria-labelledby="preview-heading">
          <Heading variant="h2" id="preview-heading" mt="l" mb="s">
            {t('record.previewTitle')}
          </Heading>
          <SafeXhtml xhtml={preview} lang={lang} title={t('record.previewTitle')} />
          <Button type="button" variant="secondaryNoBorder" onClick={() => setPreview(undefined)}>
            {t('record.closePreview')}
          </Button>
        </section>
      )}
    </form>
  );
}

function statusOf(message: string): { status?: 'error'; statusText?: string } {
  return message ? { status: 'error', statusText: message } : {};
}

function MetaDropdown({
  id,
  label,
  value,
  options,
  names,
  lang,
  optional,
  error,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: readonly string[];
  names: ReadonlyMap<string, CodeSet['codes'][number]>;
  lang: Language;
  optional?: boolean;
  error: string;
  onChange: (v: string) => void;
}) {
  const { t } = useTranslation();
  const items = [
    ...(optional ? [{ code: '', name: t('form.notRecorded') }] : []),
    ...options.map((code) => ({ code, name: `${codeName(names, code, lang)} (${code})` })),
  ];
  return (
    <Dropdown
      id={id}
      labelText={label}
      value={value}
      onChange={onChange}
      {...(optional ? { optionalText: t('form.optional') } : {})}
      {...statusOf(error)}
    >
      {items.map((i) => (
        <DropdownItem key={i.code} value={i.code}>
          {i.name}
        </DropdownItem>
      ))}
    </Dropdown>
  );
}

/** The element an error is about: a content field, a metadata input or the correction reason. */
function inputIdOf(path: string): string {
  if (path.startsWith('/content')) return fieldId(path.slice('/content'.length) || '');
  if (path.startsWith('/metadata/')) return `meta-${path.slice('/metadata/'.length).split('/')[0]}`;
  if (path === '/reason') return 'correction-reason';
  return 'structure-search';
}

/** "Sukunimi: required property is missing" — the field's label, then the server's message. */
function errorText(e: FieldError, definition: StructureDefinition, lang: Language): string {
  if (!e.path.startsWith(`/content/${definition.rootKey}/`)) return e.message;
  const keys = e.path
    .split('/')
    .slice(3)
    .filter((k) => !/^\d+$/.test(k));
  let fields = definition.fields;
  let label = '';
  for (const k of keys) {
    const f = fields.find((x) => x.key === k);
    if (!f) break;
    label = nameIn(f.name, lang);
    fields = f.value.kind === 'group' ? f.value.fields : [];
  }
  return label ? `${label}: ${e.message}` : e.message;
}
