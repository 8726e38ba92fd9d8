// One assessment, several SAQs (one per payment channel): how the screens read them. Every fact
// here comes from the core's AssessmentView (its `saqs`, each SAQ's snapshot, responses, status and
// attestation); these functions only arrange it for display. With one SAQ, the screens read the
// view's top-level fields exactly as before.

import type { AssessmentView, Channel, Criterion, PrincipalTitle, Requirement, Response, SaqView, ScopeRecord } from './api';
import { saqName } from './format';

/** More than one SAQ in the assessment (the SAQ switchers and per-SAQ answers show). */
export function isMulti(view: Pick<AssessmentView, 'saqs'> | null | undefined): boolean {
  return (view?.saqs?.length ?? 0) > 1;
}

/**
 * Every SAQ of the assessment, as the screens read them. With one SAQ, the view's top-level
 * fields, which the screens update as they always have.
 */
export function partsOf(view: AssessmentView): SaqView[] {
  if (isMulti(view)) return view.saqs;
  return [
    {
      saq: view.assessment.saq,
      channels: view.assessment.channels,
      snapshot: view.assessment.snapshot,
      details: view.assessment.details,
      status: view.status,
      attestation: view.attestation,
      responses: view.responses,
    },
  ];
}

/** The SAQ named, or the first. */
export function partOf(parts: SaqView[], saq: string | null | undefined): SaqView {
  return (saq && parts.find((p) => p.saq === saq)) || parts[0];
}

export function isAttested(p: Pick<SaqView, 'status' | 'attestation'>): boolean {
  return p.status.status === 'attested' || p.attestation !== null;
}

/**
 * The SAQ a per-SAQ screen (attestation, export) shows: the one chosen elsewhere, else the first
 * that is not attested yet, else the first.
 */
export function defaultSaq(parts: SaqView[], chosen: string | null | undefined): string {
  if (chosen && parts.some((p) => p.saq === chosen)) return chosen;
  return (parts.find((p) => !isAttested(p)) ?? parts[0]).saq;
}

const CHANNEL_SHORT: Record<Channel, string> = { ecommerce: 'e-commerce', moto: 'MOTO', 'card-present': 'card-present' };

/** "e-commerce", "card-present + MOTO": the channels a SAQ is filed for, short. */
export function channelsShort(channels: Channel[]): string {
  return channels.map((c) => CHANNEL_SHORT[c] ?? c).join(' + ');
}

/** "SAQ A — e-commerce", or "SAQ A" when the SAQ was not filed by channel. */
export function saqTitle(p: Pick<SaqView, 'saq' | 'channels'>): string {
  return p.channels.length ? `${saqName(p.saq)} — ${channelsShort(p.channels)}` : saqName(p.saq);
}

/** "SAQ A", "SAQ A and SAQ C", "SAQ A, SAQ C and SAQ C-VT". */
export function saqList(saqs: string[]): string {
  const names = saqs.map(saqName);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function segmentKey(s: string): [number, string, number] {
  if (/^\d+$/.test(s)) return [0, '', Number(s)];
  const m = /^([A-Za-z]+)(\d*)$/.exec(s);
  if (m) return [1, m[1].toUpperCase(), m[2] ? Number(m[2]) : -1];
  return [2, s, 0];
}

/** Requirement and principal IDs in the form's order: 1 … 12 (numerically), then A1, A2, A3. */
export function compareIds(a: string, b: string): number {
  const as = a.split('.').filter(Boolean);
  const bs = b.split('.').filter(Boolean);
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const [ka, sa, na] = segmentKey(as[i]);
    const [kb, sb, nb] = segmentKey(bs[i]);
    if (ka !== kb) return ka - kb;
    if (sa !== sb) return sa < sb ? -1 : 1;
    if (na !== nb) return na - nb;
  }
  return as.length - bs.length;
}

export interface Merged {
  /** Every requirement of any SAQ, once, in the form's order (the first SAQ's text of each). */
  requirements: Requirement[];
  principals: PrincipalTitle[];
  /** The SAQs that have each requirement, in the assessment's order. */
  holders: Map<string, string[]>;
}

/** The requirements of every SAQ together, each once. */
export function mergeParts(parts: SaqView[]): Merged {
  const byId = new Map<string, Requirement>();
  const holders = new Map<string, string[]>();
  const principals = new Map<string, PrincipalTitle>();
  for (const p of parts) {
    for (const pr of p.snapshot.principals) if (!principals.has(pr.id)) principals.set(pr.id, pr);
    for (const r of p.snapshot.requirements) {
      if (!byId.has(r.id)) byId.set(r.id, r);
      const h = holders.get(r.id);
      if (h) h.push(p.saq);
      else holders.set(r.id, [p.saq]);
    }
  }
  // A single SAQ keeps its own order; several are put in the form's order.
  const requirements = parts.length === 1 ? [...byId.values()] : [...byId.values()].sort((a, b) => compareIds(a.id, b.id));
  const prs = parts.length === 1 ? [...principals.values()] : [...principals.values()].sort((a, b) => compareIds(a.id, b.id));
  return { requirements, principals: prs, holders };
}

export type ScopeKind = 'single' | 'shared' | 'split';

export interface AnswerScope {
  /**
   * `single`: one SAQ of the assessment has the requirement; `shared`: several have it and one
   * answer counts for each; `split`: several have it and each answers it separately.
   */
  kind: ScopeKind;
  /** The SAQs that have the requirement. */
  saqs: string[];
}

/** How a requirement is answered: by the one SAQ that has it, once for several, or per SAQ. */
export function answerScope(parts: SaqView[], requirement: string): AnswerScope {
  const holding = parts.filter((p) => p.snapshot.requirements.some((r) => r.id === requirement));
  const saqs = holding.map((p) => p.saq);
  if (holding.length <= 1) return { kind: 'single', saqs };
  // The core marks a SAQ's own answer with its SAQ; the shared one has none.
  const split = holding.some((p) => p.responses.some((r) => r.requirement_id === requirement && !!r.saq));
  return { kind: split ? 'split' : 'shared', saqs };
}

/** The answer that counts for SAQ `saq` (its own, or the shared one). */
export function responseIn(parts: SaqView[], saq: string, requirement: string): Response | undefined {
  return partOf(parts, saq).responses.find((r) => r.requirement_id === requirement);
}

/** The requirement as SAQ `saq`'s questionnaire has it (its bullets and rows may differ). */
export function requirementIn(parts: SaqView[], saq: string, requirement: string): Requirement | undefined {
  return parts.find((p) => p.saq === saq)?.snapshot.requirements.find((r) => r.id === requirement);
}

/**
 * The eligibility criteria a SAQ asks the merchant to confirm. One SAQ of several, filed for some
 * channels (`perChannel`): the criteria the scoping listed with those channels. Otherwise those of
 * the scoping result when it chose this SAQ, else all of the SAQ's.
 */
export function criteriaFor(part: Pick<SaqView, 'saq' | 'channels' | 'snapshot'>, scope: ScopeRecord | null, perChannel = false): Criterion[] {
  const all = part.snapshot.saq.eligibility;
  if (!scope) return all;
  if (perChannel && part.channels.length) {
    const listed = scope.result.per_channel.filter((c) => c.saq === part.saq && part.channels.includes(c.channel));
    if (listed.length) return all.filter((c) => listed.some((l) => l.eligibility.some((e) => e.id === c.id)));
  }
  if (scope.result.saq === part.saq) return all.filter((c) => scope.result.eligibility.some((e) => e.id === c.id));
  return all;
}
