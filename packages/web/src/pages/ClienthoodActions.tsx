// The steps on a client's clienthood (asiakkuus): open one, add or end a service task, name the
// personal worker. Each is one call of the public API, and each stores a new version of the
// clienthood document, which the overview then announces (see RecordNotice).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Checkbox, Paragraph, RadioButton, RadioButtonGroup, TextInput } from 'suomifi-ui-components';
import { api, type Clienthood, type StaffMember } from '../api/index.ts';
import { type ClienthoodWithFacts, finnishToday } from '../client-data.ts';
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
import { useAsync, useLanguage } from '../hooks.ts';
import { useSession } from '../session.tsx';

export type OnStep = (notice: RecordNotice) => void;

function notice(c: Clienthood, step: string): RecordNotice {
  return { record: 'clienthood', setId: c.setId, version: c.version, step };
}

/** Opening a clienthood: register, start date, service task, and whether I am the personal worker. */
export function OpenClienthood({ clientKey, onStep }: { clientKey: string; onStep: OnStep }) {
  const { t } = useTranslation();
  const { actor } = useSession();
  const d = useStepDialog(() => ({
    registerId: '',
    started: finnishToday(),
    serviceTask: actor.serviceTasks[0] ?? '',
  }));
  const [mine, setMine] = useState(true);
  const { list, chosen, create } = useCreatingStep(actor, d.values.registerId);
  const { started, serviceTask } = d.values;
  // Without a service task of one's own there is nothing to open a clienthood or case in.
  if (actor.serviceTasks.length === 0) return null;
  return (
    <StepDialog
      dialog={d}
      id="open-clienthood"
      trigger={{ text: t('steps.openClienthood'), className: 'open-clienthood' }}
      title={t('steps.openClienthoodTitle')}
      intro={t('steps.openClienthoodIntro')}
      submitText={t('steps.openClienthood')}
      fieldPaths={['/started', '/serviceTask', '/personalWorkerId']}
      onSubmit={async () => {
        const missing = requiredAt(t('steps.required'), { '/started': started, '/serviceTask': serviceTask });
        if (missing.length > 0 || !chosen) return missing;
        const c = await create((registerId, key) =>
          api.openClienthood(
            registerId,
            {
              clientKey,
              started: started.trim(),
              serviceTask,
              ...(mine ? { personalWorkerId: actor.professionalId } : {}),
            },
            key,
          ),
        );
        onStep(notice(c, t('steps.clienthoodOpened')));
        return undefined;
      }}
    >
      {(errorAt) => (
        <>
          <RegisterChoice
            id="open-clienthood-register"
            registers={list}
            value={chosen}
            onChange={(v) => d.set('registerId', v)}
          />
          <DayInput
            id="open-clienthood-started"
            label={t('steps.started')}
            path="/started"
            errorAt={errorAt}
            field={d.bind('started')}
          />
          <ServiceTaskChoice
            id="open-clienthood-task"
            tasks={actor.serviceTasks}
            value={serviceTask}
            onChange={(v) => d.set('serviceTask', v)}
            path="/serviceTask"
            errorAt={errorAt}
          />
          <Checkbox
            checked={mine}
            onClick={({ checkboxState }) => setMine(checkboxState)}
            hintText={t('steps.iAmPersonalWorkerHint')}
            {...errorAt('/personalWorkerId')}
          >
            {t('steps.iAmPersonalWorker')}
          </Checkbox>
        </>
      )}
    </StepDialog>
  );
}

/** The steps on an existing clienthood, as buttons beside it. */
export function ClienthoodSteps({
  found,
  onStep,
}: {
  found: ClienthoodWithFacts;
  /** The client (the clienthood names it too). */
  clientKey: string;
  onStep: OnStep;
}) {
  const { actor } = useSession();
  const c = found.clienthood;
  // Steps are for the registers this login writes in; another registrar's clienthood is read only.
  if (!actor.registrarOids.includes(c.registrarOid) || c.ended) return null;
  return (
    <div className="clienthood-steps">
      <AddServiceTask clienthood={c} onStep={onStep} />
      <PersonalWorker found={found} onStep={onStep} />
    </div>
  );
}

