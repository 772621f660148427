// Renders any StructureDefinition as a form: groups as fieldsets with legends, repeatable fields
// with add and remove buttons, one input per leaf kind. The value edited is the content tree
// itself (see content.ts), and errors arrive keyed by the JSON pointer of the field they concern,
// which is also what the field's element id is made from, so an error summary can link to it.
//
// Checks made here while typing (dates, numbers, identity codes) call the domain's own functions;
// the server validates again on store and its messages replace these.

import { parseHetu } from '@varanto/domain/identity';
import {
  checkInstant,
  checkPartialDate,
  type Field,
  type StructureDefinition,
  type ValueType,
} from '@varanto/domain/structures';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dropdown, DropdownItem, StatusText, Textarea, TextInput } from 'suomifi-ui-components';
import {
  emptyValue,
  getAt,
  isObject,
  type Json,
  localized,
  pointer,
  removeItemAt,
  type Segments,
  setAt,
  type UiLanguage,
} from './content.ts';

export interface CodeOption {
  code: string;
  name: string;
}

export interface StructureFormProps {
  definition: StructureDefinition;
  value: Json;
  onChange: (next: Json) => void;
  /** Error messages by JSON pointer into the content ('' for the whole document). */
  errors?: ReadonlyMap<string, readonly string[]>;
  lang: UiLanguage;
  /** Code names by classification OID, for coded fields; without them code and meaning are typed. */
  codeSets?: ReadonlyMap<string, readonly CodeOption[]>;
}

/** The element id of the input (or fieldset) at a content pointer. */
export function fieldId(ptr: string): string {
  return `field${ptr.replaceAll('/', '.')}`;
}

interface Ctx {
  value: Json;
  set: (path: Segments, v: Json) => void;
  remove: (path: Segments) => void;
  errors: ReadonlyMap<string, readonly string[]>;
  lang: UiLanguage;
  codeSets: ReadonlyMap<string, readonly CodeOption[]>;
}

export function StructureForm({ definition, value, onChange, errors, lang, codeSets }: StructureFormProps) {
  const { t } = useTranslation();
  const ctx: Ctx = {
    value,
    set: (path, v) => onChange(setAt(value, path, v)),
    remove: (path) => onChange(removeItemAt(value, path)),
    errors: errors ?? new Map(),
    lang,
    codeSets: codeSets ?? new Map(),
  };
  if (definition.fields.length === 0) return <p>{t('form.noFields')}</p>;
  return (
    <div className="structure-form">
      <FieldErrors ptr={pointer([definition.rootKey])} ctx={ctx} />
      <FieldList fields={definition.fields} path={[definition.rootKey]} ctx={ctx} />
    </div>
  );
}

function FieldList({ fields, path, ctx }: { fields: readonly Field[]; path: Segments; ctx: Ctx }) {
  return (
    <>
      {fields.map((f) => (
        <FieldView key={f.key} field={f} path={[...path, f.key]} ctx={ctx} />
      ))}
    </>
  );
}

function messagesAt(ctx: Ctx, ptr: string): readonly string[] {
  return ctx.errors.get(ptr) ?? [];
}

function FieldErrors({ ptr, ctx }: { ptr: string; ctx: Ctx }) {
  const messages = messagesAt(ctx, ptr);
  if (messages.length === 0) return null;
  return (
    <StatusText status="error" className="field-errors">
      {messages.join(' ')}
    </StatusText>
  );
}

