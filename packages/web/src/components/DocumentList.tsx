// The client data summary (asiakastiedon kooste): the documents the user may see, filtered by the
// server (service task, case, type, date range, invalidated), paged, and grouped on the page.
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Button,
  Checkbox,
  Dropdown,
  DropdownItem,
  Heading,
  LoadingSpinner,
  Pagination,
  Paragraph,
  RouterLink,
  StaticChip,
  TextInput,
} from 'suomifi-ui-components';
import { ApiError, api, CODE_SETS, type DocumentSearch, type DocumentSummary } from '../api/index.ts';
import type { OpenCase } from '../client-data.ts';
import { formatDate } from '../format.ts';
import { useAsync, useLanguage } from '../hooks.ts';
import { href } from '../router.ts';
import { useSession } from '../session.tsx';
import { type GroupBy, groupDocuments } from '../summary.ts';
import { caseLabel, codeName, documentTitle, useCodeSet } from './codes.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { WhyHidden } from './WhyHidden.tsx';

const PAGE_SIZE = 20;

interface Filters {
  serviceTask: string;
  caseOid: string;
  documentType: string;
  from: string;
  to: string;
  includeInvalidated: boolean;
}

const NO_FILTERS: Filters = {
  serviceTask: '',
  caseOid: '',
  documentType: '',
  from: '',
  to: '',
  includeInvalidated: false,
};

function searchOf(clientKey: string, f: Filters, page: number): DocumentSearch {
  return {
    client: clientKey,
    ...(f.serviceTask ? { serviceTask: f.serviceTask } : {}),
    ...(f.caseOid ? { case: f.caseOid } : {}),
    ...(f.documentType ? { documentType: f.documentType } : {}),
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(f.includeInvalidated ? { includeInvalidated: true } : {}),
    limit: PAGE_SIZE,
    offset: page * PAGE_SIZE,
  };
}

/**
 * `cases` are the client's open cases, for the case filter and the case group names; a change of
 * `refresh` reads the list again (a step elsewhere on the page stored a version).
 */
export function DocumentList({
  clientKey,
  cases,
  refresh = 0,
  onAccessChanged,
}: {
  clientKey: string;
  cases: readonly OpenCase[];
  refresh?: number;
  /** A care relation was recorded from "why can't I see it": more may be shown now. */
  onAccessChanged?: () => void;
}) {
  const { t } = useTranslation();
  const { actor } = useSession();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [page, setPage] = useState(0);
  const [groupBy, setGroupBy] = useState<GroupBy>('serviceTask');
  const result = useAsync(
    () => api.documents(searchOf(clientKey, filters, page)),
    [clientKey, filters, page, refresh],
  );

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setPage(0);
    setFilters(draft);
  };
  const reset = () => {
    setDraft(NO_FILTERS);
    setFilters(NO_FILTERS);
    setPage(0);
  };

  // Whether the first answer showed nothing: "why can't I see it" then starts open.
  const [firstEmpty, setFirstEmpty] = useState<boolean>();
  useEffect(() => {
    if (result.state === 'done') setFirstEmpty((was) => was ?? result.value.total === 0);
  }, [result]);

  const strongRequired =
    result.state === 'error' &&
    result.error instanceof ApiError &&
    result.error.kind === 'strong-authentication-required';

  return (
    <section className="document-summary" aria-labelledby="documents-heading">
      <Heading variant="h2" id="documents-heading" mt="xl" mb="xs">
        {t('documents.title')}
      </Heading>
      <Paragraph mb="s">{t('documents.intro')}</Paragraph>
      <FilterForm cases={cases} draft={draft} setDraft={setDraft} onApply={apply} onReset={reset} />
      <Dropdown
        className="group-by"
        labelText={t('documents.groupBy')}
        value={groupBy}
        onChange={(v) => setGroupBy(v as GroupBy)}
      >
        <DropdownItem value="serviceTask">{t('documents.groupServiceTask')}</DropdownItem>
        <DropdownItem value="case">{t('documents.groupCase')}</DropdownItem>
        <DropdownItem value="phase">{t('documents.groupPhase')}</DropdownItem>
      </Dropdown>
      {result.state === 'loading' && (
        <LoadingSpinner text={t('app.loading')} status="loading" variant="small" />
      )}
      {strongRequired && (
        <Paragraph className="strong-required" mt="m">
          {t('documents.strongRequired')}
        </Paragraph>
      )}
      {result.state === 'error' && !strongRequired && <ErrorMessage error={result.error} />}
      {result.state === 'done' && (
        <Results
          clientKey={clientKey}
          cases={cases}
          items={result.value.items}
          total={result.value.total}
          page={page}
          setPage={setPage}
          groupBy={groupBy}
        />
      )}
      {/* Kept mounted across reloads: after a first-contact reason its confirmation stays in view. */}
      {firstEmpty !== undefined && (
        <WhyHidden
          id="why-documents"
          clientKey={clientKey}
          serviceTask={filters.serviceTask || actor.serviceTasks[0] || ''}
          documentType={filters.documentType || '19005'}
          open={firstEmpty}
          {...(onAccessChanged ? { onCareRelation: onAccessChanged } : {})}
        />
      )}
    </section>
  );
}

