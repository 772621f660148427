import { useTranslation } from 'react-i18next';
import { InlineAlert } from 'suomifi-ui-components';
import { ApiError, NetworkError } from '../api/index.ts';

type ErrorKey =
  | 'errors.generic'
  | 'errors.network'
  | 'errors.sessionExpired'
  | 'errors.notFound'
  | 'errors.forbidden'
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

export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  // A 403's detail explains the rule (e.g. why a weak login may not retrieve); show it too.
  const detail = error instanceof ApiError && error.status === 403 ? error.problem.detail : undefined;
  return (
    <InlineAlert status="error" className="error-message">
      {t(errorKey(error))}
      {detail && <span className="error-detail"> ({detail})</span>}
    </InlineAlert>
  );
}