function FieldView({ field, path, ctx }: { field: Field; path: Segments; ctx: Ctx }) {
  const { t } = useTranslation();
  const name = localized(field.name, ctx.lang);
  const ptr = pointer(path);
  if (field.repeatable) {
    const items = getAt(ctx.value, path);
    const list = Array.isArray(items) ? items : [];
    return (
      <fieldset className="form-group repeatable" id={fieldId(ptr)}>
        <Legend field={field} lang={ctx.lang} />
        <Description field={field} lang={ctx.lang} />
        <FieldErrors ptr={ptr} ctx={ctx} />
        {list.map((_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: items have no identity but their position
          <RepeatItem key={i} field={field} path={[...path, i]} index={i + 1} ctx={ctx} />
        ))}
        <Button
          variant="secondary"
          className="add-item"
          onClick={() => ctx.set([...path, list.length], newItem(field.value))}
        >
          {t('form.add', { name })}
        </Button>
      </fieldset>
    );
  }
  if (field.value.kind === 'group') {
    if (field.hidden) {
      // Sosmeta hides the frame of some wrapper groups; their fields are shown as if at this level.
      return (
        <div className="form-hidden-group" id={fieldId(ptr)}>
          <FieldErrors ptr={ptr} ctx={ctx} />
          <FieldList fields={field.value.fields} path={path} ctx={ctx} />
        </div>
      );
    }
    return (
      <fieldset className="form-group" id={fieldId(ptr)}>
        <Legend field={field} lang={ctx.lang} />
        <Description field={field} lang={ctx.lang} />
        <FieldErrors ptr={ptr} ctx={ctx} />
        <FieldList fields={field.value.fields} path={path} ctx={ctx} />
      </fieldset>
    );
  }
  return <LeafInput field={field} label={name} path={path} ctx={ctx} />;
}

function RepeatItem({ field, path, index, ctx }: { field: Field; path: Segments; index: number; ctx: Ctx }) {
  const { t } = useTranslation();
  const name = localized(field.name, ctx.lang);
  const label = t('form.item', { name, index });
  const remove = <RemoveButton name={name} index={index} onRemove={() => ctx.remove(path)} />;
  if (field.value.kind === 'group') {
    return (
      <fieldset className="form-group item" id={fieldId(pointer(path))}>
        <legend>{label}</legend>
        <FieldErrors ptr={pointer(path)} ctx={ctx} />
        <FieldList fields={field.value.fields} path={path} ctx={ctx} />
        {remove}
      </fieldset>
    );
  }
  return (
    <div className="repeat-item">
      <LeafInput field={field} label={label} path={path} ctx={ctx} />
      {remove}
    </div>
  );
}

function RemoveButton({ name, index, onRemove }: { name: string; index: number; onRemove: () => void }) {
  const { t } = useTranslation();
  return (
    <Button
      variant="secondaryNoBorder"
      className="remove-item"
      onClick={onRemove}
      aria-label={t('form.remove', { name, index })}
    >
      {t('form.removeShort')}
    </Button>
  );
}

function newItem(value: ValueType): Json {
  if (value.kind !== 'group') return emptyValue(value);
  const out: { [k: string]: Json } = {};
  for (const f of value.fields) {
    const v = newItem(f.value);
    out[f.key] = f.repeatable ? (f.required ? [v] : []) : v;
  }
  return out;
}

function Legend({ field, lang }: { field: Field; lang: UiLanguage }) {
  const { t } = useTranslation();
  return (
    <legend className={field.hiddenTitle ? 'visually-hidden' : undefined}>
      {localized(field.name, lang)}
      {!field.required && <span className="optional"> ({t('form.optional')})</span>}
    </legend>
  );
}

function Description({ field, lang }: { field: Field; lang: UiLanguage }) {
  const text = localized(field.description, lang);
  return text ? <p className="field-description">{text}</p> : null;
}

/** A local problem with what was typed, found with the domain's own checks. */
function localProblem(
  value: ValueType,
  v: Json | undefined,
  t: (key: 'form.invalidDate' | 'form.invalidNumber') => string,
  hetuMessage: (code: string) => string,
): string | undefined {
  if (typeof v === 'string' && v.trim() !== '') {
    const s = v.trim();
    if (value.kind === 'date' && checkPartialDate(s) !== 'ok') return t('form.invalidDate');
    if (value.kind === 'number' && !Number.isFinite(Number(s.replace(',', '.'))))
      return t('form.invalidNumber');
    if (value.kind === 'instant' && checkInstant(s, value.allowPartialDate) !== 'ok')
      return t('form.invalidDate');
  }
  if (
    value.kind === 'identifier' &&
    value.format === 'hetu' &&
    isObject(v) &&
    typeof v.value === 'string' &&
    v.value.trim() !== ''
  ) {
    const parsed = parseHetu(v.value);
    if (!parsed.ok) return hetuMessage(parsed.error.code);
  }
  return undefined;
}

interface LeafProps {
  field: Field;
  label: string;
  path: Segments;
  ctx: Ctx;
}

