// One document: its metadata, its stored XHTML (in a sandboxed frame), its version history, the
// two lifecycle actions, correction (a new version) and invalidation (reason required), and its
// visibility in OmaKanta with the change step (also a new version, announced here).
import { decideLegacyChange, isLegacyDocument } from '@varanto/domain/records';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Button,
  Heading,
  InlineAlert,
  LoadingSpinner,
  Modal,
  ModalContent,
  ModalFooter,
  ModalTitle,
  Paragraph,
  RouterLink,
  Textarea,
} from 'suomifi-ui-components';
import {
  ApiError,
  api,
  CODE_SETS,
  type DocumentSummary,
  type DocumentVersion,
  reference,
} from '../api/index.ts';
import { codeName, documentTitle, useCodeSet } from '../components/codes.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { type RecordNotice, RecordNoticeView } from '../components/RecordNotice.tsx';
import { SafeXhtml } from '../components/SafeXhtml.tsx';
import { VisibilityPanel } from '../components/VisibilityPanel.tsx';
import { WhyHidden } from '../components/WhyHidden.tsx';
import { formatDate, formatInstant, nameIn } from '../format.ts';
import { useAsync, useLanguage } from '../hooks.ts';
import { href, navigate } from '../router.ts';

export function DocumentView({
  clientKey,
  setId,
  version,
}: {
  clientKey: string;
  setId: string;
  version?: number;
}) {
  const { t } = useTranslation();
  const doc = useAsync(
    () => (version === undefined ? api.document(setId) : api.documentVersion(setId, version)),
    [setId, version],
  );
  const versions = useAsync(
    () => api.documentVersions(setId),
    [setId, doc.state === 'done' ? doc.value.version : 0],
  );
  const types = useCodeSet(CODE_SETS.documentType);
  const groups = useCodeSet(CODE_SETS.documentGroup);
  const lang = useLanguage();
  const [notice, setNotice] = useState<RecordNotice>();
  const isCurrent =
    doc.state === 'done' && versions.state === 'done' && versions.value.at(-1)?.version === doc.value.version;

  return (
    <div className="document-view">
      <p className="back-link">
        <RouterLink href={href.client(clientKey)}>{t('document.back')}</RouterLink>
      </p>
      {doc.state === 'loading' && <LoadingSpinner text={t('app.loading')} status="loading" variant="small" />}
      {doc.state === 'error' && (
        <>
          <PageHeading>{t('document.title')}</PageHeading>
          <ErrorMessage error={doc.error} />
          {doc.error instanceof ApiError && doc.error.status === 404 && (
            // Forbidden looks like missing; the worker can still ask which rules would refuse.
            <WhyHidden id="why-document" clientKey={clientKey} open onCareRelation={doc.reload} />
          )}
        </>
      )}
      {doc.state === 'done' && (
        <>
          <PageHeading>{documentTitle(doc.value.metadata, types, groups, lang)}</PageHeading>
          {notice && <RecordNoticeView clientKey={clientKey} notice={notice} />}
          <DocumentBody
            doc={doc.value}
            clientKey={clientKey}
            isCurrent={isCurrent}
            onInvalidated={() => navigate(href.document(clientKey, setId))}
            reload={doc.reload}
          />
          {isCurrent && (
            <VisibilityPanel
              setId={setId}
              version={doc.value.version}
              canChange={
                doc.value.status === 'active' && decideLegacyChange(doc.value.metadata, 'visibility').allowed
              }
              onChanged={(answer) => {
                setNotice({
                  record: 'document',
                  setId,
                  version: answer.version,
                  step: answer.needsConfirmation
                    ? t('visibility.changedAwaitsConfirmation')
                    : t('visibility.changed'),
                });
                doc.reload();
              }}
            />
          )}
          <VersionHistory
            clientKey={clientKey}
            setId={setId}
            shown={doc.value.version}
            versions={versions.state === 'done' ? versions.value : []}
          />
        </>
      )}
    </div>
  );
}

