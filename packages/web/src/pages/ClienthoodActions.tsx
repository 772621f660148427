// The steps on a client's clienthood (asiakkuus): open one, add or end a service task, name the
// personal worker. Each is one call of the public API, and each stores a new version of the
// clienthood document, which the overview then announces (see RecordNotice).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Button,
  Checkbox,
  Dropdown,
  DropdownItem,
  Paragraph,
  RadioButton,
  RadioButtonGroup,
  TextInput,
} from 'suomifi-ui-components';
import { api, type Clienthood, type FieldError, type Register, type StaffMember } from '../api/index.ts';
import { type ClienthoodWithFacts, finnishToday, usableRegisters } from '../client-data.ts';
import { ActionDialog } from '../components/ActionDialog.tsx';
import { useTaskLabel } from '../components/codes.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import type { RecordNotice } from '../components/RecordNotice.tsx';
import { useAsync, useLanguage } from '../hooks.ts';
import { useSession } from '../session.tsx';

export type OnStep = (notice: RecordNotice) => void;

const required = (path: string, value: string, message: string): FieldError[] =>
  value.trim() === '' ? [{ path, message, code: 'required' }] : [];

function notice(c: Clienthood, step: string): RecordNotice {
  return { record: 'clienthood', setId: c.setId, version: c.version, step };
}