function LeafInput({ field, label, path, ctx }: LeafProps) {
  const { t } = useTranslation();
  const [touched, setTouched] = useState(false);
  const ptr = pointer(path);
  const id = fieldId(ptr);
  const v = getAt(ctx.value, path);
  const value = field.value;
  const serverMessages = messagesAt(ctx, ptr);
  const local = touched
    ? localProblem(
        value,
        v,
        (k) => t(k),
        (code) => t(`hetuErrors.${code as 'length'}`),
      )
    : undefined;
  const message = serverMessages.length > 0 ? serverMessages.join(' ') : local;
  const common = {
    id,
    labelText: label,
    hintText: hintOf(field, ctx.lang, t),
    ...(field.required ? {} : { optionalText: t('form.optional') }),
    ...(message ? { status: 'error' as const, statusText: message } : {}),
    fullWidth: true,
  };
  const str = (x: Json | undefined) => (typeof x === 'string' || typeof x === 'number' ? String(x) : '');
  const onBlur = () => setTouched(true);

  switch (value.kind) {
    case 'text':
      return (
        <Textarea
          {...common}
          value={str(v)}
          onChange={(e) => ctx.set(path, e.target.value)}
          onBlur={onBlur}
          className="form-field"
        />
      );
    case 'name':
    case 'signature':
    case 'date':
    case 'instant':
    case 'number':
      return (
        <TextInput
          {...common}
          className="form-field"
          value={str(v)}
          inputMode={value.kind === 'number' ? 'decimal' : undefined}
          onChange={(x) => ctx.set(path, x === undefined ? '' : String(x))}
          onBlur={onBlur}
        />
      );
    case 'boolean':
      return (
        <Dropdown
          {...common}
          className="form-field"
          value={v === true ? 'yes' : v === false ? 'no' : 'unset'}
          onChange={(x) => ctx.set(path, x === 'yes' ? true : x === 'no' ? false : null)}
        >
          <DropdownItem value="unset">{t('form.notRecorded')}</DropdownItem>
          <DropdownItem value="yes">{t('form.yes')}</DropdownItem>
          <DropdownItem value="no">{t('form.no')}</DropdownItem>
        </Dropdown>
      );
    case 'phrase':
      return (
        <Dropdown
          {...common}
          className="form-field"
          value={typeof v === 'string' && value.allowed.includes(v) ? v : ''}
          onChange={(x) => ctx.set(path, x)}
        >
          {[
            <DropdownItem key="" value="">
              {t('form.notRecorded')}
            </DropdownItem>,
            ...value.allowed.map((p) => (
              <DropdownItem key={p} value={p}>
                {p}
              </DropdownItem>
            )),
          ]}
        </Dropdown>
      );
    case 'identifier': {
      const obj = isObject(v) ? v : {};
      return (
        <TextInput
          {...common}
          className="form-field"
          value={str(obj.value)}
          onChange={(x) => ctx.set([...path, 'value'], x === undefined ? '' : String(x))}
          onBlur={onBlur}
        />
      );
    }
    case 'code':
    case 'organization':
      return <CodeInput field={field} label={label} path={path} ctx={ctx} common={common} />;
    case 'quantity': {
      const obj = isObject(v) ? v : {};
      return (
        <fieldset className="form-group compound" id={id}>
          <legend>
            {label}
            {!field.required && <span className="optional"> ({t('form.optional')})</span>}
          </legend>
          {message && <StatusText status="error">{message}</StatusText>}
          <TextInput
            id={`${id}.value`}
            labelText={t('form.amount')}
            inputMode="decimal"
            value={str(obj.value)}
            onChange={(x) => ctx.set([...path, 'value'], x === undefined ? '' : String(x))}
            {...fieldStatus(ctx, `${ptr}/value`)}
          />
          {value.units && value.units.length > 0 ? (
            <Dropdown
              id={`${id}.code`}
              labelText={t('form.unit')}
              value={str(obj.code)}
              onChange={(x) => ctx.set([...path, 'code'], x)}
            >
              {value.units.map((u) => (
                <DropdownItem key={u} value={u}>
                  {u}
                </DropdownItem>
              ))}
            </Dropdown>
          ) : (
            <TextInput
              id={`${id}.code`}
              labelText={t('form.unit')}
              value={str(obj.code)}
              onChange={(x) => ctx.set([...path, 'code'], x === undefined ? '' : String(x))}
              {...fieldStatus(ctx, `${ptr}/code`)}
            />
          )}
        </fieldset>
      );
    }
    case 'group':
      // Groups are laid out by FieldView; a leaf input is never asked to render one.
      return null;
    default:
      return assertNever(value);
  }
}

