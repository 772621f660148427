import { useTranslation } from 'react-i18next';
import {
  Heading,
  InlineAlert,
  LoadingSpinner,
  RadioButton,
  RadioButtonGroup,
  Textarea,
} from 'suomifi-ui-components';
import { api, type Visibility, type VisibilityChanged } from '../api/index.ts';
import { formatDate } from '../format.ts';
import { useAsync, useLanguage } from '../hooks.ts';
import { changeOf, type Kind, offeredKinds, WITH_CODE, WITH_REASON } from '../visibility-change.ts';
import { codeName, useCodeSet } from './codes.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { ChoiceWithNone, DayInput, StepDialog, useStepDialog } from './step-dialog.tsx';

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
      {canChange && <ChangeVisibility key={v.version} visibility={v} onDone={onChanged} />}
    </section>
  );
}

function ChangeVisibility({
  visibility: v,
  onDone,
}: {
  visibility: Visibility;
  onDone: (answer: VisibilityChanged) => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const reasons = useCodeSet(RESTRICTION_REASONS);
  const kinds = offeredKinds(v);
  const d = useStepDialog(() => ({ kind: kinds[0]!, until: '', reasonCode: '', reasonText: '' }));
  const { kind, until, reasonCode, reasonText } = d.values;
  return (
    <StepDialog
      dialog={d}
      id="visibility-change"
      trigger={{ text: t('visibility.change'), className: 'change-visibility' }}
      title={t('visibility.change')}
      intro={t('visibility.changeIntro')}
      submitText={t('steps.save')}
      fieldPaths={['/change/kind', '/change/until', '/change/reasonCode', '/change/reasonText']}
      onSubmit={async () => {
        const answer = await api.changeVisibility(
          v.setId,
          v.version,
          changeOf(kind, { until, reasonCode, reasonText }),
        );
        d.reset('until', 'reasonCode', 'reasonText');
        onDone(answer);
        return undefined;
      }}
    >
      {(errorAt, groupErrorAt) => (
        <>
          <RadioButtonGroup
            labelText={t('visibility.changeKind')}
            name="visibility-kind"
            value={kind}
            onChange={(k) => d.set('kind', k as Kind)}
            {...groupErrorAt('/change/kind')}
          >
            {kinds.map((k) => (
              <RadioButton key={k} value={k} hintText={t(`visibility.kinds.${k}Hint`)}>
                {t(`visibility.kinds.${k}`)}
              </RadioButton>
            ))}
          </RadioButtonGroup>
          {kind === 'delay' && (
            <DayInput
              id="visibility-until"
              label={t('visibility.until')}
              path="/change/until"
              errorAt={errorAt}
              field={d.bind('until')}
            />
          )}
          {WITH_CODE.includes(kind) && (
            <ChoiceWithNone
              id="visibility-reason-code"
              label={t('visibility.reasonCode')}
              none={t('visibility.noReasonCode')}
              value={reasonCode}
              onChange={(c) => d.set('reasonCode', c)}
              items={[...reasons.values()].map((c) => ({
                value: c.code,
                label: codeName(reasons, c.code, lang),
              }))}
              error={errorAt('/change/reasonCode')}
            />
          )}
          {WITH_REASON.includes(kind) && (
            <Textarea
              id="visibility-reason"
              labelText={t('visibility.reasonText')}
              hintText={t('visibility.reasonTextHint')}
              {...(kind === 'guardian_show' ? { optionalText: t('form.optional') } : {})}
              value={reasonText}
              onChange={(e) => d.set('reasonText', e.target.value)}
              fullWidth
              {...errorAt('/change/reasonText')}
            />
          )}
        </>
      )}
    </StepDialog>
  );
}
