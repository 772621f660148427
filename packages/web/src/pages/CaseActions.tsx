// The steps on a client's cases (asia): open one, add another client to it (it becomes a shared
// case, yhteinen asia), let a client leave a shared case, close it. Each stores a version of the
// case document.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Paragraph, RadioButton, RadioButtonGroup, TextInput } from 'suomifi-ui-components';
import { api, type Case, type Person } from '../api/index.ts';
import { finnishToday } from '../client-data.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import type { RecordNotice } from '../components/RecordNotice.tsx';
import {
  DayInput,
  RegisterChoice,
  requiredAt,
  ServiceTaskChoice,
  StepDialog,
  useCreatingStep,
  useStepDialog,
} from '../components/step-dialog.tsx';
import { formatDate, personIdentifier, personName } from '../format.ts';
import { useAsync, useLanguage } from '../hooks.ts';
import { instantOfDay } from '../instant.ts';
import { useSession } from '../session.tsx';
import type { OnStep } from './ClienthoodActions.tsx';

function notice(c: Case, step: string): RecordNotice {
  return { record: 'case', setId: c.setId, version: c.version, step };
}

export function OpenCaseButton({ clientKey, onStep }: { clientKey: string; onStep: OnStep }) {
  const { t } = useTranslation();
  const { actor } = useSession();
  const d = useStepDialog(() => ({
    registerId: '',
    serviceTask: actor.serviceTasks[0] ?? '',
    code: '',
    display: '',
    opened: finnishToday(),
  }));
  const { list, chosen, create } = useCreatingStep(actor, d.values.registerId);
  const { serviceTask, code, display, opened } = d.values;
  // Without a service task of one's own there is nothing to open a clienthood or case in.
  if (actor.serviceTasks.length === 0) return null;
  return (
    <StepDialog
      dialog={d}
      id="open-case"
      trigger={{ text: t('steps.openCase'), className: 'open-case' }}
      title={t('steps.openCase')}
      intro={t('steps.openCaseIntro')}
      submitText={t('steps.openCase')}
      fieldPaths={['/serviceTask', '/subject/code', '/subject/display', '/opened']}
      onSubmit={async () => {
        const missing = requiredAt(t('steps.required'), { '/subject/code': code, '/opened': opened });
        if (missing.length > 0 || !chosen) return missing;
        const c = await create((registerId, key) =>
          api.openCase(
            registerId,
            {
              serviceTask,
              subject: { code: code.trim(), ...(display.trim() ? { display: display.trim() } : {}) },
              members: [clientKey],
              opened: opened.trim(),
            },
            key,
          ),
        );
        onStep(notice(c, t('steps.caseOpened')));
        return undefined;
      }}
    >
      {(errorAt) => (
        <>
          <RegisterChoice
            id="open-case-register"
            registers={list}
            value={chosen}
            onChange={(v) => d.set('registerId', v)}
          />
          <ServiceTaskChoice
            id="open-case-task"
            tasks={actor.serviceTasks}
            value={serviceTask}
            onChange={(v) => d.set('serviceTask', v)}
            path="/serviceTask"
            errorAt={errorAt}
          />
          <TextInput
            id="open-case-code"
            labelText={t('steps.subjectCode')}
            hintText={t('steps.subjectCodeHint')}
            {...d.bind('code')}
            {...errorAt('/subject/code')}
          />
          <TextInput
            id="open-case-display"
            labelText={t('steps.subjectDisplay')}
            optionalText={t('form.optional')}
            {...d.bind('display')}
            {...errorAt('/subject/display')}
          />
          <DayInput
            id="open-case-opened"
            label={t('steps.opened')}
            path="/opened"
            errorAt={errorAt}
            field={d.bind('opened')}
          />
        </>
      )}
    </StepDialog>
  );
}

/** Adding a client to the case: found by identity code or name, chosen from the results. */
export function AddCaseMember({ kase, label, onStep }: { kase: Case; label: string; onStep: OnStep }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const d = useStepDialog(() => ({ query: '', chosen: '' }));
  const [found, setFound] = useState<Person[] | undefined>();
  const [searchError, setSearchError] = useState<unknown>();
  const { query, chosen } = d.values;
  const members = new Set(kase.members.filter((m) => !m.leftAt).map((m) => m.clientKey));

  const search = async (e?: FormEvent) => {
    e?.preventDefault();
    setSearchError(undefined);
    d.set('chosen', '');
    const q = query.trim();
    if (!q) return;
    try {
      const r = /^\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]$/i.test(q) ? await api.findByHetu(q) : await api.findByText(q);
      setFound(r.filter((p) => !members.has(p.clientKey)));
    } catch (err) {
      setSearchError(err);
    }
  };

  return (
    <StepDialog
      dialog={d}
      id="add-case-member"
      trigger={{
        text: t('steps.addMember'),
        className: 'add-case-member',
        variant: 'secondaryNoBorder',
        label: t('steps.addMemberTo', { case: label }),
      }}
      title={t('steps.addMemberTo', { case: label })}
      intro={t('steps.addMemberIntro')}
      submitText={t('steps.addMember')}
      fieldPaths={['/clientKey']}
      onSubmit={async () => {
        if (!chosen) return [{ path: '/clientKey', message: t('steps.chooseMember'), code: 'required' }];
        const c = await api.addCaseMember(kase.caseOid, chosen);
        setFound(undefined);
        d.reset('query');
        onStep(notice(c, t('steps.memberAdded')));
        return undefined;
      }}
    >
      {(errorAt, groupErrorAt) => (
        <>
          <div className="member-search">
            <TextInput
              id="add-case-member-query"
              labelText={t('steps.findMember')}
              hintText={t('steps.findMemberHint')}
              {...d.bind('query')}
              onKeyDown={(e) => {
                // Enter searches here; the dialog's own form submits with its button.
                if (e.key === 'Enter') void search(e);
              }}
            />
            <Button type="button" variant="secondary" onClick={() => void search()} className="member-find">
              {t('steps.find')}
            </Button>
          </div>
          {searchError !== undefined && <ErrorMessage error={searchError} />}
          {found && found.length === 0 && <Paragraph>{t('steps.noneFound')}</Paragraph>}
          {found && found.length > 0 && (
            <RadioButtonGroup
              labelText={t('steps.foundMembers')}
              name="case-member"
              value={chosen}
              onChange={(v) => d.set('chosen', v)}
              {...groupErrorAt('/clientKey')}
            >
              {found.map((p) => (
                <RadioButton key={p.clientKey} value={p.clientKey}>
                  {`${personName(p)}, ${personIdentifier(p)}${p.birthDate ? `, ${formatDate(p.birthDate, lang)}` : ''}`}
                </RadioButton>
              ))}
            </RadioButtonGroup>
          )}
          {!found && errorAt('/clientKey').statusText && (
            <Paragraph className="field-error-text">{errorAt('/clientKey').statusText}</Paragraph>
          )}
        </>
      )}
    </StepDialog>
  );
}