function FilterForm({
  cases,
  draft,
  setDraft,
  onApply,
  onReset,
}: {
  cases: readonly OpenCase[];
  draft: Filters;
  setDraft: (f: Filters) => void;
  onApply: (e: FormEvent) => void;
  onReset: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tasks = useCodeSet(CODE_SETS.serviceTask);
  const set = (patch: Partial<Filters>) => setDraft({ ...draft, ...patch });
  return (
    <form className="document-filters" onSubmit={onApply} aria-label={t('documents.filters')}>
      <Dropdown
        labelText={t('documents.serviceTask')}
        value={draft.serviceTask}
        onChange={(v) => set({ serviceTask: v })}
        className="filter-service-task"
      >
        {[
          <DropdownItem key="" value="">
            {t('documents.any')}
          </DropdownItem>,
          ...[...tasks.values()].map((c) => (
            <DropdownItem key={c.code} value={c.code}>
              {codeName(tasks, c.code, lang)}
            </DropdownItem>
          )),
        ]}
      </Dropdown>
      <Dropdown
        labelText={t('documents.case')}
        value={draft.caseOid}
        onChange={(v) => set({ caseOid: v })}
        className="filter-case"
      >
        {[
          <DropdownItem key="" value="">
            {t('documents.any')}
          </DropdownItem>,
          ...cases.map((c) => (
            <DropdownItem key={c.case.caseOid} value={c.case.caseOid}>
              {caseLabel(c, tasks, lang)}
            </DropdownItem>
          )),
        ]}
      </Dropdown>
      <TextInput
        labelText={t('documents.documentType')}
        value={draft.documentType}
        onChange={(v) => set({ documentType: String(v ?? '') })}
        className="filter-type"
      />
      <TextInput
        labelText={t('documents.from')}
        hintText={t('documents.dateHint')}
        value={draft.from}
        onChange={(v) => set({ from: String(v ?? '') })}
        className="filter-from"
      />
      <TextInput
        labelText={t('documents.to')}
        hintText={t('documents.dateHint')}
        value={draft.to}
        onChange={(v) => set({ to: String(v ?? '') })}
        className="filter-to"
      />
      <Checkbox
        checked={draft.includeInvalidated}
        onClick={({ checkboxState }) => set({ includeInvalidated: checkboxState })}
        className="filter-invalidated"
      >
        {t('documents.includeInvalidated')}
      </Checkbox>
      <div className="filter-buttons">
        <Button type="submit">{t('documents.apply')}</Button>
        <Button type="button" variant="secondary" onClick={onReset}>
          {t('documents.reset')}
        </Button>
      </div>
    </form>
  );
}

function Results({
  clientKey,
  cases,
  items,
  total,
  page,
  setPage,
  groupBy,
}: {
  clientKey: string;
  cases: readonly OpenCase[];
  items: DocumentSummary[];
  total: number;
  page: number;
  setPage: (p: number) => void;
  groupBy: GroupBy;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tasks = useCodeSet(CODE_SETS.serviceTask);
  const phases = useCodeSet(CODE_SETS.processPhase);
  const types = useCodeSet(CODE_SETS.documentType);
  const groups = useCodeSet(CODE_SETS.documentGroup);
  if (total === 0)
    return (
      <Paragraph mt="m" className="no-documents">
        {t('why.noDocuments')}
      </Paragraph>
    );
  const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const groupName = (key: string | undefined): string => {
    if (groupBy === 'serviceTask') return codeName(tasks, key, lang);
    if (groupBy === 'phase') return key === undefined ? t('documents.noPhase') : codeName(phases, key, lang);
    if (key === undefined) return t('documents.noCase');
    const c = cases.find((x) => x.case.caseOid === key);
    return c ? caseLabel(c, tasks, lang) : `${t('documents.case')} ${key}`;
  };
  return (
    <div className="document-results">
      <Paragraph mt="m" mb="s" role="status" className="document-count">
        {t('documents.count', { from: page * PAGE_SIZE + 1, to: page * PAGE_SIZE + items.length, total })}
      </Paragraph>
      {groupDocuments(items, groupBy).map((g, gi) => {
        const headingId = `document-group-${gi}`;
        return (
          <section key={g.key ?? '-'} className="document-group" aria-labelledby={headingId}>
            <Heading variant="h3" id={headingId} mt="m" mb="xs">
              {groupName(g.key)}
            </Heading>
            <table className="documents-table">
              <thead>
                <tr>
                  <th scope="col">{t('documents.columnDate')}</th>
                  <th scope="col">{t('documents.columnType')}</th>
                  <th scope="col">{t('documents.columnAuthor')}</th>
                  <th scope="col">{t('documents.columnStatus')}</th>
                  <th scope="col">{t('documents.columnVersion')}</th>
                </tr>
              </thead>
              <tbody>
                {g.items.map((d) => (
                  <tr key={d.setId} data-testid="document-row">
                    <td>{formatDate(d.metadata.documentDate, lang)}</td>
                    <td>
                      <RouterLink href={href.document(clientKey, d.setId)}>
                        {documentTitle(d.metadata, types, groups, lang)}
                      </RouterLink>
                    </td>
                    <td>{d.metadata.authorName}</td>
                    <td>
                      {d.status === 'invalidated' ? (
                        <StaticChip className="status-invalidated">{t('documents.invalidated')}</StaticChip>
                      ) : (
                        t('documents.active')
                      )}
                    </td>
                    <td>{d.version}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
      {lastPage > 1 && (
        <Pagination
          className="document-pagination"
          mt="m"
          aria-label={t('documents.pagination')}
          currentPage={page + 1}
          lastPage={lastPage}
          onChange={(p) => setPage(p - 1)}
          pageIndicatorText={(c, l) => t('documents.pageInfo', { page: c, total: l })}
          ariaPageIndicatorText={(c, l) => t('documents.pageInfo', { page: c, total: l })}
          nextButtonAriaLabel={t('documents.next')}
          previousButtonAriaLabel={t('documents.previous')}
          pageInput={false}
        />
      )}
    </div>
  );
}
