// A person's relations on the client's page: the guardianships, guardian bars and mandates that open
// the person's records to another person in OmaKanta, or another person's records to them. An
// administrator records guardianships and mandates (copies of the population register and Suomi.fi
// mandates); a social worker in child welfare records a guardian bar. The buttons follow the role;
// the server decides, and its refusal is shown with its rule. Forbidden reads look like missing
// (404): the panel then says only that no relations are shown to this login.
import { MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS } from '@varanto/domain/visibility';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Dropdown,
  DropdownItem,
  Heading,
  InlineAlert,
  LoadingSpinner,
  Paragraph,
  RadioButton,
  RadioButtonGroup,
  TextInput,
} from 'suomifi-ui-components';
import { ApiError, api, type PersonRelation, type RecordRelationBody } from '../api/index.ts';
import { finnishToday } from '../client-data.ts';
import { formatDate, personName } from '../format.ts';
import { useAsync, useLanguage } from '../hooks.ts';
import { useSession } from '../session.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { DayInput, requiredAt, StepDialog, useStepDialog } from './step-dialog.tsx';

type Kind = PersonRelation['kind'];

export function RelationsPanel({ clientKey }: { clientKey: string }) {
  const { t } = useTranslation();
  const { actor } = useSession();
  const [round, setRound] = useState(0);
  const [stored, setStored] = useState<PersonRelation>();
  const relations = useAsync(() => api.relations(clientKey), [clientKey, round]);
  const onStored = (r: PersonRelation) => {
    setStored(r);
    setRound((x) => x + 1);
  };
  const kinds: Kind[] =
    actor.role === 'admin'
      ? ['guardianship', 'mandate']
      : actor.role === 'social_worker'
        ? ['guardian_bar']
        : [];
  const hiddenFromMe =
    relations.state === 'error' && relations.error instanceof ApiError && relations.error.status === 404;
  if (hiddenFromMe && kinds.length === 0) return null;
  const list = relations.state === 'done' ? relations.value : [];
  const guardians = list.filter(
    (r) => r.kind === 'guardianship' && r.clientKey === clientKey && !r.cancelled && r.end === undefined,
  );
  return (
    <section className="overview-card relations-panel" aria-labelledby="relations-heading">
      <Heading variant="h2" id="relations-heading" mb="s">
        {t('relations.title')}
      </Heading>
      {stored && (
        <InlineAlert status="neutral" className="relation-stored" mb="s">
          <span data-testid="relation-stored">
            {t('relations.stored', { kind: t(`relations.kinds.${stored.kind}`), version: stored.version })}
          </span>
        </InlineAlert>
      )}
      {relations.state === 'loading' && (
        <LoadingSpinner text={t('app.loading')} status="loading" variant="small" />
      )}
      {hiddenFromMe && <Paragraph>{t('relations.notShown')}</Paragraph>}
      {relations.state === 'error' && !hiddenFromMe && <ErrorMessage error={relations.error} />}
      {relations.state === 'done' && list.length === 0 && <Paragraph>{t('relations.none')}</Paragraph>}
      {list.length > 0 && (
        <ul className="relation-list">
          {list.map((r) => (
            <RelationItem key={`${r.relationId}-${r.version}`} relation={r} clientKey={clientKey}>
              {r.clientKey === clientKey && kinds.includes(r.kind) && !r.cancelled && (
                <ChangeRelation relation={r} onStored={onStored} />
              )}
            </RelationItem>
          ))}
        </ul>
      )}
      <div className="relation-actions">
        {kinds.map((kind) => (
          <RecordRelation
            key={kind}
            clientKey={clientKey}
            kind={kind}
            guardians={guardians}
            onStored={onStored}
          />
        ))}
      </div>
    </section>
  );
}

function PersonNameOf({ clientKey }: { clientKey: string }) {
  const person = useAsync(() => api.person(clientKey), [clientKey]);
  return <>{person.state === 'done' ? personName(person.value) : '…'}</>;
}