/** Opening a clienthood: register, start date, service task, and whether I am the personal worker. */
export function OpenClienthood({ clientKey, onStep }: { clientKey: string; onStep: OnStep }) {
  const { t } = useTranslation();
  const { actor } = useSession();
  const taskLabel = useTaskLabel();
  const [open, setOpen] = useState(false);
  const registers = useAsync(() => usableRegisters(actor), [actor]);
  const [registerId, setRegisterId] = useState('');
  const [started, setStarted] = useState(finnishToday());
  const [serviceTask, setServiceTask] = useState(actor.serviceTasks[0] ?? '');
  const [mine, setMine] = useState(true);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const list: Register[] = registers.state === 'done' ? registers.value : [];
  const chosen = registerId || list[0]?.id || '';
  // Without a service task of one's own there is nothing to open a clienthood or case in.
  if (actor.serviceTasks.length === 0) return null;
  return (
    <>
      <Button variant="secondary" className="open-clienthood" onClick={() => setOpen(true)}>
        {t('steps.openClienthood')}
      </Button>
      <ActionDialog
        id="open-clienthood"
        visible={open}
        title={t('steps.openClienthoodTitle')}
        intro={t('steps.openClienthoodIntro')}
        submitText={t('steps.openClienthood')}
        fieldPaths={['/started', '/serviceTask', '/personalWorkerId']}
        onClose={() => setOpen(false)}
        onSubmit={async () => {
          const missing = [
            ...required('/started', started, t('steps.required')),
            ...required('/serviceTask', serviceTask, t('steps.required')),
          ];
          if (missing.length > 0 || !chosen) return missing;
          const c = await api.openClienthood(
            chosen,
            {
              clientKey,
              started: started.trim(),
              serviceTask,
              ...(mine ? { personalWorkerId: actor.professionalId } : {}),
            },
            key,
          );
          setOpen(false);
          setKey(crypto.randomUUID());
          onStep(notice(c, t('steps.clienthoodOpened')));
          return undefined;
        }}
      >
        {(errorAt) => (
          <>
            {list.length > 1 && (
              <Dropdown
                id="open-clienthood-register"
                labelText={t('steps.register')}
                value={chosen}
                onChange={setRegisterId}
              >
                {list.map((r) => (
                  <DropdownItem key={r.id} value={r.id}>
                    {r.name}
                  </DropdownItem>
                ))}
              </Dropdown>
            )}
            <TextInput
              id="open-clienthood-started"
              labelText={t('steps.started')}
              hintText={t('documents.dateHint')}
              value={started}
              onChange={(v) => setStarted(String(v ?? ''))}
              {...errorAt('/started')}
            />
            <Dropdown
              id="open-clienthood-task"
              labelText={t('steps.serviceTask')}
              value={serviceTask}
              onChange={setServiceTask}
              {...errorAt('/serviceTask')}
            >
              {actor.serviceTasks.map((c) => (
                <DropdownItem key={c} value={c}>
                  {taskLabel(c)}
                </DropdownItem>
              ))}
            </Dropdown>
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
      </ActionDialog>
    </>
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
  const taskLabel = useTaskLabel();
  const [open, setOpen] = useState(false);
  const [serviceTask, setServiceTask] = useState('');
  const [start, setStart] = useState(finnishToday());
  const task = serviceTask || choices[0] || '';
  if (choices.length === 0) return null;
  return (
    <>
      <Button variant="secondary" className="add-service-task" onClick={() => setOpen(true)}>
        {t('steps.addServiceTask')}
      </Button>
      <ActionDialog
        id="add-service-task"
        visible={open}
        title={t('steps.addServiceTask')}
        intro={t('steps.versionIntro')}
        submitText={t('steps.addServiceTask')}
        fieldPaths={['/serviceTask', '/start']}
        onClose={() => setOpen(false)}
        onSubmit={async () => {
          const missing = required('/start', start, t('steps.required'));
          if (missing.length > 0) return missing;
          const next = await api.addServiceTask(c.registerId, c.clientKey, {
            serviceTask: task,
            start: start.trim(),
          });
          setOpen(false);
          onStep(notice(next, t('steps.serviceTaskAdded')));
          return undefined;
        }}
      >
        {(errorAt) => (
          <>
            <Dropdown
              id="add-service-task-task"
              labelText={t('steps.serviceTask')}
              value={task}
              onChange={setServiceTask}
              {...errorAt('/serviceTask')}
            >
              {choices.map((c) => (
                <DropdownItem key={c} value={c}>
                  {taskLabel(c)}
                </DropdownItem>
              ))}
            </Dropdown>
            <TextInput
              id="add-service-task-start"
              labelText={t('steps.start')}
              hintText={t('documents.dateHint')}
              value={start}
              onChange={(v) => setStart(String(v ?? ''))}
              {...errorAt('/start')}
            />
          </>
        )}
      </ActionDialog>
    </>
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
  const [open, setOpen] = useState(false);
  const [end, setEnd] = useState(finnishToday());
  if (!actor.registrarOids.includes(c.registrarOid) || c.ended) return null;
  return (
    <>
      <Button
        variant="secondaryNoBorder"
        className="end-service-task"
        aria-label={t('steps.endServiceTaskOf', { task: taskName })}
        onClick={() => setOpen(true)}
      >
        {t('steps.endServiceTask')}
      </Button>
      <ActionDialog
        id={`end-service-task-${serviceTask}`}
        visible={open}
        title={t('steps.endServiceTaskOf', { task: taskName })}
        intro={t('steps.versionIntro')}
        submitText={t('steps.endServiceTask')}
        fieldPaths={['/end']}
        onClose={() => setOpen(false)}
        onSubmit={async () => {
          const missing = required('/end', end, t('steps.required'));
          if (missing.length > 0) return missing;
          const next = await api.endServiceTask(c.registerId, c.clientKey, serviceTask, end.trim());
          setOpen(false);
          onStep(notice(next, t('steps.serviceTaskEnded')));
          return undefined;
        }}
      >
        {(errorAt) => (
          <TextInput
            id={`end-service-task-${serviceTask}-date`}
            labelText={t('steps.end')}
            hintText={t('documents.dateHint')}
            value={end}
            onChange={(v) => setEnd(String(v ?? ''))}
            {...errorAt('/end')}
          />
        )}
      </ActionDialog>
    </>
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
  const [open, setOpen] = useState(false);
  const workers = useWorkerChoices(open, c);
  // undefined: not touched yet, so the worker named now is the choice.
  const [choice, setChoice] = useState<string | undefined>(undefined);
  const [filter, setFilter] = useState('');
  const staff = workers.state === 'done' ? workers.value : [];
  const wanted = filter.trim().toLocaleLowerCase('fi');
  const matches = staff.filter((m) => m.name.toLocaleLowerCase('fi').includes(wanted));
  const shown = matches.slice(0, MAX_SHOWN);
  const value = choice ?? c.personalWorkerId ?? '';
  const show = () => {
    setChoice(undefined);
    setFilter('');
    setOpen(true);
  };
  return (
    <>
      <Button variant="secondary" className="set-personal-worker" onClick={show}>
        {t('steps.setPersonalWorker')}
      </Button>
      <ActionDialog
        id="set-personal-worker"
        visible={open}
        title={t('steps.setPersonalWorker')}
        intro={t('steps.personalWorkerIntro')}
        submitText={t('steps.save')}
        fieldPaths={['/professionalId']}
        onClose={() => setOpen(false)}
        onSubmit={async () => {
          if (value === '') {
            return [{ path: '/professionalId', message: t('steps.chooseWorker'), code: 'required' }];
          }
          const remove = value === NOBODY;
          const next = await api.setPersonalWorker(c.registerId, c.clientKey, remove ? null : value);
          setOpen(false);
          onStep(notice(next, remove ? t('steps.personalWorkerRemoved') : t('steps.personalWorkerNamed')));
          return undefined;
        }}
      >
        {(errorAt) => (
          <>
            <TextInput
              id="personal-worker-filter"
              labelText={t('steps.findWorker')}
              hintText={t('steps.findWorkerHint')}
              value={filter}
              onChange={(v) => setFilter(String(v ?? ''))}
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
              {...(errorAt('/professionalId').statusText
                ? { groupStatusText: errorAt('/professionalId').statusText, groupStatus: 'error' as const }
                : {})}
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
      </ActionDialog>
    </>
  );
}
