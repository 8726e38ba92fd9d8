// State of the scoping wizard, kept in one object so that going Back never loses an answer.

import * as api from './api';
import type { ApiError, Criterion, Merchant, MerchantProfile, RouteKind, ScopeInput, ScopeResult, ScopingRules, YesNo } from './api';
import { askedQuestions, chosenRoute, emptyProfile, filingPlan, onlyAsked, scopeInput, type CriterionDecision } from './scoping';

export const STEPS = ['Merchant', 'Card payments', 'Follow-up questions', 'Result'] as const;

export class WizardState {
  step = $state(0);
  /** Furthest step reached, so the step indicator can jump forward again. */
  reached = $state(0);
  rules = $state<ScopingRules | null>(null);
  merchants = $state<Merchant[]>([]);
  merchantId = $state<string | null>(null);
  profile = $state<MerchantProfile>(emptyProfile());
  profileErrors = $state<Record<string, string>>({});
  methods = $state<string[]>([]);
  /** Every answer given, kept when a question stops being asked so that it comes back with it. */
  answers = $state<Record<string, YesNo>>({});
  decisions = $state<Record<string, CriterionDecision>>({});
  /** The filing route the user picked; null follows the engine's recommendation. */
  route = $state<RouteKind | null>(null);
  year = $state(new Date().getFullYear());

  result = $state<ScopeResult | null>(null);
  /** The input `result` was worked out from: only answers to the questions the engine asked. */
  scopedInput = $state<ScopeInput | null>(null);
  scoping = $state(false);
  scopeError = $state<ApiError | null>(null);
  /** Every criterion seen in a result, so a declined one can still be shown (and undone). */
  criteria = $state<Record<string, Criterion>>({});

  input: ScopeInput = $derived(
    this.rules ? scopeInput(this.rules, { methods: this.methods, answers: this.answers, decisions: this.decisions }) : { methods: [], answers: {}, declined: [] },
  );
  /** The follow-up questions the engine asks for these methods and answers. */
  questions = $derived(askedQuestions(this.rules, this.result));
  unanswered = $derived(this.questions.filter((q) => !this.answers[q.id]));
  /** The route the assessment(s) will be created for, and what that creates. */
  filing = $derived(this.result ? chosenRoute(this.result, this.route) : null);
  plan = $derived(this.result ? filingPlan(this.result, this.filing) : []);

  private seq = 0;

  async load() {
    const [rules, merchants] = await Promise.all([api.scopingRules(), api.listMerchants()]);
    this.rules = rules;
    this.merchants = merchants;
  }

  pickMerchant(id: string | null) {
    this.merchantId = id;
    const m = id ? this.merchants.find((x) => x.id === id) : null;
    if (m) {
      const { id: _drop, ...profile } = $state.snapshot(m);
      void _drop;
      this.profile = profile;
    } else {
      this.profile = emptyProfile();
    }
    this.profileErrors = {};
  }

  toggleMethod(id: string, on: boolean) {
    if (on && !this.methods.includes(id)) this.methods = [...this.methods, id];
    if (!on) this.methods = this.methods.filter((m) => m !== id);
  }

  answer(question: string, a: YesNo) {
    this.answers = { ...this.answers, [question]: a };
  }

  /** Records a decision on a criterion (given as the criterion itself, so it stays known after the SAQ changes). */
  decide(c: Criterion | string, d: CriterionDecision | null) {
    const criterion = typeof c === 'string' ? c : c.id;
    if (typeof c !== 'string') this.criteria = { ...this.criteria, [c.id]: c };
    const next = { ...this.decisions };
    if (d === null) delete next[criterion];
    else next[criterion] = d;
    this.decisions = next;
  }

  /**
   * Runs the scoping engine on the current input; older answers never overwrite newer ones. Answers
   * to questions the engine no longer asks (a method unticked, an earlier answer changed) are left
   * out and the engine asked again, so the result and the assessment's record hold only what applies.
   */
  async rescope(): Promise<void> {
    let input = $state.snapshot(this.input) as ScopeInput;
    if (input.methods.length === 0) {
      this.result = null;
      this.scopedInput = null;
      return;
    }
    const seq = ++this.seq;
    this.scoping = true;
    try {
      let r = await api.scope(input);
      for (let i = 0; i < 3 && Object.keys(input.answers).some((q) => !r.asked.includes(q)); i++) {
        input = onlyAsked(input, r.asked);
        r = await api.scope(input);
      }
      if (seq !== this.seq) return;
      this.result = r;
      this.scopedInput = input;
      this.scopeError = null;
      const seen = { ...this.criteria };
      for (const c of r.eligibility) seen[c.id] = c;
      for (const ch of r.per_channel) for (const c of ch.eligibility) seen[c.id] = c;
      this.criteria = seen;
    } catch (e) {
      if (seq === this.seq) this.scopeError = api.toApiError(e);
    } finally {
      if (seq === this.seq) this.scoping = false;
    }
  }
}
