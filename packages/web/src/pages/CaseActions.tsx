// The steps on a client's cases (asia): open one, add another client to it (it becomes a shared
// case, yhteinen asia), let a client leave a shared case, close it. Each stores a version of the
// case document.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Button,
  Dropdown,
  DropdownItem,
  Paragraph,
  RadioButton,
  RadioButtonGroup,
  TextInput,
} from 'suomifi-ui-components';
import { api, type Case, type Person, type Register } from '../api/index.ts';
import { finnishToday, usableRegisters } from '../client-data.ts';
import { ActionDialog } from '../components/ActionDialog.tsx';
import { useTaskLabel } from '../components/codes.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import type { RecordNotice } from '../components/RecordNotice.tsx';
import { formatDate, personIdentifier, personName } from '../format.ts';
import { useAsync, useLanguage } from '../hooks.ts';
import { instantOfDay } from '../instant.ts';
import { useSession } from '../session.tsx';
import type { OnStep } from './ClienthoodActions.tsx';

const required = (path: string, value: string, message: string) =>
  value.trim() === '' ? [{ path, message, code: 'required' }] : [];

function notice(c: Case, step: string): RecordNotice {
  return { record: 'case', setId: c.setId, version: c.version, step };
}

export function OpenCaseButton({ clientKey, onStep }: { clientKey: string; onStep: OnStep }) {
  const { t } = useTranslation();
  const { actor } = useSession();
  const taskLabel = useTaskLabel();
  const registers = useAsync(() => usableRegisters(actor), [actor]);
  const [open, setOpen] = useState(false);
  const [registerId, setRegisterId] = useState('');
  const [serviceTask, setServiceTask] = useState(actor.serviceTasks[0] ?? '');
  const [code, setCode] = useState('');
  const [display, setDisplay] = useState('');
  const [opened, setOpened] = useState(finnishToday());
  const [key, setKey] = useState(() => crypto.randomUUID());
  const list: Register[] = registers.state === 'done' ? registers.value : [];
  const chosen = registerId || list[0]?.id || '';
  // Without a service task of one's own there is nothing to open a clienthood or case in.
  if (actor.serviceTasks.length === 0) return null;
  return (
    <>
      <Button variant="secondary" className="open-case" onClick={() => setOpen(true)}>
        {t('steps.openCase')}
      </Button>
      <ActionDialog
        id="open-case"
        visible={open}
        title={t('steps.openCase')}
        intro={t('steps.openCaseIntro')}
        submitText={t('steps.openCase')}
        fieldPaths={['/serviceTask', '/subject/code', '/subject/display', '/opened']}
        onClose={() => setOpen(false)}
        onSubmit={async () => {
          const missing = [
            ...required('/subject/code', code, t('steps.required')),
            ...required('/opened', opened, t('steps.required')),
          ];
          if (missing.length > 0 || !chosen) return missing;
          const c = await api.openCase(
            chosen,
            {
              serviceTask,
              subject: { code: code.trim(), ...(display.trim() ? { display: display.trim() } : {}) },
              members: [clientKey],
              opened: opened.trim(),
            },
            key,
          );
          setOpen(false);
          setKey(crypto.randomUUID());
          onStep(notice(c, t('steps.caseOpened')));
          return undefined;
        }}
      >
        {(errorAt) => (
          <>
            {list.length > 1 && (
              <Dropdown
                id="open-case-register"
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
            <Dropdown
              id="open-case-task"
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
            <TextInput
              id="open-case-code"
              labelText={t('steps.subjectCode')}
              hintText={t('steps.subjectCodeHint')}
              value={code}
              onChange={(v) => setCode(String(v ?? ''))}
              {...errorAt('/subject/code')}
            />
            <TextInput
              id="open-case-display"
              labelText={t('steps.subjectDisplay')}
              optionalText={t('form.optional')}
              value={display}
              onChange={(v) => setDisplay(String(v ?? ''))}
              {...errorAt('/subject/display')}
            />
            <TextInput
              id="open-case-opened"
              labelText={t('steps.opened')}
              hintText={t('documents.dateHint')}
              value={opened}
              onChange={(v) => setOpened(String(v ?? ''))}
              {...errorAt('/opened')}
            />
          </>
        )}
      </ActionDialog>
    </>
  );
}

/** Adding a client to the case: found by identity code or name, chosen from the results. */
export function AddCaseMember({ kase, label, onStep }: { kase: Case; label: string; onStep: OnStep }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Person[] | undefined>();
  const [searchError, setSearchError] = useState<unknown>();
  const [chosen, setChosen] = useState('');
  const members = new Set(kase.members.filter((m) => !m.leftAt).map((m) => m.clientKey));

  const search = async (e?: FormEvent) => {
    e?.preventDefault();
    setSearchError(undefined);
    setChosen('');
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
    <>
      <Button
        variant="secondaryNoBorder"
        className="add-case-member"
        aria-label={t('steps.addMemberTo', { case: label })}
        onClick={() => setOpen(true)}
      >
        {t('steps.addMember')}
      </Button>
      <ActionDialog
        id="add-case-member"
        visible={open}
        title={t('steps.addMemberTo', { case: label })}
        intro={t('steps.addMemberIntro')}
        submitText={t('steps.addMember')}
        fieldPaths={['/clientKey']}
        onClose={() => setOpen(false)}
        onSubmit={async () => {
          if (!chosen) return [{ path: '/clientKey', message: t('steps.chooseMember'), code: 'required' }];
          const c = await api.addCaseMember(kase.caseOid, chosen);
          setOpen(false);
          setFound(undefined);
          setQuery('');
          onStep(notice(c, t('steps.memberAdded')));
          return undefined;
        }}
      >
        {(errorAt) => (
          <>
            <div className="member-search">
              <TextInput
                id="add-case-member-query"
                labelText={t('steps.findMember')}
                hintText={t('steps.findMemberHint')}
                value={query}
                onChange={(v) => setQuery(String(v ?? ''))}
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
                onChange={setChosen}
                {...(errorAt('/clientKey').statusText
                  ? { groupStatus: 'error' as const, groupStatusText: errorAt('/clientKey').statusText }
                  : {})}
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
      </ActionDialog>
    </>
  );
}

export function CloseCase({ kase, label, onStep }: { kase: Case; label: string; onStep: OnStep }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [ended, setEnded] = useState(finnishToday());
  return (
    <>
      <Button
        variant="secondaryNoBorder"
        className="close-case"
        aria-label={t('steps.closeCaseOf', { case: label })}
        onClick={() => setOpen(true)}
      >
        {t('steps.closeCase')}
      </Button>
      <ActionDialog
        id="close-case"
        visible={open}
        title={t('steps.closeCaseOf', { case: label })}
        intro={t('steps.versionIntro')}
        submitText={t('steps.closeCase')}
        fieldPaths={['/ended']}
        onClose={() => setOpen(false)}
        onSubmit={async () => {
          const missing = required('/ended', ended, t('steps.required'));
          if (missing.length > 0) return missing;
          const c = await api.closeCase(kase.caseOid, ended.trim());
          setOpen(false);
          onStep(notice(c, t('steps.caseClosed')));
          return undefined;
        }}
      >
        {(errorAt) => (
          <TextInput
            id="close-case-date"
            labelText={t('steps.closed')}
            hintText={t('documents.dateHint')}
            value={ended}
            onChange={(v) => setEnded(String(v ?? ''))}
            {...errorAt('/ended')}
          />
        )}
      </ActionDialog>
    </>
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
  const [open, setOpen] = useState(false);
  const active = kase.members.filter((m) => m.leftAt === undefined);
  const [chosen, setChosen] = useState('');
  const [day, setDay] = useState(finnishToday());
  const who = chosen || (active.some((m) => m.clientKey === clientKey) ? clientKey : '');
  // The members' names, read when the dialog opens (a name that cannot be read shows as its key).
  const persons = useAsync(
    () =>
      open
        ? Promise.all(active.map((m) => api.person(m.clientKey).catch(() => undefined)))
        : Promise.resolve([]),
    [open, kase.caseOid, kase.version],
  );
  const nameOf = (key: string, i: number) => {
    const p = persons.state === 'done' ? persons.value[i] : undefined;
    return p ? `${personName(p)}, ${personIdentifier(p)}` : key;
  };
  return (
    <>
      <Button
        variant="secondaryNoBorder"
        className="leave-case"
        aria-label={t('steps.leaveCaseOf', { case: label })}
        onClick={() => {
          setChosen('');
          setDay(finnishToday());
          setOpen(true);
        }}
      >
        {t('steps.leaveCase')}
      </Button>
      <ActionDialog
        id="leave-case"
        visible={open}
        title={t('steps.leaveCaseOf', { case: label })}
        intro={t('steps.leaveCaseIntro')}
        submitText={t('steps.leaveCase')}
        fieldPaths={['/clientKey', '/leftAt']}
        onClose={() => setOpen(false)}
        onSubmit={async () => {
          const missing = [
            ...required('/clientKey', who, t('steps.chooseLeaving')),
            ...required('/leftAt', day, t('steps.required')),
          ];
          if (missing.length > 0) return missing;
          const c = await api.leaveCase(kase.caseOid, who, instantOfDay(day, finnishToday()));
          setOpen(false);
          onStep(notice(c, t('steps.memberLeft')));
          return undefined;
        }}
      >
        {(errorAt) => (
          <>
            <RadioButtonGroup
              labelText={t('steps.leavingMember')}
              name="leaving-member"
              value={who}
              onChange={setChosen}
              {...(errorAt('/clientKey').statusText
                ? { groupStatus: 'error' as const, groupStatusText: errorAt('/clientKey').statusText }
                : {})}
            >
              {active.map((m, i) => (
                <RadioButton key={m.clientKey} value={m.clientKey}>
                  {nameOf(m.clientKey, i)}
                </RadioButton>
              ))}
            </RadioButtonGroup>
            <TextInput
              id="leave-case-date"
              labelText={t('steps.leftAt')}
              hintText={t('steps.leftAtHint')}
              value={day}
              onChange={(v) => setDay(String(v ?? ''))}
              {...errorAt('/leftAt')}
            />
          </>
        )}
      </ActionDialog>
    </>
  );
}