function RelationItem({
  relation: r,
  clientKey,
  children,
}: {
  relation: PersonRelation;
  clientKey: string;
  /** The steps on the relation, where this login has them. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const mine = r.clientKey === clientKey;
  const period = `${formatDate(r.start, lang)} – ${r.end ? formatDate(r.end, lang) : ''}`;
  return (
    <li className="relation" data-kind={r.kind} data-testid="relation">
      <strong>{t(mine ? `relations.kinds.${r.kind}` : `relations.heldKinds.${r.kind}`)}</strong>
      {': '}
      <span className="relation-person">
        <PersonNameOf clientKey={mine ? r.holderKey : r.clientKey} />
      </span>
      <span className="muted">
        {' · '}
        {period}
        {r.revokedOn && ` · ${t('relations.revokedOn', { date: formatDate(r.revokedOn, lang) })}`}
        {r.cancelled && ` · ${t('relations.cancelled')}`}
        {r.basis && ` · ${t('relations.basis')}: ${r.basis}`}
      </span>
      {children}
    </li>
  );
}

const FIELDS = ['/holderKey', '/start', '/end', '/basis', '/reason', '/scopes'] as const;

function RecordRelation({
  clientKey,
  kind,
  guardians,
  onStored,
}: {
  clientKey: string;
  kind: Kind;
  guardians: PersonRelation[];
  onStored: (r: PersonRelation) => void;
}) {
  const { t } = useTranslation();
  const d = useStepDialog(() => ({
    hetu: '',
    guardian: '',
    start: finnishToday(),
    end: '',
    basis: 'child_welfare_restriction',
    reason: '',
  }));
  const { hetu, start, end, basis, reason } = d.values;
  const id = `record-${kind.replace('_', '-')}`;
  const bar = kind === 'guardian_bar';
  const chosenGuardian = d.values.guardian || guardians[0]?.holderKey || '';
  // A bar names one of the guardians shown; without any shown (none recorded, or the relations are
  // not readable to this login) the guardian is given by identity code and the server decides.
  const pick = bar && guardians.length > 0;
  const title = t(`relations.record.${kind}`);

  /** The holder: the guardian chosen, or the person found by identity code. */
  const holder = async (): Promise<string | undefined> => {
    if (pick) return chosenGuardian || undefined;
    const found = await api.findByHetu(hetu.trim().toUpperCase());
    return found[0]?.clientKey;
  };

  return (
    <StepDialog
      dialog={d}
      id={id}
      trigger={{
        text: title,
        className: `${id}-open`,
        onOpen: () => d.reset('hetu', 'start', 'end', 'reason'),
      }}
      title={title}
      intro={t(`relations.intro.${kind}`)}
      submitText={title}
      fieldPaths={FIELDS}
      onSubmit={async () => {
        const missing = requiredAt(t('steps.required'), {
          ...(pick ? {} : { '/holderKey': hetu }),
          '/start': start,
          '/reason': reason,
          ...(bar ? { '/basis': basis } : {}),
        });
        if (missing.length > 0) return missing;
        const holderKey = await holder();
        if (!holderKey) {
          return [
            {
              path: '/holderKey',
              message: pick ? t('relations.noGuardian') : t('relations.noPerson'),
              code: 'unknown_person',
            },
          ];
        }
        const body: RecordRelationBody = {
          kind,
          holderKey,
          start: start.trim(),
          ...(end.trim() ? { end: end.trim() } : {}),
          ...(kind === 'mandate' ? { scopes: [MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS] } : {}),
          ...(bar ? { basis: basis.trim() } : {}),
          reason: reason.trim(),
        };
        onStored(await api.recordRelation(clientKey, body));
        return undefined;
      }}
    >
      {(errorAt) => (
        <>
          {pick ? (
            <Dropdown
              id={`${id}-holder`}
              labelText={t('relations.guardian')}
              value={chosenGuardian}
              onChange={(v) => d.set('guardian', v)}
              {...errorAt('/holderKey')}
            >
              {guardians.map((g) => (
                <DropdownItem key={g.holderKey} value={g.holderKey}>
                  <PersonNameOf clientKey={g.holderKey} />
                </DropdownItem>
              ))}
            </Dropdown>
          ) : (
            <TextInput
              id={`${id}-holder`}
              labelText={t(kind === 'mandate' ? 'relations.agentHetu' : 'relations.guardianHetu')}
              hintText={t('search.hetuHint')}
              {...d.bind('hetu')}
              {...errorAt('/holderKey')}
            />
          )}
          <DayInput
            id={`${id}-start`}
            label={t('relations.start')}
            path="/start"
            errorAt={errorAt}
            field={d.bind('start')}
          />
          <DayInput
            id={`${id}-end`}
            label={t('relations.end')}
            optional
            path="/end"
            errorAt={errorAt}
            field={d.bind('end')}
          />
          {bar && (
            <TextInput
              id={`${id}-basis`}
              labelText={t('relations.basis')}
              hintText={t('relations.basisHint')}
              {...d.bind('basis')}
              {...errorAt('/basis')}
            />
          )}
          <TextInput
            id={`${id}-reason`}
            labelText={t('relations.reason')}
            hintText={t(`relations.reasonHint.${kind}`)}
            {...d.bind('reason')}
            {...errorAt('/reason')}
          />
        </>
      )}
    </StepDialog>
  );
}

/**
 * The next version of a relation: it ends on a day, or it is withdrawn as recorded in error (it
 * never held). The version it follows is sent, so a change made meanwhile is a 409, not lost.
 */
function ChangeRelation({
  relation: r,
  onStored,
}: {
  relation: PersonRelation;
  onStored: (r: PersonRelation) => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const d = useStepDialog(() => ({ change: 'end', end: finnishToday(), reason: '' }));
  const { change, end, reason } = d.values;
  const id = `change-relation-${r.relationId}`;
  const label = t('relations.changeOf', {
    kind: t(`relations.kinds.${r.kind}`),
    date: formatDate(r.start, lang),
  });
  return (
    <>
      {' '}
      <StepDialog
        dialog={d}
        id={id}
        trigger={{
          text: t('relations.change'),
          className: 'change-relation',
          variant: 'secondaryNoBorder',
          label,
          onOpen: () => d.reset(),
        }}
        title={label}
        intro={t('relations.changeIntro')}
        submitText={t('steps.save')}
        fieldPaths={['/end', '/cancelled', '/reason']}
        onSubmit={async () => {
          const missing = requiredAt(t('steps.required'), {
            ...(change === 'end' ? { '/end': end } : {}),
            '/reason': reason,
          });
          if (missing.length > 0) return missing;
          onStored(
            await api.relationVersion(r.clientKey, r.relationId, {
              ...(change === 'end' ? { end: end.trim() } : { cancelled: true }),
              expectedVersion: r.version,
              reason: reason.trim(),
            }),
          );
          return undefined;
        }}
      >
        {(errorAt, groupErrorAt) => (
          <>
            <RadioButtonGroup
              labelText={t('relations.changeKind')}
              name={`${id}-kind`}
              value={change}
              onChange={(v) => d.set('change', v)}
              {...groupErrorAt('/cancelled')}
            >
              <RadioButton value="end">{t('relations.endIt')}</RadioButton>
              <RadioButton value="cancel" hintText={t('relations.cancelItHint')}>
                {t('relations.cancelIt')}
              </RadioButton>
            </RadioButtonGroup>
            {change === 'end' && (
              <DayInput
                id={`${id}-end`}
                label={t('relations.end')}
                path="/end"
                errorAt={errorAt}
                field={d.bind('end')}
              />
            )}
            <TextInput
              id={`${id}-reason`}
              labelText={t('relations.reason')}
              {...d.bind('reason')}
              {...errorAt('/reason')}
            />
          </>
        )}
      </StepDialog>
    </>
  );
}
