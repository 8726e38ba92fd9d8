// Scoping wizard logic: which follow-up questions to ask, the ScopeInput to send, and how a
// criterion decision feeds back into it.

import type { Criterion, MerchantProfile, Question, ScopeInput, ScopeResult, ScopingRules, YesNo } from './api';

export function relevantQuestions(rules: Pick<ScopingRules, 'questions'>, methods: string[]): Question[] {
  return rules.questions.filter((q) => q.methods.some((m) => methods.includes(m)));
}

export type CriterionDecision = 'confirm' | 'decline';

export interface WizardAnswers {
  methods: string[];
  answers: Record<string, YesNo>;
  decisions: Record<string, CriterionDecision>;
}

/** The engine input: methods in rule order, answers only for questions still relevant. */
export function scopeInput(rules: Pick<ScopingRules, 'methods' | 'questions'>, w: WizardAnswers): ScopeInput {
  const methods = rules.methods.map((m) => m.id).filter((id) => w.methods.includes(id));
  const relevant = new Set(relevantQuestions(rules, methods).map((q) => q.id));
  const answers: Record<string, YesNo> = {};
  for (const [q, a] of Object.entries(w.answers)) if (relevant.has(q)) answers[q] = a;
  const declined = Object.entries(w.decisions)
    .filter(([, d]) => d === 'decline')
    .map(([id]) => id)
    .sort();
  return { methods, answers, declined };
}

/** Criteria of the result the user said they confirm (the ones to record after creating). */
export function confirmedCriteria(result: ScopeResult | null, decisions: Record<string, CriterionDecision>): string[] {
  if (!result) return [];
  return result.eligibility.filter((c) => decisions[c.id] === 'confirm').map((c) => c.id);
}

/** Criteria of the result with no decision yet. */
export function undecidedCriteria(result: ScopeResult | null, decisions: Record<string, CriterionDecision>): Criterion[] {
  if (!result) return [];
  return result.eligibility.filter((c) => !decisions[c.id]);
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
