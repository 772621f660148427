// What every step dialog shares, so that each keeps only its fields: whether it is open and the
// values of its text fields (useStepDialog), the button that opens it, and closing it once the step
// went through (StepDialog, over ActionDialog, which shows what failed where it belongs). Also the
// required-value check and the inputs every step has: a day, a register, a service task.
import type { ReactNode } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dropdown, DropdownItem, TextInput } from 'suomifi-ui-components';
import type { ActorView, FieldError, Register } from '../api/index.ts';
import { usableRegisters } from '../client-data.ts';
import { useAsync } from '../hooks.ts';
import { ActionDialog } from './ActionDialog.tsx';
import { useTaskLabel } from './codes.ts';
import type { ErrorAt, GroupErrorAt } from './step-form.tsx';

type Values = Record<string, string>;

export interface StepDialogState<V extends Values = Values> {
  open: boolean;
  show: () => void;
  close: () => void;
  values: V;
  set: <K extends keyof V>(key: K, value: V[K]) => void;
  /** Back to the initial values: all of them, or only those named. */
  reset: (...keys: (keyof V)[]) => void;
  /** The value and onChange of a text input bound to one field. */
  bind: (key: keyof V) => { value: string; onChange: (v: string | number | undefined) => void };
}

/** A step dialog's state; `initial` gives the fields' first values, and again on reset. */
export function useStepDialog<V extends Values>(initial: () => V): StepDialogState<V> {
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState(initial);
  const set = <K extends keyof V>(key: K, value: V[K]) => setValues((old) => ({ ...old, [key]: value }));
  return {
    open,
    show: () => setOpen(true),
    close: () => setOpen(false),
    values,
    set,
    reset: (...keys) => {
      const fresh = initial();
      setValues((old) => {
        if (keys.length === 0) return fresh;
        const next = { ...old };
        for (const k of keys) next[k] = fresh[k];
        return next;
      });
    },
    bind: (key) => ({
      value: values[key] ?? '',
      onChange: (v) => set(key, String(v ?? '') as V[typeof key]),
    }),
  };
}

/**
 * A step that creates a record (a clienthood, a case): the register it is written in — the one
 * chosen, else the first this login writes in — and its idempotency key, renewed once the creation
 * went through, so that a retry after a lost answer does not create a second one.
 */
export function useCreatingStep(actor: ActorView, registerId: string) {
  const registers = useAsync(() => usableRegisters(actor), [actor]);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const list: Register[] = registers.state === 'done' ? registers.value : [];
  const chosen = registerId || list[0]?.id || '';
  /** Makes the record in the chosen register under the current key; a made one renews the key. */
  const create = async <T,>(make: (registerId: string, idempotencyKey: string) => Promise<T>): Promise<T> => {
    const made = await make(chosen, key);
    setKey(crypto.randomUUID());
    return made;
  };
  return { list, chosen, create };
}

/** One error at each path whose value is blank (checked before asking the server). */
export function requiredAt(message: string, fields: Readonly<Record<string, string>>): FieldError[] {
  return Object.entries(fields)
    .filter(([, value]) => value.trim() === '')
    .map(([path]) => ({ path, message, code: 'required' }));
}

export interface Trigger {
  text: string;
  className: string;
  variant?: 'secondary' | 'secondaryNoBorder';
  /** The button's accessible name where the text alone would be ambiguous (one per row). */
  label?: string;
  /** Before opening (a dialog that starts afresh each time resets its fields here). */
  onOpen?: () => void;
}

/**
 * The button and the dialog of one step. `onSubmit` runs the step: field errors it returns (found
 * before asking the server) keep the dialog open, as does any failure (shown by ActionDialog);
 * otherwise the dialog closes.
 */
