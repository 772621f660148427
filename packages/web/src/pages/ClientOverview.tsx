// The client overview: who the client is (with the turvakielto marker), their clienthood with its
// service tasks and personal worker, their open cases, and the client data summary.

import { activeMembers } from '@varanto/domain/records';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Heading,
  InlineAlert,
  LoadingSpinner,
  Paragraph,
  RouterLink,
  StaticChip,
} from 'suomifi-ui-components';
import { api, CODE_SETS, type Person } from '../api/index.ts';
import { clienthoodsOf, type OpenCase, openCasesOf } from '../client-data.ts';
import { caseLabel, codeName, useCodeSet } from '../components/codes.ts';
import { DocumentList } from '../components/DocumentList.tsx';
import { ErrorMessage, useRuleText } from '../components/ErrorMessage.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { type RecordNotice, RecordNoticeView } from '../components/RecordNotice.tsx';
import { RelationsPanel } from '../components/RelationsPanel.tsx';
import { WhyHidden } from '../components/WhyHidden.tsx';
import { formatDate, personIdentifier, personName } from '../format.ts';
import { type Async, useAsync, useLanguage } from '../hooks.ts';
import { addRecentClient } from '../recent.ts';
import { href } from '../router.ts';
import { useSession } from '../session.tsx';
import { AddCaseMember, CloseCase, LeaveCase, OpenCaseButton } from './CaseActions.tsx';
import { ClienthoodSteps, EndServiceTask, type OnStep, OpenClienthood } from './ClienthoodActions.tsx';
import { UsageRightsOnClienthood } from './UsageRights.tsx';

export function ClientOverview({ clientKey }: { clientKey: string }) {
  const { t } = useTranslation();
  const { actor } = useSession();
  const person = useAsync(() => api.person(clientKey), [clientKey]);
  // Each step on the clienthood or a case adds a version: everything shown is read again after it.
  const [round, setRound] = useState(0);
  const [notice, setNotice] = useState<RecordNotice>();
  const cases = useAsync(() => openCasesOf(clientKey), [clientKey, round]);
  const onStep: OnStep = (n) => {
    setNotice(n);
    setRound((r) => r + 1);
  };

  useEffect(() => {
    if (person.state === 'done') {
      const p = person.value;
      addRecentClient(actor.professionalId, {
        clientKey: p.clientKey,
        name: personName(p),
        identifier: personIdentifier(p),
      });
    }
  }, [person, actor.professionalId]);

  if (person.state === 'loading')
    return <LoadingSpinner text={t('app.loading')} status="loading" variant="small" />;
  if (person.state === 'error') {
    return (
      <>
        <PageHeading>{t('client.overview')}</PageHeading>
        <ErrorMessage error={person.error} />
      </>
    );
  }
  const p = person.value;
  return (
    <div className="client-overview">
      <PageHeading>
        <span className="client-name">{personName(p)}</span>
        {p.turvakielto && (
          <StaticChip className="protected-marker" ml="s">
            {t('client.protected')}
          </StaticChip>
        )}
      </PageHeading>
      <div className="overview-actions">
        <RouterLink href={href.record(clientKey)} className="record-link">
          {t('client.newDocument')}
        </RouterLink>
      </div>
      {notice && <RecordNoticeView clientKey={clientKey} notice={notice} />}
      <div className="overview-grid">
        <PersonFacts person={p} />
        <RelationsPanel clientKey={clientKey} />
        <ClienthoodSection
          clientKey={clientKey}
          round={round}
          onStep={onStep}
          onAccessChanged={() => setRound((r) => r + 1)}
        />
        <CasesSection clientKey={clientKey} cases={cases} onStep={onStep} />
      </div>
      <DocumentList
        clientKey={clientKey}
        cases={cases.state === 'done' ? cases.value : []}
        refresh={round}
        onAccessChanged={() => setRound((r) => r + 1)}
      />
    </div>
  );
}

