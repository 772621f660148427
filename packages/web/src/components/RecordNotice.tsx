// What a step on the clienthood, a case or a document's visibility stored: every step is a new
// version of the clienthood, case or client document, and the worker sees which version it was,
// can open it, and can see what the step changed in it (the diff against the version before).
import { useTranslation } from 'react-i18next';
import { InlineAlert, RouterLink } from 'suomifi-ui-components';
import { href } from '../router.ts';

export interface RecordNotice {
  record: 'clienthood' | 'case' | 'document';
  setId: string;
  version: number;
  /** The step, already in the UI language ("Palvelutehtävä lisättiin"). */
  step: string;
}

export function RecordNoticeView({ clientKey, notice }: { clientKey: string; notice: RecordNotice }) {
  const { t } = useTranslation();
  const stored =
    notice.record === 'clienthood'
      ? t('steps.clienthoodVersion', { version: notice.version })
      : notice.record === 'case'
        ? t('steps.caseVersion', { version: notice.version })
        : t('steps.documentVersion', { version: notice.version });
  return (
    <InlineAlert status="neutral" className="record-notice" mb="m" labelText={notice.step}>
      <span data-testid="record-notice">{stored}</span>{' '}
      <RouterLink href={href.document(clientKey, notice.setId, notice.version)} className="notice-open">
        {t('steps.openVersion', { version: notice.version })}
      </RouterLink>
      {notice.version > 1 && (
        <>
          {' · '}
          <RouterLink
            href={href.compare(clientKey, notice.setId, notice.version - 1, notice.version)}
            className="notice-compare"
          >
            {t('steps.whatChanged')}
          </RouterLink>
        </>
      )}
    </InlineAlert>
  );
}