function AddServiceTask({ clienthood: c, onStep }: { clienthood: Clienthood; onStep: OnStep }) {
  const { t } = useTranslation();
  const { actor } = useSession();
  const openTasks = new Set(c.serviceTasks.filter((s) => !s.end).map((s) => s.serviceTask));
  const choices = actor.serviceTasks.filter((s) => !openTasks.has(s));
  const d = useStepDialog(() => ({ serviceTask: '', start: finnishToday() }));
  const task = d.values.serviceTask || choices[0] || '';
  if (choices.length === 0) return null;
  return (
    <StepDialog
      dialog={d}
      id="add-service-task"
      trigger={{ text: t('steps.addServiceTask'), className: 'add-service-task' }}
      title={t('steps.addServiceTask')}
      intro={t('steps.versionIntro')}
      submitText={t('steps.addServiceTask')}
      fieldPaths={['/serviceTask', '/start']}
      onSubmit={async () => {
        const missing = requiredAt(t('steps.required'), { '/start': d.values.start });
        if (missing.length > 0) return missing;
        const next = await api.addServiceTask(c.registerId, c.clientKey, {
          serviceTask: task,
          start: d.values.start.trim(),
        });
        onStep(notice(next, t('steps.serviceTaskAdded')));
        return undefined;
      }}
    >
      {(errorAt) => (
        <>
          <ServiceTaskChoice
            id="add-service-task-task"
            tasks={choices}
            value={task}
            onChange={(v) => d.set('serviceTask', v)}
            path="/serviceTask"
            errorAt={errorAt}
          />
          <DayInput
            id="add-service-task-start"
            label={t('steps.start')}
            path="/start"
            errorAt={errorAt}
            field={d.bind('start')}
          />
        </>
      )}
    </StepDialog>
  );
}

/** Ending one open service task of the clienthood. */
export function EndServiceTask({
  clienthood: c,
  serviceTask,
  taskName,
  onStep,
}: {
  clienthood: Clienthood;
  serviceTask: string;
  taskName: string;
  onStep: OnStep;
}) {
  const { t } = useTranslation();
  const { actor } = useSession();
  const d = useStepDialog(() => ({ end: finnishToday() }));
  if (!actor.registrarOids.includes(c.registrarOid) || c.ended) return null;
  return (
    <StepDialog
      dialog={d}
      id={`end-service-task-${serviceTask}`}
      trigger={{
        text: t('steps.endServiceTask'),
        className: 'end-service-task',
        variant: 'secondaryNoBorder',
        label: t('steps.endServiceTaskOf', { task: taskName }),
      }}
      title={t('steps.endServiceTaskOf', { task: taskName })}
      intro={t('steps.versionIntro')}
      submitText={t('steps.endServiceTask')}
      fieldPaths={['/end']}
      onSubmit={async () => {
        const missing = requiredAt(t('steps.required'), { '/end': d.values.end });
        if (missing.length > 0) return missing;
        const next = await api.endServiceTask(c.registerId, c.clientKey, serviceTask, d.values.end.trim());
        onStep(notice(next, t('steps.serviceTaskEnded')));
        return undefined;
      }}
    >
      {(errorAt) => (
        <DayInput
          id={`end-service-task-${serviceTask}-date`}
          label={t('steps.end')}
          path="/end"
          errorAt={errorAt}
          field={d.bind('end')}
        />
      )}
    </StepDialog>
  );
}

/**
 * The colleagues who can be named personal worker: the staff of this login's organization (GET
 * /staff, open to every professional) whose right valid today covers an open service task of the
 * clienthood. One task (the usual case) is the server's filter; with several, the whole staff is
 * asked once and narrowed here, so the server's alphabetical order holds either way.
 */
