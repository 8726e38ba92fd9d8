// The answer form of one requirement: which fields show for which response, what is missing,
// and how the form becomes the `answer` command's AnswerInput.

import type { AnswerInput, Blocker, Ccw, Response, ResponseKind, Saq } from './api';
import { RESPONSE_LABELS, RESPONSE_SHORT } from './format';

export const RESPONSE_ORDER: ResponseKind[] = ['in-place', 'in-place-ccw', 'not-applicable', 'not-tested', 'not-in-place'];

export const RESPONSE_HELP: Record<ResponseKind, string> = {
  'in-place': 'The requirement is met in full.',
  'in-place-ccw': 'Met with a compensating control; complete the worksheet (Appendix B).',
  'not-applicable': 'Does not apply to your environment; explain why (Appendix C).',
  'not-tested': 'Not tested in this assessment; say what and why (Appendix D).',
  'not-in-place': 'Not met yet; give the remediation plan and a target date.',
};

/** The response options this SAQ offers, in the SAQ's column order (Not Tested only on SAQ D). */
export function allowedResponses(saq: Pick<Saq, 'responses'> | null | undefined): ResponseKind[] {
  const allowed = saq?.responses?.length ? saq.responses : RESPONSE_ORDER.filter((k) => k !== 'not-tested');
  return RESPONSE_ORDER.filter((k) => allowed.includes(k));
}

export function responseOptions(saq: Pick<Saq, 'responses'> | null | undefined) {
  return allowedResponses(saq).map((kind, i) => ({ kind, label: RESPONSE_LABELS[kind], short: RESPONSE_SHORT[kind], help: RESPONSE_HELP[kind], key: String(i + 1) }));
}

/**
 * Each bullet's response as stored, for the form: an answer saved for the whole requirement shows
 * on every bullet (how the core stores it: `Response::bullet_responses`).
 */
export function bulletResponses(r: Pick<Response, 'response' | 'bullets'> | null | undefined, count: number): (ResponseKind | null)[] {
  if (count === 0) return [];
  const b = r?.bullets ?? [];
  if (b.length === 0) return Array.from({ length: count }, () => r?.response ?? null);
  return Array.from({ length: count }, (_, i) => b[i] ?? null);
}

/** Every response the form uses: each bullet's where there are bullets. */
export function usedKinds(form: Pick<AnswerForm, 'response' | 'bullets'>): ResponseKind[] {
  const used = form.bullets.length ? form.bullets : [form.response];
  return RESPONSE_ORDER.filter((k) => used.includes(k));
}

export const CCW_FIELDS: { key: keyof Ccw; label: string; help: string }[] = [
  { key: 'constraints', label: 'Constraints', help: 'The legitimate technical or business constraints that prevent meeting the requirement as written.' },
  { key: 'definition', label: 'Definition of compensating controls', help: 'The controls in place instead, and how they address the requirement’s objective.' },
  { key: 'objective', label: 'Objective of the original control', help: 'What the requirement, as written, is there to achieve.' },
  { key: 'objective_met', label: 'Objective met by the compensating controls', help: 'How the compensating controls meet that objective.' },
  { key: 'identified_risk', label: 'Identified risk', help: 'Any additional risk created by not meeting the original requirement.' },
  { key: 'validation', label: 'Validation of compensating controls', help: 'How the compensating controls were validated and tested.' },
  { key: 'maintenance', label: 'Maintenance', help: 'The process and controls that keep the compensating controls working.' },
];

export interface AnswerForm {
  response: ResponseKind | null;
  notes: string;
  owner: string;
  explanation: string;
  remediation_plan: string;
  /** "" when not set (what an <input type=date> holds). */
  remediation_date: string;
  legal_restriction: string;
  ccw: Ccw;
  /** One per bullet where the form answers per bullet, else empty. */
  bullets: (ResponseKind | null)[];
}

export type FormField =
  | 'response'
  | 'bullets'
  | 'notes'
  | 'owner'
  | 'explanation'
  | 'remediation_plan'
  | 'remediation_date'
  | 'legal_restriction'
  | `ccw.${keyof Ccw}`;

