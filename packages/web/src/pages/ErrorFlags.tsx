// Errors clients reported in OmaKanta (virheilmoitukset), for the workers of the service unit that
// recorded the document: the open reports (or all), each with its document, description and status,
// and the step that handles one: in progress, rejected with a response, or corrected, which the
// server allows only once a new version of the document exists (the dialog links to it, or to the
// correction page). Refusals are shown at their field or with their rule; each step stores the
// report's next version, announced with a link to the correction.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Checkbox,
  Heading,
  InlineAlert,
  LoadingSpinner,
  Paragraph,
  RadioButton,
  RadioButtonGroup,
  RouterLink,
  StaticChip,
  Textarea,
} from 'suomifi-ui-components';
import { api, CODE_SETS, type ErrorFlag, type ErrorFlagStatus } from '../api/index.ts';
import { documentTitle, useCodeSet } from '../components/codes.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { StepDialog, useStepDialog } from '../components/step-dialog.tsx';
import { formatDate, formatInstant, personName } from '../format.ts';
import { useAsync, useLanguage } from '../hooks.ts';
import { href } from '../router.ts';

const OPEN: readonly ErrorFlagStatus[] = ['open', 'in_progress'];

interface Handled {
  flag: ErrorFlag;
  /** The document's version when the step was stored (the correction, for a corrected report). */
  documentVersion?: number;
}

