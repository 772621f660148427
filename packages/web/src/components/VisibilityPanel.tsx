// A document's visibility in OmaKanta, as the server explains it (GET /documents/{setId}/visibility):
// its settings, whether the client and a minor's guardian see it today and which rule hides it, what
// the worker must still decide; and the change (delay, special content, the guardian marking and its
// confirmation, lifting an automatic hiding, keeping a flagged document shown) as one dialog. The
// rules are the domain's (decideVisibilityChange); a refusal is shown at its field (422) or with its
// rule (403, 409). A change is stored as the document's next version, which the caller announces.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Button,
  Dropdown,
  DropdownItem,
  Heading,
  InlineAlert,
  LoadingSpinner,
  RadioButton,
  RadioButtonGroup,
  Textarea,
  TextInput,
} from 'suomifi-ui-components';
import { api, type Visibility, type VisibilityChanged } from '../api/index.ts';
import { formatDate } from '../format.ts';
import { useAsync, useLanguage } from '../hooks.ts';
import { changeOf, type Kind, offeredKinds, WITH_CODE, WITH_REASON } from '../visibility-change.ts';
import { ActionDialog } from './ActionDialog.tsx';
import { codeName, useCodeSet } from './codes.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

const RESTRICTION_REASONS = '1.2.246.537.6.1288';

/** A rule's explanation in the UI language: ours where we have it, else the server's own words. */
function useWhy(): (x: { rule: string; reason: string; reasonFi: string }) => string {
  const { t, i18n } = useTranslation();
  const lang = useLanguage();
  return (x) => {
    const key = `visibility.rules.${x.rule}`;
    if (i18n.exists(key)) return t(key as 'visibility.rules.delayed');
    return lang === 'fi' ? x.reasonFi : x.reason;
  };
}

function Shown({ label, reasons, testId }: { label: string; reasons: Visibility['client']; testId: string }) {
  const { t } = useTranslation();
  const why = useWhy();
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId} data-shown={reasons.length === 0 ? 'true' : 'false'}>
        {reasons.length === 0 ? t('visibility.shown') : t('visibility.notShown')}
        {reasons.map((r) => (
          <span key={r.rule} className="visibility-reason" data-rule={r.rule}>
            <br />
            <span className="muted">{why(r)}</span>
          </span>
        ))}
      </dd>
    </div>
  );
}