function PersonFacts({ person: p }: { person: Person }) {
  const { t } = useTranslation();
  const ruleText = useRuleText();
  const lang = useLanguage();
  const address = p.address
    ? [p.address.street, [p.address.postalCode, p.address.postOffice].filter(Boolean).join(' ')]
        .filter(Boolean)
        .join(', ')
    : '';
  return (
    <section className="overview-card" aria-labelledby="identity-heading">
      <Heading variant="h2" id="identity-heading" mb="s">
        {t('client.identity')}
      </Heading>
      {p.turvakielto && (
        <InlineAlert status="warning" className="protected-note" mb="s">
          {p.withheld ? t('client.protectedNote') : t('client.protectedShown')}
        </InlineAlert>
      )}
      <dl className="facts">
        {p.hetu && (
          <div>
            <dt>{t('client.hetu')}</dt>
            <dd data-testid="client-hetu">{p.hetu}</dd>
          </div>
        )}
        {p.temporaryId && (
          <div>
            <dt>{t('client.temporaryId')}</dt>
            <dd>{p.temporaryId.value}</dd>
          </div>
        )}
        {p.birthDate && (
          <div>
            <dt>{t('client.birthDate')}</dt>
            <dd>{formatDate(p.birthDate, lang)}</dd>
          </div>
        )}
        {p.homeMunicipality && (
          <div>
            <dt>{t('client.municipality')}</dt>
            <dd>{p.homeMunicipality}</dd>
          </div>
        )}
        {address && (
          <div>
            <dt>{t('client.address')}</dt>
            <dd data-testid="client-address">{address}</dd>
          </div>
        )}
        {p.withheld && (
          <div>
            <dt>{t('client.withheld')}</dt>
            <dd data-testid="withheld" data-rule={p.withheld.rule}>
              {p.withheld.fields
                .map((f) =>
                  f === 'address'
                    ? t('client.address')
                    : f === 'homeMunicipality'
                      ? t('client.municipality')
                      : f,
                )
                .join(', ')}
              <br />
              <span className="muted">{ruleText(p.withheld.rule)}</span>
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}

function ClienthoodSection({
  clientKey,
  round,
  onStep,
  onAccessChanged,
}: {
  clientKey: string;
  round: number;
  onStep: OnStep;
  onAccessChanged: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { actor } = useSession();
  const tasks = useCodeSet(CODE_SETS.serviceTask);
  const found = useAsync(() => clienthoodsOf(clientKey), [clientKey, round]);
  // A clienthood with a registrar of this login is not shown when it is not readable; opening one
  // then fails with the rule that says so (one clienthood per client and registrar).
  const ownVisible =
    found.state === 'done' &&
    found.value.some((c) => actor.registrarOids.includes(c.clienthood.registrarOid));
  return (
    <section className="overview-card" aria-labelledby="clienthood-heading">
      <Heading variant="h2" id="clienthood-heading" mb="s">
        {t('client.clienthood')}
      </Heading>
      {found.state === 'loading' && (
        <LoadingSpinner text={t('app.loading')} status="loading" variant="small" />
      )}
      {found.state === 'error' && <ErrorMessage error={found.error} />}
      {found.state === 'done' && found.value.length === 0 && (
        <>
          <Paragraph>{t('client.noClienthood')}</Paragraph>
          <Paragraph className="muted">{t('why.noClienthood')}</Paragraph>
          <WhyHidden
            id="why-clienthood"
            clientKey={clientKey}
            documentType="1505.1"
            serviceTask={actor.serviceTasks[0] ?? ''}
            onCareRelation={onAccessChanged}
          />
        </>
      )}
      {found.state === 'done' && !ownVisible && <OpenClienthood clientKey={clientKey} onStep={onStep} />}
      {found.state === 'done' &&
        found.value.map(({ clienthood: c, facts }) => (
          <div key={c.clienthoodOid} className="clienthood">
            <dl className="facts">
              <div>
                <dt>{t('client.started')}</dt>
                <dd>{formatDate(c.started, lang)}</dd>
              </div>
              {c.ended && (
                <div>
                  <dt>{t('client.ended')}</dt>
                  <dd>{formatDate(c.ended, lang)}</dd>
                </div>
              )}
              <div>
                <dt>{t('client.personalWorker')}</dt>
                <dd data-testid="personal-worker">
                  {facts?.personalWorker
                    ? `${facts.personalWorker.givenNames} ${facts.personalWorker.familyName}`
                    : c.personalWorkerId
                      ? '–'
                      : t('client.noPersonalWorker')}
                </dd>
              </div>
            </dl>
            <Heading variant="h3" mt="s" mb="xs">
              {t('client.serviceTasks')}
            </Heading>
            <ul className="service-tasks">
              {c.serviceTasks.map((s) => (
                <li key={`${s.serviceTask}-${s.start}`} data-testid="service-task">
                  <strong>{codeName(tasks, s.serviceTask, lang)}</strong>{' '}
                  <span className="muted">
                    {formatDate(s.start, lang)} – {s.end ? formatDate(s.end, lang) : t('client.ongoing')}
                  </span>
                  {!s.end && (
                    <>
                      {' '}
                      <EndServiceTask
                        clienthood={c}
                        serviceTask={s.serviceTask}
                        taskName={codeName(tasks, s.serviceTask, lang)}
                        onStep={onStep}
                      />
                    </>
                  )}
                </li>
              ))}
            </ul>
            <ClienthoodSteps
              found={{ clienthood: c, ...(facts ? { facts } : {}) }}
              clientKey={clientKey}
              onStep={onStep}
            />
            <UsageRightsOnClienthood clienthood={c} clientKey={clientKey} round={round} onStep={onStep} />
          </div>
        ))}
    </section>
  );
}

function CasesSection({
  clientKey,
  cases,
  onStep,
}: {
  clientKey: string;
  cases: Async<OpenCase[]>;
  onStep: OnStep;
}) {
  const { actor } = useSession();
  const { t } = useTranslation();
  const lang = useLanguage();
  const tasks = useCodeSet(CODE_SETS.serviceTask);
  return (
    <section className="overview-card" aria-labelledby="cases-heading">
      <Heading variant="h2" id="cases-heading" mb="s">
        {t('client.cases')}
      </Heading>
      {cases.state === 'loading' && (
        <LoadingSpinner text={t('app.loading')} status="loading" variant="small" />
      )}
      {cases.state === 'error' && <ErrorMessage error={cases.error} />}
      {cases.state === 'done' && cases.value.length === 0 && <Paragraph>{t('client.noCases')}</Paragraph>}
      {cases.state === 'done' && cases.value.length > 0 && (
        <ul className="cases">
          {cases.value.map((c) => {
            const members = c.case.members.filter((m) => m.leftAt === undefined).length;
            const names = c.facts
              ? activeMembers(c.facts).map((m) => `${m.person.givenNames} ${m.person.familyName}`)
              : [];
            return (
              <li key={c.case.caseOid} data-testid="open-case">
                <strong>{caseLabel(c, tasks, lang)}</strong>
                <br />
                <span className="muted">{codeName(tasks, c.case.serviceTask, lang)}</span>
                {c.case.shared && (
                  <>
                    <br />
                    <StaticChip className="shared-case">
                      {`${t('client.sharedCase')} · ${t('client.members', { count: members })}`}
                    </StaticChip>
                    {names.length > 0 && <span className="case-members"> {names.join(', ')}</span>}
                  </>
                )}
                {actor.registrarOids.includes(c.case.registrarOid) && (
                  <div className="case-steps">
                    <AddCaseMember kase={c.case} label={caseLabel(c, tasks, lang)} onStep={onStep} />
                    {c.case.shared && (
                      <LeaveCase
                        kase={c.case}
                        label={caseLabel(c, tasks, lang)}
                        clientKey={clientKey}
                        onStep={onStep}
                      />
                    )}
                    <CloseCase kase={c.case} label={caseLabel(c, tasks, lang)} onStep={onStep} />
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <OpenCaseButton clientKey={clientKey} onStep={onStep} />
    </section>
  );
}