export function ErrorFlagsPage() {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const [round, setRound] = useState(0);
  const [handled, setHandled] = useState<Handled>();
  const flags = useAsync(() => api.errorFlags(all ? undefined : OPEN), [all, round]);
  return (
    <div className="error-flags-page">
      <PageHeading>{t('flags.title')}</PageHeading>
      <Paragraph mb="m">{t('flags.intro')}</Paragraph>
      {handled && <HandledNotice handled={handled} />}
      <Checkbox checked={all} onClick={({ checkboxState }) => setAll(checkboxState)} className="flags-all">
        {t('flags.showClosed')}
      </Checkbox>
      {flags.state === 'loading' && (
        <LoadingSpinner text={t('app.loading')} status="loading" variant="small" />
      )}
      {flags.state === 'error' && <ErrorMessage error={flags.error} />}
      {flags.state === 'done' && flags.value.items.length === 0 && (
        <Paragraph mt="m">{all ? t('flags.noneAtAll') : t('flags.none')}</Paragraph>
      )}
      {flags.state === 'done' && flags.value.items.length > 0 && (
        <table className="documents-table flags-table">
          <caption className="visually-hidden">{t('flags.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('flags.document')}</th>
              <th scope="col">{t('flags.client')}</th>
              <th scope="col">{t('flags.description')}</th>
              <th scope="col">{t('flags.flaggedAt')}</th>
              <th scope="col">{t('flags.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('flags.handle')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {flags.value.items.map((f) => (
              <FlagRow
                key={`${f.flagId}-${f.version}`}
                flag={f}
                onHandled={(h) => {
                  setHandled(h);
                  setRound((r) => r + 1);
                }}
              />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function HandledNotice({ handled: { flag, documentVersion } }: { handled: Handled }) {
  const { t } = useTranslation();
  return (
    <InlineAlert
      status="neutral"
      className="record-notice"
      mb="m"
      labelText={t('flags.updated', { status: t(`flags.statuses.${flag.status}`) })}
    >
      <span data-testid="flag-notice">{t('flags.updatedVersion', { version: flag.version })}</span>
      {flag.status === 'corrected' && documentVersion !== undefined && (
        <>
          {' '}
          <RouterLink
            href={href.document(flag.clientKey, flag.setId, documentVersion)}
            className="flag-correction-link"
          >
            {t('flags.openCorrection', { version: documentVersion })}
          </RouterLink>
          {' · '}
          <RouterLink href={href.compare(flag.clientKey, flag.setId, flag.documentVersion, documentVersion)}>
            {t('steps.whatChanged')}
          </RouterLink>
        </>
      )}
    </InlineAlert>
  );
}

/** The document's name and the client's, read for the row (a name that cannot be read is left out). */
function useNames(flag: ErrorFlag) {
  const lang = useLanguage();
  const types = useCodeSet(CODE_SETS.documentType);
  const groups = useCodeSet(CODE_SETS.documentGroup);
  const doc = useAsync(
    () => api.documentVersion(flag.setId, flag.documentVersion).catch(() => undefined),
    [flag.setId, flag.documentVersion],
  );
  const person = useAsync(() => api.person(flag.clientKey).catch(() => undefined), [flag.clientKey]);
  const d = doc.state === 'done' ? doc.value : undefined;
  const p = person.state === 'done' ? person.value : undefined;
  return {
    document: d
      ? `${documentTitle(d.metadata, types, groups, lang)} ${formatDate(d.metadata.documentDate, lang)}`
      : flag.setId,
    client: p ? personName(p) : flag.clientKey,
  };
}

function FlagRow({ flag, onHandled }: { flag: ErrorFlag; onHandled: (h: Handled) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const names = useNames(flag);
  const open = OPEN.includes(flag.status);
  return (
    <tr data-testid="flag-row" data-status={flag.status}>
      <td>
        <RouterLink href={href.document(flag.clientKey, flag.setId, flag.documentVersion)}>
          {names.document}
        </RouterLink>{' '}
        <span className="muted">({t('flags.documentVersion', { version: flag.documentVersion })})</span>
      </td>
      <td>
        <RouterLink href={href.client(flag.clientKey)}>{names.client}</RouterLink>
        <br />
        <span className="muted">{t(`flags.basis.${flag.flaggedBasis}`)}</span>
      </td>
      <td className="flag-description">{flag.description}</td>
      <td>{formatInstant(flag.flaggedAt, lang)}</td>
      <td>
        <StaticChip className={`flag-status flag-status-${flag.status}`}>
          {t(`flags.statuses.${flag.status}`)}
        </StaticChip>
        {flag.response && (
          <>
            <br />
            <span className="flag-response">
              {t('flags.response')}: {flag.response}
            </span>
          </>
        )}
      </td>
      <td>{open && <HandleFlag flag={flag} documentName={names.document} onHandled={onHandled} />}</td>
    </tr>
  );
}

function HandleFlag({
  flag,
  documentName,
  onHandled,
}: {
  flag: ErrorFlag;
  documentName: string;
  onHandled: (h: Handled) => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const offered: ErrorFlagStatus[] = [
    ...(flag.status === 'open' ? (['in_progress'] as const) : []),
    'corrected',
    'rejected',
  ];
  const d = useStepDialog(() => ({ status: offered[0]!, response: '' }));
  const { status, response } = d.values;
  // The report with the document's current version and the handling so far, read when opened.
  const detail = useAsync(
    () => (d.open ? api.errorFlag(flag.flagId) : Promise.resolve(undefined)),
    [d.open, flag.flagId, flag.version],
  );
  const dt = detail.state === 'done' ? detail.value : undefined;
  const current = dt?.flag.currentDocumentVersion;
  const corrected = current !== undefined && current > flag.documentVersion;
  return (
    <StepDialog
      dialog={d}
      id="flag-handle"
      trigger={{
        text: t('flags.handle'),
        className: 'handle-flag',
        label: t('flags.handleOf', { document: documentName }),
      }}
      title={t('flags.handleOf', { document: documentName })}
      intro={t('flags.handleIntro')}
      submitText={t('steps.save')}
      fieldPaths={['/status', '/response']}
      onSubmit={async () => {
        const text = response.trim();
        const answer = await api.setErrorFlagStatus(flag.flagId, {
          version: flag.version,
          status,
          ...(text ? { response: text } : {}),
        });
        d.reset('response');
        onHandled({
          flag: answer,
          ...(answer.currentDocumentVersion !== undefined
            ? { documentVersion: answer.currentDocumentVersion }
            : {}),
        });
        return undefined;
      }}
    >
      {(errorAt, groupErrorAt) => (
        <>
          <div className="flag-summary">
            <Paragraph>
              <strong>{t('flags.description')}:</strong> {flag.description}
            </Paragraph>
            <Paragraph>
              <RouterLink href={href.document(flag.clientKey, flag.setId, flag.documentVersion)}>
                {t('flags.flagged', { version: flag.documentVersion })}
              </RouterLink>
              {' · '}
              {detail.state === 'loading' && t('app.loading')}
              {detail.state === 'error' && <ErrorMessage error={detail.error} />}
              {dt && corrected && (
                <RouterLink
                  href={href.document(flag.clientKey, flag.setId, current)}
                  className="flag-correction"
                >
                  {t('flags.correction', { version: current })}
                </RouterLink>
              )}
              {dt && !corrected && (
                <>
                  <span className="muted">{t('flags.noCorrection')}</span>{' '}
                  <RouterLink href={href.correct(flag.clientKey, flag.setId)} className="flag-correct">
                    {t('flags.correct')}
                  </RouterLink>
                </>
              )}
            </Paragraph>
            {dt && dt.history.length > 1 && (
              <>
                <Heading variant="h3" mt="s" mb="xs">
                  {t('flags.history')}
                </Heading>
                <ul className="flag-history">
                  {dt.history.map((h) => (
                    <li key={h.version}>
                      {formatInstant(h.updatedAt, lang)}: {t(`flags.statuses.${h.status}`)}
                      {h.response ? ` – ${h.response}` : ''}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
          <RadioButtonGroup
            labelText={t('flags.newStatus')}
            name="flag-status"
            value={status}
            onChange={(v) => d.set('status', v as ErrorFlagStatus)}
            {...groupErrorAt('/status')}
          >
            {offered.map((s) => (
              <RadioButton
                key={s}
                value={s}
                hintText={
                  s === 'corrected'
                    ? t('flags.correctedHint')
                    : s === 'rejected'
                      ? t('flags.rejectedHint')
                      : t('flags.inProgressHint')
                }
              >
                {t(`flags.statuses.${s}`)}
              </RadioButton>
            ))}
          </RadioButtonGroup>
          <Textarea
            id="flag-response"
            labelText={t('flags.response')}
            hintText={t('flags.responseHint')}
            value={response}
            onChange={(e) => d.set('response', e.target.value)}
            fullWidth
            {...errorAt('/response')}
          />
        </>
      )}
    </StepDialog>
  );
}