function useWorkerChoices(open: boolean, c: Clienthood) {
  const tasks = [...new Set(c.serviceTasks.filter((s) => !s.end).map((s) => s.serviceTask))];
  const key = tasks.join(',');
  return useAsync(async (): Promise<StaffMember[]> => {
    if (!open) return [];
    const [first, ...more] = tasks;
    if (first !== undefined && more.length === 0) return api.staff({ serviceTask: first });
    const all = await api.staff();
    return tasks.length === 0 ? all : all.filter((m) => m.serviceTasks.some((s) => tasks.includes(s)));
  }, [open, key]);
}

const NOBODY = 'nobody';
/** More matches than this ask for a narrower search instead of a long list. */
const MAX_SHOWN = 30;

/**
 * Naming the personal worker: a picker of colleagues, found by typing a name, each shown with
 * their role and service units. Removing the one named is a choice of its own.
 */
function PersonalWorker({ found, onStep }: { found: ClienthoodWithFacts; onStep: OnStep }) {
  const { t } = useTranslation();
  const { actor } = useSession();
  const lang = useLanguage();
  const c = found.clienthood;
  const d = useStepDialog(() => ({ filter: '' }));
  const workers = useWorkerChoices(d.open, c);
  // undefined: not touched yet, so the worker named now is the choice.
  const [choice, setChoice] = useState<string | undefined>(undefined);
  const staff = workers.state === 'done' ? workers.value : [];
  const wanted = d.values.filter.trim().toLocaleLowerCase('fi');
  const matches = staff.filter((m) => m.name.toLocaleLowerCase('fi').includes(wanted));
  const shown = matches.slice(0, MAX_SHOWN);
  const value = choice ?? c.personalWorkerId ?? '';
  return (
    <StepDialog
      dialog={d}
      id="set-personal-worker"
      trigger={{
        text: t('steps.setPersonalWorker'),
        className: 'set-personal-worker',
        onOpen: () => {
          setChoice(undefined);
          d.reset();
        },
      }}
      title={t('steps.setPersonalWorker')}
      intro={t('steps.personalWorkerIntro')}
      submitText={t('steps.save')}
      fieldPaths={['/professionalId']}
      onSubmit={async () => {
        if (value === '') {
          return [{ path: '/professionalId', message: t('steps.chooseWorker'), code: 'required' }];
        }
        const remove = value === NOBODY;
        const next = await api.setPersonalWorker(c.registerId, c.clientKey, remove ? null : value);
        onStep(notice(next, remove ? t('steps.personalWorkerRemoved') : t('steps.personalWorkerNamed')));
        return undefined;
      }}
    >
      {(_errorAt, groupErrorAt) => (
        <>
          <TextInput
            id="personal-worker-filter"
            labelText={t('steps.findWorker')}
            hintText={t('steps.findWorkerHint')}
            {...d.bind('filter')}
          />
          {workers.state === 'loading' && <Paragraph>{t('steps.staffLoading')}</Paragraph>}
          {workers.state === 'error' && <ErrorMessage error={workers.error} />}
          {workers.state === 'done' && matches.length === 0 && (
            <Paragraph>{t('steps.noStaffFound')}</Paragraph>
          )}
          {matches.length > shown.length && (
            <Paragraph>{t('steps.moreWorkers', { shown: shown.length, total: matches.length })}</Paragraph>
          )}
          <RadioButtonGroup
            labelText={t('steps.personalWorker')}
            name="personal-worker"
            value={value}
            onChange={setChoice}
            {...groupErrorAt('/professionalId')}
          >
            {[
              ...shown.map((m) => {
                const units = m.serviceUnits.map((u) => (lang === 'sv' && u.nameSv) || u.nameFi).join(', ');
                return (
                  <RadioButton
                    key={m.id}
                    value={m.id}
                    hintText={`${t(`roles.${m.role}`)}${units ? `, ${units}` : ''}`}
                  >
                    {m.id === actor.professionalId ? `${m.name} (${t('steps.me')})` : m.name}
                  </RadioButton>
                );
              }),
              ...(c.personalWorkerId
                ? [
                    <RadioButton key={NOBODY} value={NOBODY}>
                      {t('steps.noPersonalWorker')}
                    </RadioButton>,
                  ]
                : []),
            ]}
          </RadioButtonGroup>
        </>
      )}
    </StepDialog>
  );
}
