// A modal form for one step on a client's records (open a case, add a service task, …). It runs
// the step, and a failure is shown where it belongs: field errors at their inputs by the pointer
// the server gave (RFC 9457 `errors[].path`), anything else, refusals with their rule included,
// as one message above the buttons. Focus moves to that message so it is read out (step-form.tsx).
import { type FormEvent, type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Modal, ModalContent, ModalFooter, ModalTitle, Paragraph } from 'suomifi-ui-components';
import type { FieldError } from '../api/index.ts';
import { type ErrorAt, type GroupErrorAt, StepMessage, useStepForm } from './step-form.tsx';

export type { ErrorAt, GroupErrorAt } from './step-form.tsx';

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
  children: (errorAt: ErrorAt, groupErrorAt: GroupErrorAt) => ReactNode;
}) {
  const { t } = useTranslation();
  const form = useStepForm(fieldPaths);
  const { clear } = form;

  useEffect(() => {
    if (!visible) clear();
  }, [visible, clear]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(onSubmit);
  };

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
          <div className="dialog-fields">{children(form.errorAt, form.groupErrorAt)}</div>
          <StepMessage message={form.message} />
        </ModalContent>
        <ModalFooter>
          <Button type="submit" disabled={form.busy} className="dialog-submit">
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