export function emptyCcw(): Ccw {
  return { constraints: '', definition: '', objective: '', objective_met: '', identified_risk: '', validation: '', maintenance: '' };
}

export function formFromResponse(r: Response | null | undefined, bulletCount = 0): AnswerForm {
  return {
    bullets: bulletResponses(r, bulletCount),
    response: r?.response ?? null,
    notes: r?.notes ?? '',
    owner: r?.owner ?? '',
    explanation: r?.explanation ?? '',
    remediation_plan: r?.remediation_plan ?? '',
    remediation_date: r?.remediation_date ?? '',
    legal_restriction: r?.legal_restriction ?? '',
    ccw: { ...emptyCcw(), ...(r?.ccw ?? {}) },
  };
}

/** Which conditional parts of the form the response (or the bullets' responses) need. */
export function visibleSections(kinds: ResponseKind | null | (ResponseKind | null)[]) {
  const ks = Array.isArray(kinds) ? kinds : [kinds];
  return {
    ccw: ks.includes('in-place-ccw'),
    explanation: ks.includes('not-applicable') || ks.includes('not-tested'),
    remediation: ks.includes('not-in-place'),
  };
}

export function explanationLabel(kinds: ResponseKind | null | (ResponseKind | null)[]): string {
  const ks = Array.isArray(kinds) ? kinds : [kinds];
  if (ks.includes('not-tested') && ks.includes('not-applicable')) return 'Why parts do not apply, and what was not tested and why';
  return ks.includes('not-tested') ? 'What was not tested, and why' : 'Why this requirement does not apply';
}

/**
 * The AnswerInput for the fields that changed. Omitted fields stay as stored, so a save never
 * overwrites what the user did not touch.
 */
export function toAnswerInput(form: AnswerForm, changed: Iterable<FormField>): AnswerInput {
  // `bullets: []` is what the core assumes when they are left out: no bullet changes.
  const input: AnswerInput = { bullets: [] };
  for (const f of changed) {
    if (f === 'bullets' || (f === 'response' && form.bullets.length)) {
      // On a bulleted requirement the bullets carry the answer, the whole-requirement choice too.
      input.bullets = form.bullets.map((response, i) => ({ bullet: i + 1, response }));
    } else if (f === 'response') {
      if (form.response) input.response = form.response;
    } else if (f === 'remediation_date') {
      input.remediation_date = form.remediation_date.trim() === '' ? null : form.remediation_date;
    } else if (f.startsWith('ccw.')) {
      input.ccw = { ...form.ccw };
    } else {
      input[f as 'notes' | 'owner' | 'explanation' | 'remediation_plan' | 'legal_restriction'] = form[f as keyof AnswerForm] as string;
    }
  }
  return input;
}

/**
 * Hints shown next to the fields: what the core says still blocks attestation for this
 * requirement (its Status blockers), placed at the field that settles it. They follow the saved
 * answer and never stop a save (a draft may be incomplete).
 */
export function hintsFrom(blockers: Pick<Blocker, 'code' | 'message'>[], form: Pick<AnswerForm, 'ccw'>): Partial<Record<FormField, string>> {
  const hints: Partial<Record<FormField, string>> = {};
  const sentence = (m: string) => (m ? m[0].toUpperCase() + m.slice(1) : m) + (/[.!?)]$/.test(m) ? '' : '.');
  for (const b of blockers) {
    switch (b.code) {
      case 'explanation_missing':
      case 'future_dated_na':
        hints.explanation = hints.explanation ? `${hints.explanation} ${sentence(b.message)}` : sentence(b.message);
        break;
      case 'remediation_date_missing':
        hints.remediation_date = sentence(b.message);
        break;
      case 'ccw_incomplete':
        for (const f of CCW_FIELDS) if (form.ccw[f.key].trim() === '') hints[`ccw.${f.key}`] = 'Required for the Compensating Controls Worksheet.';
        break;
    }
  }
  return hints;
}
