// What every form that runs one step against the server shares, in a dialog or on a page: the step
// runs once at a time (busy), field errors are shown at their inputs by the pointer the server gave
// (RFC 9457 `errors[].path`), and anything else — refusals with their rule, errors at paths the form
// has no input for — as one message, to which focus moves so that it is read out.
import { type RefObject, useCallback, useRef, useState } from 'react';
import { ApiError, type FieldError } from '../api/index.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

/** Props that put an input in its error state with the message for `path`, if there is one. */
export type ErrorAt = (path: string) => { status?: 'error'; statusText?: string };

/** The same for a group of radio buttons (the design system names the props apart). */
export type GroupErrorAt = (path: string) => { groupStatus?: 'error'; groupStatusText?: string };

/** Runs the step; returns field errors found before asking the server (a missing value). */
export type Step = () => Promise<FieldError[] | undefined>;

export interface StepForm {
  busy: boolean;
  errorAt: ErrorAt;
  groupErrorAt: GroupErrorAt;
  /** Runs the step, placing what failed; resolves true when it went through. */
  run: (step: Step) => Promise<boolean>;
  /** Forgets the errors shown (the dialog was closed). */
  clear: () => void;
  message: { ref: RefObject<HTMLDivElement | null>; failure: unknown; unplaced: FieldError[] };
}

export function useStepForm(fieldPaths: readonly string[]): StepForm {
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  const clear = useCallback(() => {
    setErrors([]);
    setFailure(undefined);
  }, []);

  const run = async (step: Step): Promise<boolean> => {
    setBusy(true);
    clear();
    try {
      const local = await step();
      if (local && local.length > 0) {
        setErrors(local);
        return false;
      }
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors && err.problem.errors.length > 0) {
        setErrors(err.problem.errors);
        if (err.problem.errors.some((x) => !fieldPaths.includes(x.path))) setFailure(err);
      } else setFailure(err);
      setTimeout(() => ref.current?.focus(), 0);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const errorAt: ErrorAt = (path) => {
    const messages = errors.filter((x) => x.path === path).map((x) => x.message);
    return messages.length > 0 ? { status: 'error', statusText: messages.join(' ') } : {};
  };
  const groupErrorAt: GroupErrorAt = (path) => {
    const e = errorAt(path);
    return e.statusText ? { groupStatus: 'error', groupStatusText: e.statusText } : {};
  };
  const unplaced = errors.filter((x) => !fieldPaths.includes(x.path));
  return { busy, errorAt, groupErrorAt, run, clear, message: { ref, failure, unplaced } };
}

/** The form's message: the failure and the errors no input shows; focusable, so it can be read out. */
export function StepMessage({ message }: { message: StepForm['message'] }) {
  return (
    <div ref={message.ref} tabIndex={-1} className="dialog-message">
      {message.failure !== undefined && <ErrorMessage error={message.failure} />}
      {message.unplaced.length > 0 && (
        <ul className="unplaced-errors">
          {message.unplaced.map((x) => (
            <li key={`${x.path}-${x.code}`}>
              <code>{x.path}</code>: {x.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
