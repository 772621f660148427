import { useTranslation } from 'react-i18next';
import { InlineAlert } from 'suomifi-ui-components';
import { ApiError, NetworkError } from '../api/index.ts';

type ErrorKey =
  | 'errors.generic'
  | 'errors.network'
  | 'errors.sessionExpired'
  | 'errors.notFound'
  | 'errors.forbidden'
  | 'errors.conflict'
  | 'errors.strongAuth'
  | 'errors.validation'
  | 'errors.unavailable';

/** The text a person is shown for a failed request: ours for the kind, the server's detail beside it. */
export function errorKey(error: unknown): ErrorKey {
  if (error instanceof NetworkError) return 'errors.network';
  if (!(error instanceof ApiError)) return 'errors.generic';
  if (error.kind === 'strong-authentication-required') return 'errors.strongAuth';
  switch (error.status) {
    case 401:
      return 'errors.sessionExpired';
    case 403:
      return 'errors.forbidden';
    case 409:
      return 'errors.conflict';
    case 404:
      return 'errors.notFound';
    case 400:
    case 422:
      return 'errors.validation';
    case 503:
      return 'errors.unavailable';
    default:
      return 'errors.generic';
  }
}

/** The translated explanation of a rule the server named; the bare name for a rule we do not know. */
export function useRuleText(): (rule: string) => string {
  const { t, i18n } = useTranslation();
  return (rule) => {
    const key = `rules.${rule}`;
    return i18n.exists(key) ? t(key as 'rules.unknown', { rule }) : t('rules.unknown', { rule });
  };
}

/** A rule's short name ("Asiayhteys"); the rule's own name for one we do not know. */
export function useRuleName(): (rule: string) => string {
  const { t, i18n } = useTranslation();
  return (rule) => {
    const key = `ruleNames.${rule}`;
    return i18n.exists(key) ? t(key as 'ruleNames.care_relation') : rule;
  };
}

export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const ruleText = useRuleText();
  // A refusal names its rule (403 for what the caller described, 409 for a step the record's state
  // does not allow): the rule is explained in the UI language, with the server's own words beside.
  const rule = error instanceof ApiError ? error.problem.rule : undefined;
  const detail =
    error instanceof ApiError && (error.status === 403 || rule !== undefined)
      ? error.problem.detail
      : undefined;
  return (
    <InlineAlert status="error" className="error-message">
      {t(errorKey(error))}
      {rule && (
        <span className="refusal-rule" data-rule={rule}>
          {' '}
          {ruleText(rule)} ({t('errors.rule')}: <code>{rule}</code>)
        </span>
      )}
      {detail && (
        <span className="error-detail">
          {' '}
          {t('errors.serverReason')}: {detail}
        </span>
      )}
    </InlineAlert>
  );
}