export function CloseCase({ kase, label, onStep }: { kase: Case; label: string; onStep: OnStep }) {
  const { t } = useTranslation();
  const d = useStepDialog(() => ({ ended: finnishToday() }));
  return (
    <StepDialog
      dialog={d}
      id="close-case"
      trigger={{
        text: t('steps.closeCase'),
        className: 'close-case',
        variant: 'secondaryNoBorder',
        label: t('steps.closeCaseOf', { case: label }),
      }}
      title={t('steps.closeCaseOf', { case: label })}
      intro={t('steps.versionIntro')}
      submitText={t('steps.closeCase')}
      fieldPaths={['/ended']}
      onSubmit={async () => {
        const missing = requiredAt(t('steps.required'), { '/ended': d.values.ended });
        if (missing.length > 0) return missing;
        const c = await api.closeCase(kase.caseOid, d.values.ended.trim());
        onStep(notice(c, t('steps.caseClosed')));
        return undefined;
      }}
    >
      {(errorAt) => (
        <DayInput
          id="close-case-date"
          label={t('steps.closed')}
          path="/ended"
          errorAt={errorAt}
          field={d.bind('ended')}
        />
      )}
    </StepDialog>
  );
}

/**
 * A client leaves a shared case (yhteinen asia); the case goes on with the others. The client of
 * the overview is offered first; the last client cannot leave (the server refuses with its rule:
 * close the case instead), nor leave before joining (refused at the date).
 */
export function LeaveCase({
  kase,
  label,
  clientKey,
  onStep,
}: {
  kase: Case;
  label: string;
  clientKey: string;
  onStep: OnStep;
}) {
  const { t } = useTranslation();
  const active = kase.members.filter((m) => m.leftAt === undefined);
  const d = useStepDialog(() => ({ chosen: '', day: finnishToday() }));
  const { chosen, day } = d.values;
  const who = chosen || (active.some((m) => m.clientKey === clientKey) ? clientKey : '');
  // The members' names, read when the dialog opens (a name that cannot be read shows as its key).
  const persons = useAsync(
    () =>
      d.open
        ? Promise.all(active.map((m) => api.person(m.clientKey).catch(() => undefined)))
        : Promise.resolve([]),
    [d.open, kase.caseOid, kase.version],
  );
  const nameOf = (key: string, i: number) => {
    const p = persons.state === 'done' ? persons.value[i] : undefined;
    return p ? `${personName(p)}, ${personIdentifier(p)}` : key;
  };
  return (
    <StepDialog
      dialog={d}
      id="leave-case"
      trigger={{
        text: t('steps.leaveCase'),
        className: 'leave-case',
        variant: 'secondaryNoBorder',
        label: t('steps.leaveCaseOf', { case: label }),
        onOpen: () => d.reset(),
      }}
      title={t('steps.leaveCaseOf', { case: label })}
      intro={t('steps.leaveCaseIntro')}
      submitText={t('steps.leaveCase')}
      fieldPaths={['/clientKey', '/leftAt']}
      onSubmit={async () => {
        const missing = [
          ...requiredAt(t('steps.chooseLeaving'), { '/clientKey': who }),
          ...requiredAt(t('steps.required'), { '/leftAt': day }),
        ];
        if (missing.length > 0) return missing;
        const c = await api.leaveCase(kase.caseOid, who, instantOfDay(day, finnishToday()));
        onStep(notice(c, t('steps.memberLeft')));
        return undefined;
      }}
    >
      {(errorAt, groupErrorAt) => (
        <>
          <RadioButtonGroup
            labelText={t('steps.leavingMember')}
            name="leaving-member"
            value={who}
            onChange={(v) => d.set('chosen', v)}
            {...groupErrorAt('/clientKey')}
          >
            {active.map((m, i) => (
              <RadioButton key={m.clientKey} value={m.clientKey}>
                {nameOf(m.clientKey, i)}
              </RadioButton>
            ))}
          </RadioButtonGroup>
          <DayInput
            id="leave-case-date"
            label={t('steps.leftAt')}
            hint={t('steps.leftAtHint')}
            path="/leftAt"
            errorAt={errorAt}
            field={d.bind('day')}
          />
        </>
      )}
    </StepDialog>
  );
}
