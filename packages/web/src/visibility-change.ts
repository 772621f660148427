// The visibility change dialog's choices, apart from the view: which changes the settings as they
// are invite (the server decides whether each is allowed), and the request body for each.
import type { Visibility, VisibilityChange } from './api/index.ts';

export type Kind =
  | 'delay'
  | 'end_delay'
  | 'mark_special_content'
  | 'remove_special_content'
  | 'guardian_hide'
  | 'guardian_show'
  | 'confirm_guardian_hiding'
  | 'lift_automatic_hiding'
  | 'keep_shown';

/** The changes that make sense for the settings as they are now (the server decides the rest). */
export function offeredKinds(v: Visibility): Kind[] {
  const s = v.omakanta;
  const out: Kind[] = ['delay'];
  if (s.delayUntil !== undefined) out.push('end_delay');
  out.push(s.specialContent === true ? 'remove_special_content' : 'mark_special_content');
  if (s.shownToGuardian !== false) out.push('guardian_hide');
  if (s.shownToGuardian !== true) out.push('guardian_show');
  if (s.shownToGuardian === false && s.guardianHidingConfirmedBy === undefined)
    out.push('confirm_guardian_hiding');
  if (v.hiddenKind?.liftable && v.automaticallyHidden) out.push('lift_automatic_hiding');
  if (v.needs.length > 0) out.push('keep_shown');
  return out;
}

/** The change the API takes for the chosen kind and the dialog's values. */
export function changeOf(
  kind: Kind,
  values: { until: string; reasonCode: string; reasonText: string },
): VisibilityChange {
  const reasonText = values.reasonText.trim();
  const code = values.reasonCode ? { reasonCode: values.reasonCode } : {};
  switch (kind) {
    case 'delay':
      return { kind, until: values.until.trim(), ...code, reasonText };
    case 'mark_special_content':
      return { kind, ...code, reasonText };
    case 'end_delay':
    case 'remove_special_content':
    case 'lift_automatic_hiding':
      return { kind, reasonText };
    case 'guardian_hide':
      return { kind: 'guardian', shown: false, reasonText };
    case 'guardian_show':
      return { kind: 'guardian', shown: true, ...(reasonText ? { reasonText } : {}) };
    case 'confirm_guardian_hiding':
    case 'keep_shown':
      return { kind };
  }
}

export const WITH_REASON: readonly Kind[] = [
  'delay',
  'end_delay',
  'mark_special_content',
  'remove_special_content',
  'guardian_hide',
  'guardian_show',
  'lift_automatic_hiding',
];
export const WITH_CODE: readonly Kind[] = ['delay', 'mark_special_content'];
