// Scoping wizard helpers: the ScopeInput to send, the follow-up questions the engine asks, and
// the filing routes of its result. Which questions apply, which SAQ and which route are the
// engine's answers (ScopeResult.asked, .routes, .recommended); nothing here decides them.

import type { Criterion, MerchantProfile, Question, Route, RouteKind, ScopeInput, ScopeResult, ScopingRules, YesNo } from './api';

export type CriterionDecision = 'confirm' | 'decline';

export interface WizardAnswers {
  methods: string[];
  answers: Record<string, YesNo>;
  decisions: Record<string, CriterionDecision>;
}

/** The engine input: methods in the order the wizard lists them, every answer given, declined criteria. */
export function scopeInput(rules: Pick<ScopingRules, 'methods'>, w: WizardAnswers): ScopeInput {
  const methods = rules.methods.map((m) => m.id).filter((id) => w.methods.includes(id));
  const declined = Object.entries(w.decisions)
    .filter(([, d]) => d === 'decline')
    .map(([id]) => id)
    .sort();
  return { methods, answers: { ...w.answers }, declined };
}

/** The input with only the answers to questions the engine asked (what an assessment records). */
export function onlyAsked(input: ScopeInput, asked: string[]): ScopeInput {
  const answers: Record<string, YesNo> = {};
  for (const [q, a] of Object.entries(input.answers)) if (asked.includes(q)) answers[q] = a;
  return { ...input, answers };
}

/** The follow-up questions of a result, in the order the engine asks them. */
export function askedQuestions(rules: Pick<ScopingRules, 'questions'> | null, result: ScopeResult | null): Question[] {
  if (!rules || !result) return [];
  return result.asked.flatMap((id) => rules.questions.filter((q) => q.id === id));
}

/** The route the wizard files on: the one the user picked while it is valid, else the recommended one. */
export function chosenRoute(result: ScopeResult, picked: RouteKind | null): Route | null {
  const want = result.routes.find((r) => r.kind === picked && r.valid) ?? result.routes.find((r) => r.kind === result.recommended);
  return want ?? null;
}

/** Whether the two routes differ at all (several channels): otherwise the result is one SAQ. */
export function hasRouteChoice(result: ScopeResult): boolean {
  return result.per_channel.length > 1 && result.routes.length > 1;
}

/** One assessment to create: its SAQ, the channels it covers and the criteria it is asked to confirm. */
export interface PlannedAssessment {
  saq: string;
  channels: string[];
  eligibility: Criterion[];
}

/**
 * The assessments the wizard creates: one for the covering SAQ, or on the per-channel route one
 * per SAQ of that route, each with the criteria the result lists for its channels.
 */
export function filingPlan(result: ScopeResult, route: Route | null): PlannedAssessment[] {
  const covering: PlannedAssessment = { saq: result.saq, channels: result.per_channel.map((c) => c.channel), eligibility: result.eligibility };
  if (!route || route.kind === 'covering') return [covering];
  // The same form either way (one channel, or every channel needs the covering SAQ).
  if (route.saqs.length === 1 && route.saqs[0] === result.saq) return [covering];
  return route.saqs.map((saq) => {
    const channels = result.per_channel.filter((c) => c.saq === saq);
    const eligibility: Criterion[] = [];
    for (const ch of channels) for (const c of ch.eligibility) if (!eligibility.some((e) => e.id === c.id)) eligibility.push(c);
    return { saq, channels: channels.map((c) => c.channel), eligibility };
  });
}

/** Criteria the user said they confirm, of those given (the ones to record after creating). */
export function confirmedOf(criteria: Criterion[], decisions: Record<string, CriterionDecision>): string[] {
  return criteria.filter((c) => decisions[c.id] === 'confirm').map((c) => c.id);
}

/** Criteria of the result with no decision yet. */
export function undecidedCriteria(criteria: Criterion[], decisions: Record<string, CriterionDecision>): Criterion[] {
  return criteria.filter((c) => !decisions[c.id]);
}

export function emptyProfile(): MerchantProfile {
  return {
    legal_name: '',
    dba: '',
    address: '',
    website: '',
    contact_name: '',
    contact_title: '',
    contact_email: '',
    contact_phone: '',
    business_description: '',
    locations: [],
    service_providers: [{ name: 'Stripe', services: 'Payment processing' }],
  };
}

/** Field-level problems in the merchant profile the core would refuse. */
export function profileProblems(p: MerchantProfile): Record<string, string> {
  const out: Record<string, string> = {};
  if (!p.legal_name.trim()) out.legal_name = 'The legal name is required (AOC Part 1a).';
  if (p.contact_email.trim() && !p.contact_email.includes('@')) out.contact_email = 'Not an e-mail address.';
  p.service_providers.forEach((s, i) => {
    if (!s.name.trim()) out[`service_providers[${i}].name`] = 'A service provider needs a name.';
  });
  return out;
}
