// Register usage rights (rekisterinkäyttöoikeus). On the organizer's side: the rights recorded on a
// client's clienthood, opening one for a producer's service unit and ending it, each a version of
// the clienthood document. On the producer's side: the clients its units hold rights for, and the
// organizers' notices (which client, which case, from when), acknowledged one by one.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Heading, LoadingSpinner, Paragraph, RouterLink, StaticChip } from 'suomifi-ui-components';
import {
  api,
  type Clienthood,
  CODE_SETS,
  reference,
  type ServiceUnit,
  type UsageRight,
  type UsageRightChange,
  type UsageRightNotice,
} from '../api/index.ts';
import { finnishToday, openCasesOf } from '../client-data.ts';
import { caseLabel, codeName, useCodeSet } from '../components/codes.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import type { RecordNotice } from '../components/RecordNotice.tsx';
import {
  ChoiceWithNone,
  DayInput,
  requiredAt,
  ServiceTaskChoice,
  StepDialog,
  useStepDialog,
} from '../components/step-dialog.tsx';
import { formatDate, formatInstant, nameIn, personName } from '../format.ts';
import { useAsync, useLanguage } from '../hooks.ts';
import type { Language } from '../i18n/index.ts';
import { href } from '../router.ts';
import { useSession } from '../session.tsx';
import type { OnStep } from './ClienthoodActions.tsx';

function unitName(units: readonly ServiceUnit[] | undefined, oid: string, lang: Language): string {
  const u = units?.find((x) => x.oid === oid);
  return u ? (lang === 'sv' && u.nameSv) || u.nameFi : oid;
}

/** "Perhekoti Kuusela (Hoivapolku Oy)": a unit with its organization, as far as the registry names them. */
function useUnitLabel(organizationOid: string, unitOid: string): string {
  const lang = useLanguage();
  const units = useAsync(() => reference.serviceUnits(organizationOid), [organizationOid]);
  const org = useAsync(() => reference.organization(organizationOid), [organizationOid]);
  const unit = unitName(units.state === 'done' ? units.value : undefined, unitOid, lang);
  return org.state === 'done' ? `${unit} (${org.value.name})` : unit;
}

/** The rights on one clienthood, with the organizer's steps. */
export function UsageRightsOnClienthood({
  clienthood: c,
  clientKey,
  round,
  onStep,
}: {
  clienthood: Clienthood;
  clientKey: string;
  round: number;
  onStep: OnStep;
}) {
  const { t } = useTranslation();
  const { actor } = useSession();
  const rights = useAsync(
    () => api.clientUsageRights(c.registerId, clientKey),
    [c.registerId, clientKey, round],
  );
  // Only the organizer records rights; a producer reading the clienthood sees them, without steps.
  const organizer = actor.organizationOid === c.registrarOid && !c.ended;
  return (
    <div className="usage-rights">
      <Heading variant="h3" mt="s" mb="xs">
        {t('rights.title')}
      </Heading>
      {rights.state === 'loading' && (
        <LoadingSpinner text={t('app.loading')} status="loading" variant="small" />
      )}
      {rights.state === 'error' && <ErrorMessage error={rights.error} />}
      {rights.state === 'done' && rights.value.length === 0 && <Paragraph>{t('rights.none')}</Paragraph>}
      {rights.state === 'done' && rights.value.length > 0 && (
        <ul className="usage-right-list">
          {rights.value.map((r) => (
            <RightItem
              key={`${r.serviceUnitOid}-${r.serviceTask}-${r.start}`}
              right={r}
              clienthood={c}
              organizer={organizer}
              onStep={onStep}
            />
          ))}
        </ul>
      )}
      {organizer && <OpenUsageRight clienthood={c} clientKey={clientKey} onStep={onStep} />}
    </div>
  );
}

