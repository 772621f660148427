// The citizen portal (`#/oma`): a client, or a guardian or agent acting for someone, reads the
// records shown to them, their clienthoods and cases, who handled their data, and follows the errors
// they reported. Its own look (citizen.css) and words (texts.ts); what is shown is the server's
// decision — the page never filters anything itself.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import {
  Button,
  Heading,
  InlineAlert,
  LoadingSpinner,
  Paragraph,
  Textarea,
  TextInput,
} from 'suomifi-ui-components';
import { ApiError, NetworkError } from '../api/http.ts';
import { LanguageSwitcher } from '../components/LanguageSwitcher.tsx';
import { SafeXhtml } from '../components/SafeXhtml.tsx';
import { type Async, useAsync, useLanguage, usePagedList } from '../hooks.ts';
import { citizenApi, type DocumentSummary, type LogEntry, type LogQuery, logCsvUrl, type Me } from './api.ts';
import './citizen.css';
import { type CitizenPage, type CitizenRoute, citizenHref, parseCitizenRoute } from './route.ts';
import { actionKey, fill, TEXTS, type Texts } from './texts.ts';

function useTexts(): Texts {
  return TEXTS[useLanguage()];
}

function useCitizenRoute(): CitizenRoute {
  const [route, setRoute] = useState(() => parseCitizenRoute(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseCitizenRoute(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

function formatDate(iso: string, lang: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'sv' ? 'sv-FI' : lang === 'en' ? 'en-GB' : 'fi-FI', {
    dateStyle: 'medium',
    ...(iso.length > 10 ? { timeStyle: 'short', timeZone: 'Europe/Helsinki' } : {}),
  }).format(d);
}

function localized(n: { fi: string; sv?: string; en?: string } | undefined, lang: string): string {
  if (!n) return '';
  return (lang === 'sv' ? n.sv : lang === 'en' ? n.en : undefined) ?? n.fi;
}

function Problem({ error }: { error: unknown }) {
  const x = useTexts();
  const text =
    error instanceof ApiError
      ? error.status === 404
        ? x.errors.notFound
        : error.status === 401
          ? x.errors.session
          : (error.problem.detail ?? x.errors.generic)
      : error instanceof NetworkError
        ? x.errors.network
        : x.errors.generic;
  return (
    <InlineAlert status="error" className="citizen-problem">
      {text}
    </InlineAlert>
  );
}

function Loading<T>({ result, children }: { result: Async<T>; children: (value: T) => React.ReactNode }) {
  if (result.state === 'loading') return <LoadingSpinner text="…" status="loading" variant="small" />;
  if (result.state === 'error') return <Problem error={result.error} />;
  return <>{children(result.value)}</>;
}

// --- the shell ------------------------------------------------------------------------------------

export function CitizenApp() {
  const x = useTexts();
  const route = useCitizenRoute();
  const [me, setMe] = useState<Me | 'checking' | 'out'>('checking');

  const check = useCallback(() => {
    citizenApi.me().then(setMe, () => setMe('out'));
  }, []);
  useEffect(check, [check]);

  const logout = () => {
    void citizenApi.logout().finally(() => {
      setMe('out');
      window.location.hash = '#/oma';
    });
  };

  return (
    <div className="citizen">
      <header className="citizen-header">
        <div className="citizen-brand">
          <span className="citizen-name">{x.app.name}</span>
          <span className="citizen-tagline">{x.app.tagline}</span>
        </div>
        <div className="citizen-tools">
          <LanguageSwitcher />
          {typeof me === 'object' && (
            <Button variant="secondary" className="citizen-logout" onClick={logout}>
              {x.nav.logout}
            </Button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1} className="citizen-main">
        {me === 'checking' && <LoadingSpinner text="…" status="loading" variant="small" />}
        {me === 'out' && <Login onLogin={check} />}
        {typeof me === 'object' && <Portal me={me} route={route} />}
      </main>
      <footer className="citizen-footer">
        <span>{x.app.demo}</span>
        <a href="#/">{x.app.professionals}</a>
      </footer>
    </div>
  );
}

function Login({ onLogin }: { onLogin: () => void }) {
  const x = useTexts();
  const [hetu, setHetu] = useState('');
  const [missing, setMissing] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (hetu.trim() === '') {
      setMissing(true);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      await citizenApi.login(hetu.trim().toUpperCase());
      onLogin();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="citizen-login" aria-labelledby="citizen-login-title">
      <Heading variant="h1" id="citizen-login-title" mb="m">
        {x.login.title}
      </Heading>
      <Paragraph mb="m">{x.login.intro}</Paragraph>
      <form onSubmit={submit} noValidate>
        <TextInput
          id="citizen-hetu"
          labelText={x.login.hetu}
          hintText={x.login.hetuHint}
          autoComplete="off"
          value={hetu}
          onChange={(v) => {
            setHetu(String(v ?? ''));
            setMissing(false);
          }}
          {...(missing ? { status: 'error' as const, statusText: x.login.required } : {})}
        />
        {failure !== undefined && (
          <InlineAlert status="error" className="citizen-login-failed">
            {failure instanceof ApiError && failure.status === 401 ? x.login.failed : x.errors.generic}
          </InlineAlert>
        )}
        <Button type="submit" disabled={busy} className="citizen-login-submit">
          {x.login.submit}
        </Button>
      </form>
    </section>
  );
}

function Portal({ me, route }: { me: Me; route: CitizenRoute }) {
  const x = useTexts();
  const self = me.viewable.find((v) => v.basis === 'self');
  // Nobody to show (a child below the self-service age with nobody to act for): say so.
  if (me.viewable.length === 0) {
    return (
      <InlineAlert status="neutral" className="citizen-nothing">
        {x.whose.nothing}
      </InlineAlert>
    );
  }
  const as = route.as ?? (self ? undefined : me.viewable[0]!.clientKey);
  const whose = as === undefined ? self : me.viewable.find((v) => v.clientKey === as);
  const view = route.view;
  const tabs: { page: CitizenPage['page']; label: string }[] = [
    { page: 'documents', label: x.nav.documents },
    { page: 'services', label: x.nav.services },
    { page: 'log', label: x.nav.log },
    { page: 'reports', label: x.nav.reports },
  ];
  const current = view.page === 'document' ? 'documents' : view.page;
  return (
    <>
      <div className="citizen-whose">
        <span className="citizen-me">
          {fill(x.whose.loggedInAs, { name: `${me.person.givenNames} ${me.person.familyName}` })}
        </span>
        <label htmlFor="citizen-whose-select">{x.whose.label}</label>
        <select
          id="citizen-whose-select"
          value={as ?? ''}
          onChange={(e) => {
            window.location.hash = citizenHref(e.target.value || undefined, { page: 'documents' });
          }}
        >
          {me.viewable.map((v) => (
            <option key={v.clientKey} value={v.basis === 'self' ? '' : v.clientKey}>
              {v.basis === 'self'
                ? x.whose.own
                : fill(v.basis === 'guardian' ? x.whose.guardian : x.whose.mandate, {
                    name: `${v.givenNames} ${v.familyName}`,
                  })}
            </option>
          ))}
        </select>
      </div>
      {whose && whose.basis !== 'self' && (
        <InlineAlert status="warning" className="citizen-on-behalf">
          {fill(x.whose.onBehalf, { name: `${whose.givenNames} ${whose.familyName}` })}
        </InlineAlert>
      )}
      <nav className="citizen-tabs" aria-label={x.nav.label}>
        <ul>
          {tabs.map((tab) => (
            <li key={tab.page}>
              <a
                href={citizenHref(as, { page: tab.page } as CitizenPage)}
                aria-current={current === tab.page ? 'page' : undefined}
              >
                {tab.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {!whose ? (
        <Problem error={new ApiError(404, { type: 'not-found', title: 'Not found', status: 404 })} />
      ) : view.page === 'documents' ? (
        <Documents as={as} />
      ) : view.page === 'document' ? (
        <DocumentPage key={view.setId} as={as} setId={view.setId} />
      ) : view.page === 'services' ? (
        <Services as={as} />
      ) : view.page === 'log' ? (
        <Log key={as ?? 'self'} as={as} />
      ) : (
        <Reports as={as} />
      )}
    </>
  );
}

// --- documents ------------------------------------------------------------------------------------

const PAGE = 50;

function Documents({ as }: { as: string | undefined }) {
  const x = useTexts();
  const lang = useLanguage();
  const [task, setTask] = useState('');
  const counts = useAsync(() => citizenApi.counts(as), [as]);
  const { items, total, error, load } = usePagedList<DocumentSummary>(
    (offset) => citizenApi.documents(as, { ...(task ? { serviceTask: task } : {}), limit: PAGE, offset }),
    [as, task],
  );

  return (
    <section aria-labelledby="citizen-documents-title">
      <Heading variant="h1" id="citizen-documents-title" mb="s">
        {x.documents.title}
      </Heading>
      <Loading result={counts}>
        {(c) => (
          <>
            <Paragraph mb="s" className="citizen-total">
              {fill(x.documents.total, { count: c.total })}
            </Paragraph>
            {c.byServiceTask.length > 1 && (
              <div className="citizen-filter">
                <label htmlFor="citizen-task">{x.documents.filter}</label>
                <select id="citizen-task" value={task} onChange={(e) => setTask(e.target.value)}>
                  <option value="">{x.documents.all}</option>
                  {c.byServiceTask.map((t) => (
                    <option key={t.serviceTask} value={t.serviceTask}>
                      {`${localized(t.serviceTaskName, lang) || t.serviceTask} (${t.count})`}
                    </option>
                  ))}
                </select>
              </div>
            )}
          </>
        )}
      </Loading>
      {error !== undefined && <Problem error={error} />}
      {total === 0 && <Paragraph>{x.documents.none}</Paragraph>}
      {items.length > 0 && (
        <ul className="citizen-documents">
          {items.map((d) => (
            <li key={d.setId} className="citizen-document">
              <a
                href={citizenHref(as, { page: 'document', setId: d.setId })}
                className="citizen-document-link"
              >
                {localized(d.documentName, lang)}
              </a>
              <span className="citizen-document-date">{formatDate(d.documentDate, lang)}</span>
              <span className="citizen-document-unit">
                {(lang === 'sv' ? d.serviceUnit.nameSv : undefined) ??
                  d.serviceUnit.name ??
                  d.organization.name}
              </span>
              <span className="citizen-document-task">{localized(d.serviceTaskName, lang)}</span>
            </li>
          ))}
        </ul>
      )}
      {total !== undefined && items.length < total && (
        <Button variant="secondary" onClick={() => load(items.length)}>
          {x.documents.more}
        </Button>
      )}
      <Paragraph className="citizen-note" mt="m">
        {x.documents.notAll}
      </Paragraph>
    </section>
  );
}

function DocumentPage({ as, setId }: { as: string | undefined; setId: string }) {
  const x = useTexts();
  const lang = useLanguage();
  const doc = useAsync(() => citizenApi.document(as, setId), [as, setId]);
  const xhtml = useAsync(() => citizenApi.xhtml(as, setId), [as, setId]);
  return (
    <section aria-labelledby="citizen-document-title">
      <a href={citizenHref(as, { page: 'documents' })} className="citizen-back">
        {x.document.back}
      </a>
      <Loading result={doc}>
        {({ document: d }) => {
          const name = localized(d.documentName, lang);
          return (
            <>
              <Heading variant="h1" id="citizen-document-title" mb="s">
                {name}
              </Heading>
              <dl className="citizen-facts">
                <dt>{x.document.date}</dt>
                <dd>{formatDate(d.documentDate, lang)}</dd>
                <dt>{x.document.task}</dt>
                <dd>{localized(d.serviceTaskName, lang) || d.serviceTask}</dd>
                <dt>{x.document.unit}</dt>
                <dd>{d.serviceUnit.name ?? d.serviceUnit.oid}</dd>
                <dt>{x.document.organization}</dt>
                <dd>{d.organization.name ?? d.organization.oid}</dd>
                <dt>{x.document.registrar}</dt>
                <dd>{d.registrar.name ?? d.registrar.oid}</dd>
                <dt>{x.document.author}</dt>
                <dd>{d.authorName}</dd>
              </dl>
              <Loading result={xhtml}>
                {(text) => (
                  <SafeXhtml xhtml={text} lang={d.language} title={fill(x.document.frame, { name })} />
                )}
              </Loading>
              <ReportError as={as} setId={setId} unit={d.serviceUnit.name ?? d.serviceUnit.oid} />
            </>
          );
        }}
      </Loading>
    </section>
  );
}

function ReportError({ as, setId, unit }: { as: string | undefined; setId: string; unit: string }) {
  const x = useTexts();
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const [sent, setSent] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() === '') {
      setMissing(true);
      return;
    }
    setFailure(undefined);
    try {
      await citizenApi.flag(as, setId, text);
      setSent(true);
      setText('');
    } catch (err) {
      setFailure(err);
    }
  };
  return (
    <section className="citizen-report" aria-labelledby="citizen-report-title">
      <Heading variant="h2" id="citizen-report-title" mb="xs">
        {x.document.reportTitle}
      </Heading>
      <Paragraph mb="s">{x.document.reportIntro}</Paragraph>
      {sent ? (
        <InlineAlert status="neutral" className="citizen-report-sent">
          {fill(x.document.reportSent, { unit })}
        </InlineAlert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Textarea
            id="citizen-report-text"
            labelText={x.document.reportLabel}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setMissing(false);
            }}
            fullWidth
            {...(missing ? { status: 'error' as const, statusText: x.document.reportRequired } : {})}
          />
          {failure !== undefined && <Problem error={failure} />}
          <Button type="submit" className="citizen-report-submit">
            {x.document.reportSubmit}
          </Button>
        </form>
      )}
    </section>
  );
}

// --- clienthoods and cases ------------------------------------------------------------------------

function Services({ as }: { as: string | undefined }) {
  const x = useTexts();
  const lang = useLanguage();
  const clienthoods = useAsync(() => citizenApi.clienthoods(as), [as]);
  const cases = useAsync(() => citizenApi.cases(as), [as]);
  return (
    <section aria-labelledby="citizen-services-title">
      <Heading variant="h1" id="citizen-services-title" mb="m">
        {x.services.clienthoods}
      </Heading>
      <Loading result={clienthoods}>
        {(c) =>
          c.items.length === 0 ? (
            <Paragraph>{x.services.noClienthoods}</Paragraph>
          ) : (
            <ul className="citizen-cards">
              {c.items.map((h) => (
                <li key={`${h.registrar.oid}${h.started}`} className="citizen-card">
                  <Heading variant="h3" mb="xs">
                    {h.registrar.name ?? h.registrar.oid}
                  </Heading>
                  <Paragraph mb="xs">
                    {fill(x.services.since, { date: formatDate(h.started, lang) })}
                    {h.ended ? ` · ${fill(x.services.ended, { date: formatDate(h.ended, lang) })}` : ''}
                  </Paragraph>
                  <Paragraph mb="xs">
                    {`${x.services.tasks}: ${h.serviceTasks
                      .map((t) => localized(t.serviceTaskName, lang) || t.serviceTask)
                      .join(', ')}`}
                  </Paragraph>
                  {h.personalWorker && (
                    <dl className="citizen-facts citizen-worker">
                      <dt>{x.services.worker}</dt>
                      <dd>
                        {h.personalWorker.name}
                        {h.personalWorker.serviceUnit?.name ? `, ${h.personalWorker.serviceUnit.name}` : ''}
                      </dd>
                      {h.personalWorker.phone && (
                        <>
                          <dt>{x.services.phone}</dt>
                          <dd>
                            <a href={`tel:${h.personalWorker.phone.replace(/\s/g, '')}`}>
                              {h.personalWorker.phone}
                            </a>
                          </dd>
                        </>
                      )}
                      {h.personalWorker.email && (
                        <>
                          <dt>{x.services.email}</dt>
                          <dd>
                            <a href={`mailto:${h.personalWorker.email}`}>{h.personalWorker.email}</a>
                          </dd>
                        </>
                      )}
                      {h.personalWorker.serviceAddress && (
                        <>
                          <dt>{x.services.serviceAddress}</dt>
                          <dd data-testid="worker-service-address">{h.personalWorker.serviceAddress}</dd>
                        </>
                      )}
                    </dl>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
      <Heading variant="h2" mt="l" mb="s">
        {x.services.cases}
      </Heading>
      <Loading result={cases}>
        {(c) =>
          c.items.length === 0 ? (
            <Paragraph>{x.services.noCases}</Paragraph>
          ) : (
            <ul className="citizen-cards">
              {c.items.map((k) => (
                <li key={k.caseOid} className="citizen-card">
                  <Heading variant="h3" mb="xs">
                    {localized(k.serviceTaskName, lang) || k.serviceTask}
                  </Heading>
                  <Paragraph mb="xs">
                    {fill(x.services.opened, { date: formatDate(k.opened, lang) })}
                    {k.ended ? ` · ${fill(x.services.ended, { date: formatDate(k.ended, lang) })}` : ''}
                    {k.shared ? ` · ${x.services.shared}` : ''}
                  </Paragraph>
                  <Paragraph>{k.registrar.name ?? k.registrar.oid}</Paragraph>
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
    </section>
  );
}

// --- who handled my data ------------------------------------------------------------------------------

function Log({ as }: { as: string | undefined }) {
  const x = useTexts();
  const lang = useLanguage();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [actor, setActor] = useState('');
  const [query, setQuery] = useState<LogQuery>({ limit: 50 });
  const { items, total, error, load } = usePagedList<LogEntry>(
    (offset) => citizenApi.log(as, { ...query, offset }),
    [as, query],
  );

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const instant = (d: string, end: boolean) =>
      d ? new Date(`${d}T00:00:00`).getTime() + (end ? 86_400_000 : 0) : undefined;
    const f = instant(from, false);
    const t = instant(to, true);
    setQuery({
      limit: 50,
      ...(f !== undefined ? { from: new Date(f).toISOString() } : {}),
      ...(t !== undefined ? { to: new Date(t).toISOString() } : {}),
      ...(actor ? { actor } : {}),
    });
  };

  // Every relation the server may name has words (a new kind fails the typecheck here).
  const relation: Record<NonNullable<LogEntry['careRelation']>, string> = {
    personal_worker: x.log.personalWorker,
    case: x.log.openCase,
    usage_right: x.log.usageRight,
    recorded_reason: x.log.recordedReason,
  };
  const why = (e: LogEntry) =>
    [e.careRelation !== undefined ? relation[e.careRelation] : undefined, e.purpose]
      .filter(Boolean)
      .join(': ');

  return (
    <section aria-labelledby="citizen-log-title">
      <Heading variant="h1" id="citizen-log-title" mb="s">
        {x.log.title}
      </Heading>
      <Paragraph mb="m">{x.log.intro}</Paragraph>
      <form className="citizen-log-filter" onSubmit={apply}>
        <label>
          {x.log.from}
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {x.log.to}
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          {x.log.who}
          <select value={actor} onChange={(e) => setActor(e.target.value)}>
            <option value="">{x.log.whoAll}</option>
            <option value="professional">{x.log.whoProfessional}</option>
            <option value="citizen">{x.log.whoCitizen}</option>
            <option value="system">{x.log.whoSystem}</option>
          </select>
        </label>
        <Button type="submit" variant="secondary">
          {x.log.apply}
        </Button>
        <a className="citizen-download" href={logCsvUrl(as, { ...query, limit: 10_000 })} download>
          {x.log.download}
        </a>
      </form>
      {error !== undefined && <Problem error={error} />}
      {total !== undefined && (
        <Paragraph className="citizen-total">{fill(x.log.total, { count: total })}</Paragraph>
      )}
      {total === 0 && <Paragraph>{x.log.none}</Paragraph>}
      {items.length > 0 && (
        <table className="citizen-log">
          <thead>
            <tr>
              <th scope="col">{x.log.when}</th>
              <th scope="col">{x.log.actor}</th>
              <th scope="col">{x.log.organization}</th>
              <th scope="col">{x.log.action}</th>
              <th scope="col">{x.log.why}</th>
              <th scope="col">{x.log.documents}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id} className={e.withheld ? 'citizen-log-withheld' : undefined}>
                <td>{formatDate(e.at, lang)}</td>
                <td>
                  {!e.actor
                    ? x.log.withheldActor
                    : e.actor.you
                      ? x.log.you
                      : e.actor.kind === 'system'
                        ? x.log.system
                        : (e.actor.name ?? '')}
                </td>
                <td>
                  {e.organization?.name ?? e.organization?.oid ?? ''}
                  {e.serviceUnits && e.serviceUnits.length > 0
                    ? ` / ${e.serviceUnits.map((u) => u.name ?? u.oid).join(', ')}`
                    : ''}
                </td>
                <td>
                  {x.actions[actionKey(e.action)]}
                  {e.outcome !== 'allowed' ? ` (${x.log.refused})` : ''}
                </td>
                <td>{why(e)}</td>
                <td>
                  {e.documents
                    .filter((d, i, all) => all.findIndex((o) => o.setId === d.setId) === i)
                    .map((d) => (
                      <div key={d.setId}>
                        <a href={citizenHref(as, { page: 'document', setId: d.setId })}>
                          {`${localized(d.documentName, lang)} ${formatDate(d.documentDate, lang)}`}
                        </a>
                      </div>
                    ))}
                  {e.withheldDocuments > 0 && (
                    <div className="citizen-withheld">
                      {fill(x.log.withheldDocuments, { count: e.withheldDocuments })}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {total !== undefined && items.length < total && (
        <Button variant="secondary" onClick={() => load(items.length)}>
          {x.log.more}
        </Button>
      )}
    </section>
  );
}

// --- error reports --------------------------------------------------------------------------------------

function Reports({ as }: { as: string | undefined }) {
  const x = useTexts();
  const lang = useLanguage();
  const flags = useAsync(() => citizenApi.flags(as), [as]);
  return (
    <section aria-labelledby="citizen-reports-title">
      <Heading variant="h1" id="citizen-reports-title" mb="s">
        {x.reports.title}
      </Heading>
      <Paragraph mb="m">{x.reports.intro}</Paragraph>
      <Loading result={flags}>
        {(f) =>
          f.items.length === 0 ? (
            <Paragraph>{x.reports.none}</Paragraph>
          ) : (
            <ul className="citizen-cards">
              {f.items.map((r) => (
                <li key={r.flagId} className="citizen-card citizen-flag">
                  <span className={`citizen-status citizen-status-${r.status}`}>{x.reports[r.status]}</span>
                  <Paragraph mb="xs">
                    {fill(x.reports.filed, { date: formatDate(r.flaggedAt, lang) })}
                  </Paragraph>
                  <blockquote className="citizen-quote">{r.description}</blockquote>
                  <Paragraph mb="xs">
                    {fill(x.reports.unit, { unit: r.serviceUnit.name ?? r.serviceUnit.oid })}
                  </Paragraph>
                  {r.response && (
                    <Paragraph>
                      <strong>{`${x.reports.response}: `}</strong>
                      {r.response}
                    </Paragraph>
                  )}
                  <a href={citizenHref(as, { page: 'document', setId: r.setId })}>{x.reports.document}</a>
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
    </section>
  );
}