export function VisibilityPanel({
  setId,
  version,
  canChange,
  onChanged,
}: {
  setId: string;
  /** The document version shown: the settings are read again when it changes. */
  version: number;
  /** Whether the change step is offered (the current, active version). */
  canChange: boolean;
  onChanged: (answer: VisibilityChanged) => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const why = useWhy();
  const reasons = useCodeSet(RESTRICTION_REASONS);
  const visibility = useAsync(() => api.visibility(setId), [setId, version]);
  const [open, setOpen] = useState(false);
  if (visibility.state === 'loading')
    return <LoadingSpinner text={t('app.loading')} status="loading" variant="small" />;
  if (visibility.state === 'error') {
    return (
      <section aria-labelledby="visibility-heading" className="overview-card visibility">
        <Heading variant="h2" id="visibility-heading" mt="l" mb="s">
          {t('visibility.title')}
        </Heading>
        <ErrorMessage error={visibility.error} />
      </section>
    );
  }
  const v = visibility.value;
  const s = v.omakanta;
  const guardian =
    s.shownToGuardian === true
      ? t('visibility.guardianShown')
      : s.shownToGuardian === false
        ? s.guardianHidingConfirmedBy
          ? t('visibility.guardianHiddenConfirmed')
          : t('visibility.guardianHiddenUnconfirmed')
        : t('visibility.guardianUnmarked');
  return (
    <section
      aria-labelledby="visibility-heading"
      className="overview-card visibility"
      data-testid="visibility"
    >
      <Heading variant="h2" id="visibility-heading" mt="l" mb="s">
        {t('visibility.title')}
      </Heading>
      {v.needs.length > 0 && (
        <InlineAlert status="warning" mb="s" labelText={t('visibility.needs')} className="visibility-needs">
          <ul>
            {v.needs.map((n) => (
              <li key={n.need} data-need={n.need}>
                {lang === 'fi' ? n.reasonFi : n.reason}
              </li>
            ))}
          </ul>
        </InlineAlert>
      )}
      <dl className="facts">
        <Shown label={t('visibility.client')} reasons={v.client} testId="visibility-client" />
        <Shown label={t('visibility.guardian')} reasons={v.guardian} testId="visibility-guardian" />
        <div>
          <dt>{t('visibility.delayUntil')}</dt>
          <dd data-testid="visibility-delay">
            {s.delayUntil ? formatDate(s.delayUntil, lang) : t('visibility.none')}
          </dd>
        </div>
        <div>
          <dt>{t('visibility.specialContent')}</dt>
          <dd data-testid="visibility-special">
            {s.specialContent ? t('visibility.yes') : t('visibility.no')}
          </dd>
        </div>
        <div>
          <dt>{t('visibility.guardianMarking')}</dt>
          <dd data-testid="visibility-guardian-marking">{guardian}</dd>
        </div>
        {(s.restrictionReason || s.restrictionText) && (
          <div>
            <dt>{t('visibility.restriction')}</dt>
            <dd data-testid="visibility-restriction">
              {[
                s.restrictionReason ? codeName(reasons, s.restrictionReason, lang) : '',
                s.restrictionText ?? '',
              ]
                .filter(Boolean)
                .join(' – ')}
            </dd>
          </div>
        )}
        {v.hiddenKind && (
          <div>
            <dt>{t('visibility.automatic')}</dt>
            <dd data-testid="visibility-automatic">
              {why(
                [...v.client, ...v.guardian].find((x) => x.rule === v.hiddenKind?.rule) ?? {
                  rule: v.hiddenKind.rule,
                  reason: v.hiddenKind.name,
                  reasonFi: v.hiddenKind.name,
                },
              )}
              {s.automaticHidingLifted ? ` (${t('visibility.lifted')})` : ''}
            </dd>
          </div>
        )}
      </dl>
      {canChange && (
        <>
          <Button variant="secondary" className="change-visibility" onClick={() => setOpen(true)}>
            {t('visibility.change')}
          </Button>
          <ChangeDialog
            key={v.version}
            visibility={v}
            visible={open}
            onClose={() => setOpen(false)}
            onDone={(answer) => {
              setOpen(false);
              onChanged(answer);
            }}
          />
        </>
      )}
    </section>
  );
}

function ChangeDialog({
  visibility: v,
  visible,
  onClose,
  onDone,
}: {
  visibility: Visibility;
  visible: boolean;
  onClose: () => void;
  onDone: (answer: VisibilityChanged) => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const reasons = useCodeSet(RESTRICTION_REASONS);
  const kinds = offeredKinds(v);
  const [kind, setKind] = useState<Kind>(kinds[0]!);
  const [until, setUntil] = useState('');
  const [reasonCode, setReasonCode] = useState('');
  const [reasonText, setReasonText] = useState('');
  return (
    <ActionDialog
      id="visibility-change"
      visible={visible}
      title={t('visibility.change')}
      intro={t('visibility.changeIntro')}
      submitText={t('steps.save')}
      fieldPaths={['/change/kind', '/change/until', '/change/reasonCode', '/change/reasonText']}
      onClose={onClose}
      onSubmit={async () => {
        const answer = await api.changeVisibility(
          v.setId,
          v.version,
          changeOf(kind, { until, reasonCode, reasonText }),
        );
        setUntil('');
        setReasonCode('');
        setReasonText('');
        onDone(answer);
        return undefined;
      }}
    >
      {(errorAt) => (
        <>
          <RadioButtonGroup
            labelText={t('visibility.changeKind')}
            name="visibility-kind"
            value={kind}
            onChange={(k) => setKind(k as Kind)}
            {...(errorAt('/change/kind').statusText
              ? { groupStatus: 'error' as const, groupStatusText: errorAt('/change/kind').statusText }
              : {})}
          >
            {kinds.map((k) => (
              <RadioButton key={k} value={k} hintText={t(`visibility.kinds.${k}Hint`)}>
                {t(`visibility.kinds.${k}`)}
              </RadioButton>
            ))}
          </RadioButtonGroup>
          {kind === 'delay' && (
            <TextInput
              id="visibility-until"
              labelText={t('visibility.until')}
              hintText={t('documents.dateHint')}
              value={until}
              onChange={(x) => setUntil(String(x ?? ''))}
              {...errorAt('/change/until')}
            />
          )}
          {WITH_CODE.includes(kind) && (
            <Dropdown
              id="visibility-reason-code"
              labelText={t('visibility.reasonCode')}
              value={reasonCode}
              onChange={setReasonCode}
              {...errorAt('/change/reasonCode')}
            >
              {[
                <DropdownItem key="" value="">
                  {t('visibility.noReasonCode')}
                </DropdownItem>,
                ...[...reasons.values()].map((c) => (
                  <DropdownItem key={c.code} value={c.code}>
                    {codeName(reasons, c.code, lang)}
                  </DropdownItem>
                )),
              ]}
            </Dropdown>
          )}
          {WITH_REASON.includes(kind) && (
            <Textarea
              id="visibility-reason"
              labelText={t('visibility.reasonText')}
              hintText={t('visibility.reasonTextHint')}
              {...(kind === 'guardian_show' ? { optionalText: t('form.optional') } : {})}
              value={reasonText}
              onChange={(e) => setReasonText(e.target.value)}
              fullWidth
              {...errorAt('/change/reasonText')}
            />
          )}
        </>
      )}
    </ActionDialog>
  );
}
