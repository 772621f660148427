// A modal form for one step on a client's records (open a case, add a service task, …). It runs
// the step, and a failure is shown where it belongs: field errors at their inputs by the pointer
// the server gave (RFC 9457 `errors[].path`), anything else, refusals with their rule included,
// as one message above the buttons. Focus moves to that message so it is read out.
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Modal, ModalContent, ModalFooter, ModalTitle, Paragraph } from 'suomifi-ui-components';
import { ApiError, type FieldError } from '../api/index.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

/** Props that put an input in its error state with the message for `path`, if there is one. */
export type ErrorAt = (path: string) => { status?: 'error'; statusText?: string };

export function ActionDialog({
  id,
  visible,
  title,
  intro,
  submitText,
  fieldPaths,
  onClose,
  onSubmit,
  children,
}: {
  id: string;
  visible: boolean;
  title: string;
  intro?: string;
  submitText: string;
  /** The pointers the form shows at an input; errors at other paths are listed in the message. */
  fieldPaths: readonly string[];
  onClose: () => void;
  /** Runs the step; returns field errors found before asking the server (a missing value). */
  onSubmit: () => Promise<FieldError[] | undefined>;
  children: (errorAt: ErrorAt) => ReactNode;
}) {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const messageRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!visible) {
      setErrors([]);
      setFailure(undefined);
    }
  }, [visible]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors([]);
    setFailure(undefined);
    try {
      const local = await onSubmit();
      if (local && local.length > 0) setErrors(local);
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors && err.problem.errors.length > 0) {
        setErrors(err.problem.errors);
        const unplaced = err.problem.errors.some((x) => !fieldPaths.includes(x.path));
        if (unplaced) setFailure(err);
      } else setFailure(err);
      setTimeout(() => messageRef.current?.focus(), 0);
    } finally {
      setBusy(false);
    }
  };

  const errorAt: ErrorAt = (path) => {
    const messages = errors.filter((x) => x.path === path).map((x) => x.message);
    return messages.length > 0 ? { status: 'error', statusText: messages.join(' ') } : {};
  };
  const unplaced = errors.filter((x) => !fieldPaths.includes(x.path));

  return (
    <Modal
      appElementId="root"
      visible={visible}
      onEscKeyDown={onClose}
      ariaLabelledBy={`${id}-title`}
      className={`action-dialog ${id}`}
    >
      <form onSubmit={submit} noValidate>
        <ModalContent>
          <ModalTitle id={`${id}-title`}>{title}</ModalTitle>
          {intro && <Paragraph mb="s">{intro}</Paragraph>}
          <div className="dialog-fields">{children(errorAt)}</div>
          <div ref={messageRef} tabIndex={-1} className="dialog-message">
            {failure !== undefined && <ErrorMessage error={failure} />}
            {unplaced.length > 0 && (
              <ul className="unplaced-errors">
                {unplaced.map((x) => (
                  <li key={`${x.path}-${x.code}`}>
                    <code>{x.path}</code>: {x.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </ModalContent>
        <ModalFooter>
          <Button type="submit" disabled={busy} className="dialog-submit">
            {submitText}
          </Button>
          <Button type="button" variant="secondary" onClick={onClose}>
            {t('document.cancel')}
          </Button>
        </ModalFooter>
      </form>
    </Modal>
  );
}