function assertNever(v: never): ReactNode {
  throw new Error(`unknown value kind ${JSON.stringify(v)}`);
}

function fieldStatus(ctx: Ctx, ptr: string): { status?: 'error'; statusText?: string } {
  const m = messagesAt(ctx, ptr);
  return m.length > 0 ? { status: 'error', statusText: m.join(' ') } : {};
}

function hintOf(
  field: Field,
  lang: UiLanguage,
  t: (k: 'form.dateHint' | 'form.instantHint') => string,
): string | undefined {
  const parts: string[] = [];
  const d = localized(field.description, lang);
  if (d) parts.push(d);
  if (field.value.kind === 'date') parts.push(t('form.dateHint'));
  if (field.value.kind === 'instant') parts.push(t('form.instantHint'));
  return parts.length > 0 ? parts.join(' ') : undefined;
}

interface CommonProps {
  id: string;
  labelText: string;
  hintText?: string | undefined;
  optionalText?: string;
  status?: 'error';
  statusText?: string;
  fullWidth: boolean;
}

/** A coded value: a list to choose from when the code set is known, else code and meaning typed. */
function CodeInput({ field, label, path, ctx, common }: LeafProps & { common: CommonProps }) {
  const { t } = useTranslation();
  const value = field.value;
  const ptr = pointer(path);
  const v = getAt(ctx.value, path);
  const obj = isObject(v) ? v : {};
  const code = typeof obj.code === 'string' ? obj.code : '';
  const systemOid = value.kind === 'code' && value.system.kind === 'oid' ? value.system.oid : undefined;
  const known = systemOid ? ctx.codeSets.get(systemOid) : undefined;
  const allowed = value.kind === 'code' ? value.allowedCodes : undefined;
  const options = known?.filter((o) => !allowed || allowed.includes(o.code));
  if (options && options.length > 0) {
    return (
      <Dropdown
        {...common}
        className="form-field"
        value={code}
        onChange={(c) => {
          const chosen = options.find((o) => o.code === c);
          ctx.set(path, c === '' ? { code: '', display: '' } : { code: c, display: chosen?.name ?? c });
        }}
      >
        {[
          <DropdownItem key="" value="">
            {t('form.notRecorded')}
          </DropdownItem>,
          ...options.map((o) => (
            <DropdownItem key={o.code} value={o.code}>
              {`${o.name} (${o.code})`}
            </DropdownItem>
          )),
        ]}
      </Dropdown>
    );
  }
  const isOrg = value.kind === 'organization';
  const str = (x: Json | undefined) => (typeof x === 'string' ? x : '');
  return (
    <fieldset className="form-group compound" id={common.id}>
      <legend>
        {label}
        {common.optionalText && <span className="optional"> ({common.optionalText})</span>}
      </legend>
      {common.hintText && <p className="field-description">{common.hintText}</p>}
      {common.statusText && <StatusText status="error">{common.statusText}</StatusText>}
      <TextInput
        id={`${common.id}.code`}
        labelText={isOrg ? t('form.organizationOid') : t('form.code')}
        hintText={
          allowed && allowed.length > 0
            ? allowed.join(', ')
            : value.kind === 'code'
              ? localized(value.valueSet, ctx.lang) || undefined
              : undefined
        }
        value={code}
        onChange={(x) => ctx.set([...path, 'code'], x === undefined ? '' : String(x))}
        {...fieldStatus(ctx, `${ptr}/code`)}
      />
      <TextInput
        id={`${common.id}.display`}
        labelText={isOrg ? t('form.organizationName') : t('form.display')}
        value={str(obj.display)}
        onChange={(x) => ctx.set([...path, 'display'], x === undefined ? '' : String(x))}
        {...fieldStatus(ctx, `${ptr}/display`)}
      />
    </fieldset>
  );
}