function RightItem({
  right: r,
  clienthood,
  organizer,
  onStep,
}: {
  right: UsageRight;
  clienthood: Clienthood;
  organizer: boolean;
  onStep: OnStep;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tasks = useCodeSet(CODE_SETS.serviceTask);
  const unit = useUnitLabel(r.holderOrganizationOid, r.serviceUnitOid);
  const today = finnishToday();
  const endable = organizer && (r.end === undefined || r.end >= today);
  return (
    <li data-testid="usage-right" data-in-force={r.inForce ? 'true' : 'false'}>
      <strong>{unit}</strong>{' '}
      {r.inForce ? (
        <StaticChip className="right-in-force">{t('rights.inForce')}</StaticChip>
      ) : (
        <span className="muted">
          {r.end !== undefined && r.end < today ? t('rights.ended') : t('rights.ahead')}
        </span>
      )}
      <br />
      <span className="muted">
        {codeName(tasks, r.serviceTask, lang)} · {formatDate(r.start, lang)} –{' '}
        {r.end ? formatDate(r.end, lang) : t('client.ongoing')}
        {r.broad ? ` · ${t('rights.broad')}` : ''}
      </span>
      {endable && <EndUsageRight right={r} clienthood={clienthood} unit={unit} onStep={onStep} />}
    </li>
  );
}

/** The organizer's notice of a usage-right step: the clienthood version it stored. */
function rightNotice(change: UsageRightChange, step: string): RecordNotice {
  return { record: 'clienthood', setId: change.clienthood.setId, version: change.clienthood.version, step };
}

function OpenUsageRight({
  clienthood: c,
  clientKey,
  onStep,
}: {
  clienthood: Clienthood;
  clientKey: string;
  onStep: OnStep;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { actor } = useSession();
  const services = useCodeSet(CODE_SETS.socialService);
  const tasks = useCodeSet(CODE_SETS.serviceTask);
  const openTasks = c.serviceTasks.filter((s) => !s.end).map((s) => s.serviceTask);
  const d = useStepDialog(() => ({
    serviceTask: '',
    organizationOid: '',
    unitOid: '',
    socialService: '',
    caseOid: '',
    start: finnishToday(),
    end: '',
  }));
  const { organizationOid, unitOid, socialService, caseOid, start, end } = d.values;
  const task = d.values.serviceTask || openTasks[0] || '';
  const organizations = useAsync(async () => (d.open ? reference.organizations() : []), [d.open]);
  const producers =
    organizations.state === 'done' ? organizations.value.filter((o) => o.oid !== actor.organizationOid) : [];
  const units = useAsync(
    async () => (organizationOid ? reference.serviceUnits(organizationOid) : []),
    [organizationOid],
  );
  const cases = useAsync(async () => (d.open ? openCasesOf(clientKey) : []), [d.open, clientKey]);
  const caseChoices = cases.state === 'done' ? cases.value.filter((k) => k.case.serviceTask === task) : [];
  if (openTasks.length === 0) return null;
  return (
    <StepDialog
      dialog={d}
      id="open-usage-right"
      trigger={{ text: t('rights.open'), className: 'open-usage-right' }}
      title={t('rights.open')}
      intro={t('rights.openIntro')}
      submitText={t('rights.open')}
      fieldPaths={['/serviceTask', '/serviceUnitOid', '/socialServices/0', '/start', '/end', '/caseOid']}
      onSubmit={async () => {
        const missing = requiredAt(t('steps.required'), { '/serviceUnitOid': unitOid, '/start': start });
        if (missing.length > 0) return missing;
        const change = await api.openUsageRight(c.registerId, clientKey, {
          serviceTask: task,
          serviceUnitOid: unitOid,
          start: start.trim(),
          ...(socialService ? { socialServices: [socialService] } : {}),
          ...(end.trim() ? { end: end.trim() } : {}),
          ...(caseOid ? { caseOid } : {}),
        });
        onStep(rightNotice(change, t('rights.opened', { count: change.notices.length })));
        return undefined;
      }}
    >
      {(errorAt) => (
        <>
          <ServiceTaskChoice
            id="open-usage-right-task"
            tasks={openTasks}
            value={task}
            onChange={(v) => d.set('serviceTask', v)}
            path="/serviceTask"
            errorAt={errorAt}
          />
          <ChoiceWithNone
            id="open-usage-right-organization"
            label={t('rights.producer')}
            none={t('rights.chooseProducer')}
            value={organizationOid}
            onChange={(v) => {
              d.set('organizationOid', v);
              d.set('unitOid', '');
            }}
            items={producers.map((o) => ({ value: o.oid, label: o.name }))}
          />
          <ChoiceWithNone
            id="open-usage-right-unit"
            label={t('rights.unit')}
            none={t('rights.chooseUnit')}
            value={unitOid}
            onChange={(v) => d.set('unitOid', v)}
            items={(units.state === 'done' ? units.value : []).map((u) => ({
              value: u.oid,
              label: unitName([u], u.oid, lang),
            }))}
            error={errorAt('/serviceUnitOid')}
          />
          <ChoiceWithNone
            id="open-usage-right-service"
            label={t('rights.socialService')}
            none={t('form.notRecorded')}
            optional
            value={socialService}
            onChange={(v) => d.set('socialService', v)}
            items={[...services.values()].map((x) => ({
              value: x.code,
              label: `${nameIn(x.names, lang)} (${x.code})`,
            }))}
            error={errorAt('/socialServices/0')}
          />
          <ChoiceWithNone
            id="open-usage-right-case"
            label={t('rights.case')}
            none={t('record.noCase')}
            optional
            value={caseOid}
            onChange={(v) => d.set('caseOid', v)}
            items={caseChoices.map((k) => ({ value: k.case.caseOid, label: caseLabel(k, tasks, lang) }))}
            error={errorAt('/caseOid')}
          />
          <DayInput
            id="open-usage-right-start"
            label={t('steps.start')}
            hint={t('rights.startHint')}
            path="/start"
            errorAt={errorAt}
            field={d.bind('start')}
          />
          <DayInput
            id="open-usage-right-end"
            label={t('steps.end')}
            optional
            path="/end"
            errorAt={errorAt}
            field={d.bind('end')}
          />
        </>
      )}
    </StepDialog>
  );
}

function EndUsageRight({
  right: r,
  clienthood: c,
  unit,
  onStep,
}: {
  right: UsageRight;
  clienthood: Clienthood;
  unit: string;
  onStep: OnStep;
}) {
  const { t } = useTranslation();
  const d = useStepDialog(() => ({ end: finnishToday() }));
  return (
    <>
      {' '}
      <StepDialog
        dialog={d}
        id="end-usage-right"
        trigger={{
          text: t('rights.end'),
          className: 'end-usage-right',
          variant: 'secondaryNoBorder',
          label: t('rights.endOf', { unit }),
        }}
        title={t('rights.endOf', { unit })}
        intro={t('rights.endIntro')}
        submitText={t('rights.end')}
        fieldPaths={['/end']}
        onSubmit={async () => {
          const missing = requiredAt(t('steps.required'), { '/end': d.values.end });
          if (missing.length > 0) return missing;
          const change = await api.endUsageRight(c.registerId, c.clientKey, {
            serviceTask: r.serviceTask,
            serviceUnitOid: r.serviceUnitOid,
            end: d.values.end.trim(),
          });
          onStep(rightNotice(change, t('rights.endedStep')));
          return undefined;
        }}
      >
        {(errorAt) => (
          <DayInput
            id="end-usage-right-date"
            label={t('rights.lastDay')}
            path="/end"
            errorAt={errorAt}
            field={d.bind('end')}
          />
        )}
      </StepDialog>
    </>
  );
}

/** The producer's page: the organizers' notices and the clients its units hold rights for. */
export function HeldRightsPage() {
  const { t } = useTranslation();
  const [round, setRound] = useState(0);
  const notices = useAsync(() => api.usageRightNotices(), [round]);
  const rights = useAsync(() => api.heldUsageRights(true), [round]);
  return (
    <div className="held-rights-page">
      <PageHeading>{t('rights.heldTitle')}</PageHeading>
      <Paragraph mb="m">{t('rights.heldIntro')}</Paragraph>
      <section aria-labelledby="notices-heading">
        <Heading variant="h2" id="notices-heading" mb="s">
          {t('rights.notices')}
        </Heading>
        {notices.state === 'loading' && (
          <LoadingSpinner text={t('app.loading')} status="loading" variant="small" />
        )}
        {notices.state === 'error' && <ErrorMessage error={notices.error} />}
        {notices.state === 'done' && notices.value.length === 0 && (
          <Paragraph>{t('rights.noNotices')}</Paragraph>
        )}
        {notices.state === 'done' && notices.value.length > 0 && (
          <ul className="notice-list">
            {notices.value.map((n) => (
              <NoticeItem key={n.noticeId} notice={n} onAcknowledged={() => setRound((r) => r + 1)} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="held-heading">
        <Heading variant="h2" id="held-heading" mt="l" mb="s">
          {t('rights.clients')}
        </Heading>
        {rights.state === 'loading' && (
          <LoadingSpinner text={t('app.loading')} status="loading" variant="small" />
        )}
        {rights.state === 'error' && <ErrorMessage error={rights.error} />}
        {rights.state === 'done' && rights.value.length === 0 && (
          <Paragraph>{t('rights.noClients')}</Paragraph>
        )}
        {rights.state === 'done' && rights.value.length > 0 && (
          <table className="documents-table held-rights">
            <thead>
              <tr>
                <th scope="col">{t('rights.client')}</th>
                <th scope="col">{t('rights.organizer')}</th>
                <th scope="col">{t('rights.unit')}</th>
                <th scope="col">{t('steps.serviceTask')}</th>
                <th scope="col">{t('rights.period')}</th>
                <th scope="col">{t('rights.state')}</th>
              </tr>
            </thead>
            <tbody>
              {rights.value.map((r) => (
                <HeldRow key={`${r.clientKey}-${r.serviceUnitOid}-${r.serviceTask}-${r.start}`} right={r} />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function ClientName({ clientKey }: { clientKey: string }) {
  const person = useAsync(() => api.person(clientKey), [clientKey]);
  return <>{person.state === 'done' ? personName(person.value) : clientKey}</>;
}

function OrganizationName({ oid }: { oid: string }) {
  const org = useAsync(() => reference.organization(oid), [oid]);
  return <>{org.state === 'done' ? org.value.name : oid}</>;
}

function HeldRow({ right: r }: { right: UsageRight }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tasks = useCodeSet(CODE_SETS.serviceTask);
  const unit = useUnitLabel(r.holderOrganizationOid, r.serviceUnitOid);
  const today = finnishToday();
  return (
    <tr data-testid="held-right">
      <td>
        <RouterLink href={href.client(r.clientKey)}>
          <ClientName clientKey={r.clientKey} />
        </RouterLink>
      </td>
      <td>
        <OrganizationName oid={r.registrarOid} />
      </td>
      <td>{unit}</td>
      <td>{codeName(tasks, r.serviceTask, lang)}</td>
      <td>
        {formatDate(r.start, lang)} – {r.end ? formatDate(r.end, lang) : t('client.ongoing')}
      </td>
      <td>
        {r.inForce
          ? t('rights.inForce')
          : r.end !== undefined && r.end < today
            ? t('rights.ended')
            : t('rights.ahead')}
      </td>
    </tr>
  );
}

function NoticeItem({ notice: n, onAcknowledged }: { notice: UsageRightNotice; onAcknowledged: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tasks = useCodeSet(CODE_SETS.serviceTask);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const kind =
    n.kind === 'opened'
      ? t('rights.noticeOpened')
      : n.kind === 'ended'
        ? t('rights.noticeEnded')
        : t('rights.noticeChanged');
  return (
    <li data-testid="notice" data-kind={n.kind}>
      <strong>{kind}</strong>: <ClientName clientKey={n.clientKey} /> ·{' '}
      <OrganizationName oid={n.registrarOid} /> · {codeName(tasks, n.serviceTask, lang)} ·{' '}
      {formatDate(n.start, lang)} – {n.end ? formatDate(n.end, lang) : t('client.ongoing')}
      {n.caseOid && ` · ${t('rights.caseGiven')}`}
      <br />
      <span className="muted">{t('rights.noticeRecorded', { time: formatInstant(n.recordedAt, lang) })}</span>{' '}
      <RouterLink href={href.client(n.clientKey)}>{t('rights.openClient')}</RouterLink>{' '}
      <Button
        variant="secondaryNoBorder"
        disabled={busy}
        className="acknowledge"
        onClick={async () => {
          setBusy(true);
          setFailure(undefined);
          try {
            await api.acknowledgeNotice(n.noticeId);
            onAcknowledged();
          } catch (err) {
            setFailure(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        {t('rights.acknowledge')}
      </Button>
      {failure !== undefined && <ErrorMessage error={failure} />}
    </li>
  );
}