export function StepDialog({
  dialog,
  id,
  trigger,
  title,
  intro,
  submitText,
  fieldPaths,
  onSubmit,
  children,
}: {
  dialog: Pick<StepDialogState, 'open' | 'show' | 'close'>;
  id: string;
  trigger: Trigger;
  title: string;
  intro?: string;
  submitText: string;
  fieldPaths: readonly string[];
  onSubmit: () => Promise<FieldError[] | undefined>;
  children: (errorAt: ErrorAt, groupErrorAt: GroupErrorAt) => ReactNode;
}) {
  return (
    <>
      <Button
        variant={trigger.variant ?? 'secondary'}
        className={trigger.className}
        {...(trigger.label ? { 'aria-label': trigger.label } : {})}
        onClick={() => {
          trigger.onOpen?.();
          dialog.show();
        }}
      >
        {trigger.text}
      </Button>
      <ActionDialog
        id={id}
        visible={dialog.open}
        title={title}
        intro={intro}
        submitText={submitText}
        fieldPaths={fieldPaths}
        onClose={dialog.close}
        onSubmit={async () => {
          const errors = await onSubmit();
          if (errors && errors.length > 0) return errors;
          dialog.close();
          return undefined;
        }}
      >
        {children}
      </ActionDialog>
    </>
  );
}

/** A day (YYYY-MM-DD) typed in, with its error at `path`. */
export function DayInput({
  id,
  label,
  hint,
  optional,
  path,
  errorAt,
  field,
}: {
  id: string;
  label: string;
  /** Defaults to the date format. */
  hint?: string;
  optional?: boolean;
  path: string;
  errorAt: ErrorAt;
  field: ReturnType<StepDialogState['bind']>;
}) {
  const { t } = useTranslation();
  return (
    <TextInput
      id={id}
      labelText={label}
      hintText={hint ?? t('documents.dateHint')}
      {...(optional ? { optionalText: t('form.optional') } : {})}
      value={field.value}
      onChange={field.onChange}
      {...errorAt(path)}
    />
  );
}

/** The register to write in, asked only when the login writes in more than one. */
export function RegisterChoice({
  id,
  registers,
  value,
  onChange,
}: {
  id: string;
  registers: readonly Register[];
  value: string;
  onChange: (id: string) => void;
}) {
  const { t } = useTranslation();
  if (registers.length <= 1) return null;
  return (
    <Dropdown id={id} labelText={t('steps.register')} value={value} onChange={onChange}>
      {registers.map((r) => (
        <DropdownItem key={r.id} value={r.id}>
          {r.name}
        </DropdownItem>
      ))}
    </Dropdown>
  );
}

/** One of the service tasks offered, named in the UI language. */
export function ServiceTaskChoice({
  id,
  tasks,
  value,
  onChange,
  path,
  errorAt,
}: {
  id: string;
  tasks: readonly string[];
  value: string;
  onChange: (code: string) => void;
  path: string;
  errorAt: ErrorAt;
}) {
  const { t } = useTranslation();
  const taskLabel = useTaskLabel();
  return (
    <Dropdown id={id} labelText={t('steps.serviceTask')} value={value} onChange={onChange} {...errorAt(path)}>
      {tasks.map((c) => (
        <DropdownItem key={c} value={c}>
          {taskLabel(c)}
        </DropdownItem>
      ))}
    </Dropdown>
  );
}

/**
 * A dropdown whose first item stands for none (value ''): "choose…" or "not recorded". The design
 * system's dropdown needs an item to show even while the list loads, so there always is one.
 */
export function ChoiceWithNone({
  id,
  label,
  none,
  optional,
  value,
  onChange,
  items,
  error,
}: {
  id: string;
  label: string;
  /** The text of the item for none. */
  none: string;
  optional?: boolean;
  value: string;
  onChange: (value: string) => void;
  items: readonly { value: string; label: string }[];
  /** The input's error state (errorAt(path)), where the server may point at it. */
  error?: ReturnType<ErrorAt>;
}) {
  const { t } = useTranslation();
  return (
    <Dropdown
      id={id}
      labelText={label}
      {...(optional ? { optionalText: t('form.optional') } : {})}
      value={value}
      onChange={onChange}
      {...error}
    >
      {[
        <DropdownItem key="" value="">
          {none}
        </DropdownItem>,
        ...items.map((x) => (
          <DropdownItem key={x.value} value={x.value}>
            {x.label}
          </DropdownItem>
        )),
      ]}
    </Dropdown>
  );
}