function DocumentBody({
  doc,
  clientKey,
  isCurrent,
  reload,
  onInvalidated,
}: {
  doc: DocumentVersion;
  clientKey: string;
  isCurrent: boolean;
  reload: () => void;
  onInvalidated: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tasks = useCodeSet(CODE_SETS.serviceTask);
  const phases = useCodeSet(CODE_SETS.processPhase);
  const structure = useAsync(
    () => reference.structure(doc.metadata.structureOid),
    [doc.metadata.structureOid],
  );
  const [invalidating, setInvalidating] = useState(false);
  const m = doc.metadata;
  const structureName = structure.state === 'done' ? nameIn(structure.value.name, lang) : m.structureOid;
  const registrarOrg = useAsync(() => reference.organization(m.registrarOid), [m.registrarOid]);
  const authorOrg = useAsync(() => reference.organization(m.organizationOid), [m.organizationOid]);
  const registrar = registrarOrg.state === 'done' ? registrarOrg.value.name : m.registrarOid;
  const authorOrganization = authorOrg.state === 'done' ? authorOrg.value.name : m.organizationOid;
  return (
    <>
      {doc.status === 'invalidated' && (
        <InlineAlert
          status="warning"
          className="invalidated-note"
          mb="m"
          labelText={t('documents.invalidated')}
        >
          {doc.reason && `${t('document.reason')}: ${doc.reason}`}
        </InlineAlert>
      )}
      <section aria-labelledby="doc-meta-heading" className="overview-card">
        <Heading variant="h2" id="doc-meta-heading" mb="s">
          {t('document.metadata')}
        </Heading>
        <dl className="facts">
          <Fact label={t('document.date')} value={formatDate(m.documentDate, lang)} />
          <Fact label={t('document.author')} value={m.authorName} />
          <Fact label={t('document.registrar')} value={registrar} testId="doc-registrar" />
          {m.organizationOid !== m.registrarOid && (
            // Written under a register usage right: the producer is the author's organization.
            <Fact
              label={t('document.authorOrganization')}
              value={authorOrganization}
              testId="doc-author-org"
            />
          )}
          <Fact label={t('document.serviceTask')} value={codeName(tasks, m.serviceTask, lang)} />
          {m.processPhase && (
            <Fact label={t('document.processPhase')} value={codeName(phases, m.processPhase, lang)} />
          )}
          <Fact label={t('document.structure')} value={structureName} />
          <Fact
            label={t('document.status')}
            value={doc.status === 'active' ? t('documents.active') : t('documents.invalidated')}
          />
          <Fact label={t('document.version')} value={String(doc.version)} />
          <Fact label={t('document.recordedAt')} value={formatInstant(doc.recordedAt, lang)} />
          {doc.reason && doc.status === 'active' && <Fact label={t('document.reason')} value={doc.reason} />}
        </dl>
        {/* A legacy document is archived as received: the server refuses its correction, but one
            stored in error is invalidated as any document (decideLegacyChange). */}
        {isCurrent && doc.status === 'active' && (
          <div className="document-actions">
            {decideLegacyChange(m, 'correct').allowed && (
              <RouterLink href={href.correct(clientKey, doc.setId)} className="correct-link">
                {t('document.correct')}
              </RouterLink>
            )}
            {decideLegacyChange(m, 'invalidate').allowed && (
              <Button variant="secondary" onClick={() => setInvalidating(true)} className="invalidate-button">
                {t('document.invalidate')}
              </Button>
            )}
          </div>
        )}
      </section>
      {/* A legacy document is its archived file; the XHTML below only describes it. */}
      {isLegacyDocument(m) && <ArchivedFile setId={doc.setId} content={doc.content} />}
      <section aria-labelledby="doc-content-heading" className="document-content">
        <Heading variant="h2" id="doc-content-heading" mt="l" mb="s">
          {t('document.content')}
        </Heading>
        <SafeXhtml
          xhtml={doc.xhtml}
          lang={m.language}
          title={t('document.contentFrame', { name: structureName })}
        />
      </section>
      <InvalidateDialog
        visible={invalidating}
        doc={doc}
        onClose={() => setInvalidating(false)}
        onDone={() => {
          setInvalidating(false);
          onInvalidated();
          reload();
        }}
      />
    </>
  );
}

/** The media type and size the legacy content names (vanha_asiakirja.tiedosto), when present. */
function archivedFileOf(content: unknown): { mediaType: string; bytes: number } | undefined {
  const file = (content as { vanha_asiakirja?: { tiedosto?: { mediaType?: unknown; bytes?: unknown } } })
    ?.vanha_asiakirja?.tiedosto;
  if (typeof file?.mediaType !== 'string' || typeof file.bytes !== 'number') return undefined;
  return { mediaType: file.mediaType.split(';')[0]!.trim(), bytes: file.bytes };
}

function formatSize(bytes: number, lang: string): string {
  const kb = bytes >= 1000;
  return new Intl.NumberFormat(lang, {
    style: 'unit',
    unit: kb ? 'kilobyte' : 'byte',
    maximumFractionDigits: 1,
  }).format(kb ? bytes / 1000 : bytes);
}

/**
 * The link to the file as it was archived. The API takes the session cookie on a GET from the
 * same origin, so a plain link downloads it (the server answers Content-Disposition: attachment).
 */
function ArchivedFile({ setId, content }: { setId: string; content: unknown }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const file = archivedFileOf(content);
  return (
    <section aria-labelledby="doc-file-heading" className="overview-card archived-file">
      <Heading variant="h2" id="doc-file-heading" mt="l" mb="s">
        {t('document.archivedFile')}
      </Heading>
      <p>
        <a href={`/documents/${encodeURIComponent(setId)}/file`} download data-testid="archived-file-link">
          {t('document.openArchivedFile')}
        </a>
        {file && (
          <span className="muted" data-testid="archived-file-details">
            {' '}
            ({t('document.archivedFileDetails', { type: file.mediaType, size: formatSize(file.bytes, lang) })}
            )
          </span>
        )}
      </p>
    </section>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

function InvalidateDialog({
  visible,
  doc,
  onClose,
  onDone,
}: {
  visible: boolean;
  doc: DocumentVersion;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim() === '') {
      setMissing(true);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      await api.invalidateDocument(doc.setId, { invalidatesVersion: doc.version, reason: reason.trim() });
      setReason('');
      onDone();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  const conflict = failure instanceof ApiError && failure.kind === 'version-conflict';
  const serverReason =
    failure instanceof ApiError
      ? failure.problem.errors?.find((e) => e.path === '/reason')?.message
      : undefined;
  return (
    <Modal appElementId="root" visible={visible} onEscKeyDown={onClose} ariaLabelledBy="invalidate-title">
      <form onSubmit={submit} noValidate>
        <ModalContent>
          <ModalTitle id="invalidate-title">{t('document.invalidateTitle')}</ModalTitle>
          <Paragraph mb="s">{t('document.invalidateIntro')}</Paragraph>
          <Textarea
            id="invalidate-reason"
            labelText={t('document.reasonLabel')}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setMissing(false);
            }}
            fullWidth
            {...(missing || serverReason
              ? { status: 'error' as const, statusText: serverReason ?? t('document.reasonRequired') }
              : {})}
          />
          {conflict && (
            <InlineAlert status="error" mt="s">
              {t('document.versionConflict', { version: failure.problem.currentVersion ?? '' })}
            </InlineAlert>
          )}
          {failure !== undefined && !conflict && !serverReason && <ErrorMessage error={failure} />}
        </ModalContent>
        <ModalFooter>
          <Button type="submit" disabled={busy} className="confirm-invalidate">
            {t('document.confirmInvalidate')}
          </Button>
          <Button type="button" variant="secondary" onClick={onClose}>
            {t('document.cancel')}
          </Button>
        </ModalFooter>
      </form>
    </Modal>
  );
}

function VersionHistory({
  clientKey,
  setId,
  shown,
  versions,
}: {
  clientKey: string;
  setId: string;
  shown: number;
  versions: DocumentSummary[];
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (versions.length === 0) return null;
  const newest = versions.at(-1)?.version;
  return (
    <section aria-labelledby="versions-heading" className="version-history">
      <Heading variant="h2" id="versions-heading" mt="l" mb="s">
        {t('document.versions')}
      </Heading>
      <table className="documents-table">
        <thead>
          <tr>
            <th scope="col">{t('document.version')}</th>
            <th scope="col">{t('document.recordedAt')}</th>
            <th scope="col">{t('document.author')}</th>
            <th scope="col">{t('document.status')}</th>
            <th scope="col">{t('document.reason')}</th>
            <th scope="col">{t('document.changes')}</th>
          </tr>
        </thead>
        <tbody>
          {[...versions].reverse().map((v) => (
            <tr
              key={v.version}
              data-testid="version-row"
              aria-current={v.version === shown ? 'true' : undefined}
            >
              <td>
                {v.version === shown ? (
                  <strong>{v.version}</strong>
                ) : (
                  <RouterLink
                    href={href.document(clientKey, setId, v.version === newest ? undefined : v.version)}
                    aria-label={t('document.viewVersion', { version: v.version })}
                  >
                    {v.version}
                  </RouterLink>
                )}
                {v.version === newest && <span className="muted"> ({t('document.current')})</span>}
              </td>
              <td>{formatInstant(v.recordedAt, lang)}</td>
              <td>{v.metadata.authorName}</td>
              <td>{v.status === 'active' ? t('documents.active') : t('documents.invalidated')}</td>
              <td>{v.reason ?? ''}</td>
              <td>
                {v.version > 1 && (
                  <RouterLink
                    href={href.compare(clientKey, setId, v.version - 1, v.version)}
                    className="compare-link"
                    aria-label={t('document.compareWithPreviousOf', { version: v.version })}
                  >
                    {t('document.compareWithPrevious')}
                  </RouterLink>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
