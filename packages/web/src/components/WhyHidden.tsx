// "Why can't I see it?": where the workspace shows nothing (no documents, no clienthood, a document
// that answers "not found"), the worker can ask the server's explanation endpoint about the kind
// of document they expected. The answer names each access rule that refuses, explained in the UI
// language, and the rules it could not judge without a care relation. When the missing care
// relation is the reason, the worker can record a first-contact reason on the spot: a logged act,
// with its purpose, that opens a care relation for today.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Button,
  Dropdown,
  DropdownItem,
  Expander,
  ExpanderContent,
  ExpanderTitleButton,
  Heading,
  InlineAlert,
  Paragraph,
  Textarea,
} from 'suomifi-ui-components';
import {
  type AccessAction,
  ApiError,
  api,
  type CareRelation,
  type Explanation,
  reference,
} from '../api/index.ts';
import { nameIn } from '../format.ts';
import { useAsync, useLanguage } from '../hooks.ts';
import { useSession } from '../session.tsx';
import { useTaskLabel } from './codes.ts';
import { ErrorMessage, useRuleName, useRuleText } from './ErrorMessage.tsx';

const ACTIONS = {
  'document.read': 'why.actions.read',
  'document.store': 'why.actions.store',
  'document.correct': 'why.actions.correct',
  'document.invalidate': 'why.actions.invalidate',
} as const;

/** The shortest purpose the server accepts (MIN_PURPOSE_LENGTH of the domain's rule). */
const MIN_PURPOSE = 10;

export interface WhyHiddenProps {
  clientKey: string;
  /** What the worker is likely asking about; they can change it before asking. */
  serviceTask?: string;
  documentType?: string;
  action?: AccessAction;
  /** Open from the start (nothing at all is shown) rather than offered behind its title. */
  open?: boolean;
  /** A first-contact reason was recorded: what was hidden may now be shown. */
  onCareRelation?: (relation: CareRelation) => void;
  id: string;
}

export function WhyHidden({
  clientKey,
  serviceTask,
  documentType,
  action,
  open,
  onCareRelation,
  id,
}: WhyHiddenProps) {
  const { t } = useTranslation();
  return (
    <Expander className="why-hidden" id={id} defaultOpen={open ?? false}>
      <ExpanderTitleButton asHeading="h3">{t('why.title')}</ExpanderTitleButton>
      <ExpanderContent>
        <WhyHiddenForm
          clientKey={clientKey}
          id={id}
          {...(serviceTask !== undefined ? { serviceTask } : {})}
          {...(documentType !== undefined ? { documentType } : {})}
          {...(action !== undefined ? { action } : {})}
          {...(onCareRelation ? { onCareRelation } : {})}
        />
      </ExpanderContent>
    </Expander>
  );
}

function WhyHiddenForm({
  clientKey,
  serviceTask,
  documentType,
  action,
  onCareRelation,
  id,
}: Omit<WhyHiddenProps, 'open'>) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { actor } = useSession();
  const taskLabel = useTaskLabel();
  const structures = useAsync(() => reference.structures(), []);
  const [task, setTask] = useState(serviceTask ?? actor.serviceTasks[0] ?? '');
  const [type, setType] = useState(documentType ?? '19005');
  const [act, setAct] = useState<AccessAction>(action ?? 'document.read');
  const [answer, setAnswer] = useState<Explanation>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const types =
    structures.state === 'done'
      ? [...structures.value]
          .filter((s, i, all) => all.findIndex((x) => x.typeCode === s.typeCode) === i)
          .sort((a, b) => a.typeCode.localeCompare(b.typeCode, 'en', { numeric: true }))
      : [];
  const tasks = [...new Set([...actor.serviceTasks, ...(serviceTask ? [serviceTask] : [])])];
  // A login with no service task still asks about one: the choice cannot be empty.
  if (tasks.length === 0) tasks.push(task || '10');

  const ask = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      setAnswer(await api.explain({ client: clientKey, documentType: type, serviceTask: task, action: act }));
    } catch (err) {
      setAnswer(undefined);
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="why-hidden-body">
      <Paragraph mb="s">{t('why.intro')}</Paragraph>
      <form className="why-form" onSubmit={ask} aria-label={t('why.title')}>
        <Dropdown id={`${id}-task`} labelText={t('why.serviceTask')} value={task} onChange={setTask}>
          {tasks.map((c) => (
            <DropdownItem key={c} value={c}>
              {taskLabel(c)}
            </DropdownItem>
          ))}
        </Dropdown>
        <Dropdown id={`${id}-type`} labelText={t('why.documentType')} value={type} onChange={setType}>
          {(types.length > 0 ? types : [{ typeCode: type, name: { fi: type } }]).map((s) => (
            <DropdownItem key={s.typeCode} value={s.typeCode}>
              {`${nameIn(s.name, lang)} (${s.typeCode})`}
            </DropdownItem>
          ))}
        </Dropdown>
        <Dropdown
          id={`${id}-action`}
          labelText={t('why.action')}
          value={act}
          onChange={(v) => setAct(v as AccessAction)}
        >
          {Object.entries(ACTIONS).map(([a, key]) => (
            <DropdownItem key={a} value={a}>
              {t(key)}
            </DropdownItem>
          ))}
        </Dropdown>
        <Button type="submit" disabled={busy} className="why-ask">
          {t('why.ask')}
        </Button>
      </form>
      {failure !== undefined && <ErrorMessage error={failure} />}
      {answer && (
        <ExplanationView
          answer={answer}
          clientKey={clientKey}
          serviceTask={task}
          {...(onCareRelation ? { onCareRelation } : {})}
        />
      )}
    </div>
  );
}

function ExplanationView({
  answer,
  clientKey,
  serviceTask,
  onCareRelation,
}: {
  answer: Explanation;
  clientKey: string;
  serviceTask: string;
  onCareRelation?: (relation: CareRelation) => void;
}) {
  const { t } = useTranslation();
  const ruleText = useRuleText();
  const ruleName = useRuleName();
  const refused = new Map(answer.refusals.map((r) => [r.rule, r.reason]));
  const undetermined = new Map(answer.undetermined.map((r) => [r.rule, r.reason]));
  const needsRelation = refused.has('care_relation');
  return (
    <section className="explanation" aria-labelledby="explanation-heading" data-testid="explanation">
      <Heading variant="h4" id="explanation-heading" mt="m" mb="xs">
        {t('why.answer')}
      </Heading>
      <InlineAlert status={answer.allowed ? 'neutral' : 'warning'} className="explanation-verdict" mb="s">
        {answer.allowed ? t('why.allowed') : t('why.refused')}
      </InlineAlert>
      <ul className="rule-list">
        {answer.rulesChecked.map((rule) => {
          const state = refused.has(rule) ? 'refuses' : undetermined.has(rule) ? 'undetermined' : 'passes';
          return (
            <li key={rule} className={`rule-${state}`} data-testid="rule" data-rule={rule} data-state={state}>
              <strong>{t(`why.${state}`)}</strong> {ruleName(rule)} <code>{rule}</code>
              {state !== 'passes' && (
                <>
                  <br />
                  <span className="rule-explanation">{ruleText(rule)}</span>{' '}
                  <span className="rule-reason">
                    ({t('errors.serverReason')}: {refused.get(rule) ?? undetermined.get(rule)})
                  </span>
                </>
              )}
            </li>
          );
        })}
      </ul>
      {answer.undetermined.length > 0 && <Paragraph mb="s">{t('why.undeterminedNote')}</Paragraph>}
      {needsRelation && (
        <CareReasonForm
          clientKey={clientKey}
          serviceTask={serviceTask}
          {...(onCareRelation ? { onCareRelation } : {})}
        />
      )}
    </section>
  );
}

/** Recording a first-contact reason (asiayhteyden peruste): a care relation for today, with its purpose. */
export function CareReasonForm({
  clientKey,
  serviceTask,
  onCareRelation,
}: {
  clientKey: string;
  serviceTask?: string;
  onCareRelation?: (relation: CareRelation) => void;
}) {
  const { t } = useTranslation();
  const [purpose, setPurpose] = useState('');
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<CareRelation>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(undefined);
    if (purpose.trim().length < MIN_PURPOSE) {
      setError(t('why.purposeTooShort', { count: MIN_PURPOSE }));
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      const r = await api.recordCareReason(clientKey, {
        purpose: purpose.trim(),
        ...(serviceTask ? { serviceTask } : {}),
      });
      setDone(r);
      onCareRelation?.(r);
    } catch (err) {
      // The purpose rule is a refusal of the whole act, but it is about this one input.
      if (err instanceof ApiError && err.problem.rule === 'care_reason_purpose')
        setError(err.problem.detail ?? t('why.purposeTooShort', { count: MIN_PURPOSE }));
      else setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <InlineAlert status="neutral" className="care-reason-done" labelText={t('why.recorded')}>
        {t('why.recordedText', { date: done.end, purpose: done.purpose })}
      </InlineAlert>
    );
  }
  return (
    <form className="care-reason-form" onSubmit={submit} noValidate>
      <Heading variant="h4" mb="xs">
        {t('why.recordTitle')}
      </Heading>
      <Paragraph mb="s">{t('why.recordIntro')}</Paragraph>
      <Textarea
        id={`care-reason-${clientKey}`}
        labelText={t('why.purpose')}
        hintText={t('why.purposeHint')}
        value={purpose}
        onChange={(e) => {
          setPurpose(e.target.value);
          setError(undefined);
        }}
        fullWidth
        {...(error ? { status: 'error' as const, statusText: error } : {})}
      />
      {failure !== undefined && <ErrorMessage error={failure} />}
      <Button type="submit" disabled={busy} className="care-reason-submit" mt="s">
        {t('why.record')}
      </Button>
    </form>
  );
}
