import { describe, expect, it } from 'vitest';
import {
  filterCounts,
  isIdQuery,
  matchesQuery,
  neighbour,
  responsesById,
  visibleRequirements,
  computeProgress,
  answersOf,
  partData,
  type ChecklistData,
} from '../src/lib/checklist';
import { answerScope, compareIds, criteriaFor, defaultSaq, mergeParts, partsOf, saqList, saqTitle } from '../src/lib/saqs';
import { allowedResponses, bulletResponses, formFromResponse, hintsFrom, toAnswerInput, usedKinds, visibleSections, type AnswerForm } from '../src/lib/answer';
import { groupAssessments } from '../src/lib/home';
import { groupBlockers } from '../src/lib/attest';
import { askedQuestions, chosenRoute, confirmedOf, filingPlan, onlyAsked, profileProblems, scopeInput, emptyProfile } from '../src/lib/scoping';
import { formatBytes, percent, shortSha } from '../src/lib/format';
import type { AssessmentSummary } from '../src/lib/api';
import { evidence, requirements, response, route, rules, scopeResult, criterionA1, criterionA7, multiView, view } from './fixtures';

function data(over: Partial<ChecklistData> = {}): ChecklistData {
  const v = view();
  return {
    requirements,
    responses: responsesById(v.responses),
    evidence: v.evidence,
    stale: new Set(),
    ...over,
  };
}
const ids = (list: { id: string }[]) => list.map((r) => r.id);

describe('checklist filters and search', () => {
  it('filters by principal', () => {
    expect(ids(visibleRequirements(data(), { principal: '12', filter: 'all', query: '' }))).toEqual(['12.8.1', '12.8.4']);
    expect(ids(visibleRequirements(data(), { principal: null, filter: 'all', query: '' }))).toHaveLength(4);
  });

  it('selects unanswered, not in place and needs-review requirements', () => {
    expect(ids(visibleRequirements(data(), { principal: null, filter: 'unanswered', query: '' }))).toEqual(['8.3.6', '12.8.4']);
    expect(ids(visibleRequirements(data(), { principal: null, filter: 'not-in-place', query: '' }))).toEqual(['12.8.1']);
    expect(ids(visibleRequirements(data(), { principal: null, filter: 'review', query: '' }))).toEqual(['12.8.1']);
  });

  it('missing evidence: In Place answers without a current, fresh file', () => {
    const base = data({
      responses: responsesById([response('8.2.1', { response: 'in-place' }), response('8.3.6', { response: 'in-place-ccw' }), response('12.8.4', { response: 'not-applicable' })]),
    });
    expect(ids(visibleRequirements(base, { principal: null, filter: 'missing-evidence', query: '' }))).toEqual(['8.3.6']);
    // Only a stale file linked: still missing.
    const stale = { ...base, stale: new Set(['e1']) };
    expect(ids(visibleRequirements(stale, { principal: null, filter: 'missing-evidence', query: '' }))).toEqual(['8.2.1', '8.3.6']);
    // A removed file does not count.
    const removed = { ...base, evidence: [evidence('e1', ['8.2.1'], { removed_at: '2026-11-01T00:00:00Z' })] };
    expect(ids(visibleRequirements(removed, { principal: null, filter: 'missing-evidence', query: '' }))).toEqual(['8.2.1', '8.3.6']);
  });

  it('ID queries match the requirement and its children only', () => {
    expect(isIdQuery('8.3')).toBe(true);
    expect(isIdQuery('A2.1.1')).toBe(true);
    expect(isIdQuery('password')).toBe(false);
    expect(ids(visibleRequirements(data(), { principal: null, filter: 'all', query: '12.8' }))).toEqual(['12.8.1', '12.8.4']);
    expect(ids(visibleRequirements(data(), { principal: null, filter: 'all', query: '12.8.1' }))).toEqual(['12.8.1']);
    expect(ids(visibleRequirements(data(), { principal: null, filter: 'all', query: '1' }))).toEqual([]);
    expect(ids(visibleRequirements(data(), { principal: null, filter: 'all', query: '8' }))).toEqual(['8.2.1', '8.3.6']);
  });

  it('text queries match title and description, every word, ignoring case', () => {
    expect(matchesQuery(requirements[0], 'UNIQUE id')).toBe(true);
    expect(ids(visibleRequirements(data(), { principal: '8', filter: 'all', query: 'provider' }))).toEqual(['12.8.1', '12.8.4']);
    expect(ids(visibleRequirements(data(), { principal: null, filter: 'unanswered', query: 'provider' }))).toEqual(['12.8.4']);
  });

  it('counts per filter and progress per principal', () => {
    expect(filterCounts(data(), null)).toEqual({ all: 4, unanswered: 2, 'not-in-place': 1, review: 1, 'missing-evidence': 0 });
    expect(filterCounts(data(), '8')).toMatchObject({ all: 2, unanswered: 1 });
    const p = computeProgress(view().assessment.snapshot.principals, data());
    expect(p).toEqual([
      { principal: '8', title: 'Identify users', total: 2, answered: 1, in_place: 1, not_in_place: 0, review_needed: 0 },
      { principal: '12', title: 'Policies', total: 2, answered: 1, in_place: 0, not_in_place: 1, review_needed: 1 },
    ]);
  });

  it('moves to neighbours without wrapping', () => {
    expect(neighbour(requirements, '8.2.1', 1)).toBe('8.3.6');
    expect(neighbour(requirements, '8.2.1', -1)).toBe('8.2.1');
    expect(neighbour(requirements, '12.8.4', 1)).toBe('12.8.4');
    expect(neighbour(requirements, 'not-in-list', 1)).toBe('8.2.1');
    expect(neighbour([], '8.2.1', 1)).toBeNull();
  });
});

describe('answer form', () => {
  const form = (over: Partial<AnswerForm> = {}): AnswerForm => ({ ...formFromResponse(undefined), ...over });

  it('shows each conditional section exactly for its response', () => {
    expect(visibleSections(null)).toEqual({ ccw: false, explanation: false, remediation: false });
    expect(visibleSections('in-place')).toEqual({ ccw: false, explanation: false, remediation: false });
    expect(visibleSections('in-place-ccw')).toEqual({ ccw: true, explanation: false, remediation: false });
    expect(visibleSections('not-applicable')).toEqual({ ccw: false, explanation: true, remediation: false });
    expect(visibleSections('not-tested')).toEqual({ ccw: false, explanation: true, remediation: false });
    expect(visibleSections('not-in-place')).toEqual({ ccw: false, explanation: false, remediation: true });
  });

  it('offers Not Tested only when the SAQ allows it', () => {
    expect(allowedResponses({ responses: ['in-place', 'in-place-ccw', 'not-applicable', 'not-in-place'] })).not.toContain('not-tested');
    expect(allowedResponses({ responses: ['in-place', 'in-place-ccw', 'not-applicable', 'not-tested', 'not-in-place'] })).toEqual([
      'in-place',
      'in-place-ccw',
      'not-applicable',
      'not-tested',
      'not-in-place',
    ]);
  });

  it('turns changed fields into an AnswerInput and leaves the rest out (no bullets: no bullet changes)', () => {
    const f = form({ response: 'not-in-place', notes: 'n', remediation_plan: 'plan', remediation_date: '2027-01-31', owner: 'Sam' });
    expect(toAnswerInput(f, ['notes'])).toEqual({ bullets: [], notes: 'n' });
    expect(toAnswerInput(f, ['response', 'remediation_date', 'remediation_plan'])).toEqual({
      bullets: [],
      response: 'not-in-place',
      remediation_date: '2027-01-31',
      remediation_plan: 'plan',
    });
    expect(toAnswerInput(form({ remediation_date: '' }), ['remediation_date'])).toEqual({ bullets: [], remediation_date: null });
    const ccw = form({ response: 'in-place-ccw', ccw: { ...form().ccw, constraints: 'c' } });
    expect(toAnswerInput(ccw, ['ccw.constraints', 'ccw.objective'])).toEqual({
      bullets: [],
      ccw: { constraints: 'c', definition: '', objective: '', objective_met: '', identified_risk: '', validation: '', maintenance: '' },
    });
  });

  it('hints what each response still needs, from the core\'s blockers for the requirement', () => {
    const b = (code: string, message: string) => [{ code, message }];
    expect(hintsFrom(b('explanation_missing', 'Not Applicable needs an explanation (Appendix C)'), form()).explanation).toBe('Not Applicable needs an explanation (Appendix C)');
    expect(hintsFrom([], form({ response: 'not-applicable', explanation: 'No paper' })).explanation).toBeUndefined();
    expect(hintsFrom(b('future_dated_na', 'since 31 March 2025 a requirement cannot be Not Applicable just for being future-dated'), form()).explanation).toMatch(
      /^Since 31 March 2025 .*future-dated\.$/,
    );
    expect(hintsFrom(b('explanation_missing', 'Not Tested needs a description of what was not tested and why (Appendix D)'), form()).explanation).toMatch(/not tested/);
    expect(hintsFrom(b('remediation_date_missing', 'Not in Place needs a target date for remediation'), form()).remediation_date).toMatch(/target date/);
    const ccw = form({ response: 'in-place-ccw', ccw: { ...form().ccw, constraints: 'Legacy till' } });
    expect(Object.keys(hintsFrom(b('ccw_incomplete', 'the Compensating Controls Worksheet lacks: definition'), ccw))).toHaveLength(6);
    expect(hintsFrom(b('unanswered', 'no response yet'), form({ response: 'in-place' }))).toEqual({});
  });
});

describe('home and attestation grouping', () => {
  const a = (id: string, merchant: string, year: number, created = '2026-01-01T00:00:00Z'): AssessmentSummary => ({
    id,
    merchant_id: merchant.toLowerCase(),
    merchant_name: merchant,
    year,
    saq: 'A',
    status: 'draft',
    answered: 0,
    total: 27,
    created_at: created,
    updated_at: created,
    attested_on: null,
    previous_id: null,
    saqs: [],
  });

  it('groups assessments by merchant, newest year first', () => {
    const g = groupAssessments([a('1', 'Zeta', 2025), a('2', 'alpha', 2024), a('3', 'alpha', 2026), a('4', 'Zeta', 2026)]);
    expect(g.map((x) => x.merchant_name)).toEqual(['alpha', 'Zeta']);
    expect(g[0].years.map((y) => y.year)).toEqual([2026, 2024]);
    expect(g[1].years.map((y) => y.assessments[0].id)).toEqual(['4', '1']);
  });

  it('groups blockers by code in fixing order', () => {
    const groups = groupBlockers([
      { item: '8.2.1', code: 'unanswered', message: 'no response yet' },
      { item: 'A.7', code: 'eligibility_unconfirmed', message: 'eligibility criterion not confirmed: X' },
      { item: '12.8.1', code: 'unanswered', message: 'no response yet' },
      { item: '8.3.6', code: 'ccw_incomplete', message: 'lacks: ccw.objective' },
    ]);
    expect(groups.map((g) => g.code)).toEqual(['eligibility_unconfirmed', 'unanswered', 'ccw_incomplete']);
    expect(groups[1].items.map((b) => b.item)).toEqual(['8.2.1', '12.8.1']);
    expect(groups[1].sharedMessage).toBe('no response yet');
  });
});

describe('scoping helpers', () => {
  it('asks the questions the engine asked, in its order', () => {
    expect(askedQuestions(rules, scopeResult('A', { asked: [] }))).toEqual([]);
    expect(askedQuestions(rules, scopeResult('D', { asked: ['terminal-connected', 'third-party-scripts', 'channels-separated'] })).map((q) => q.id)).toEqual([
      'terminal-connected',
      'third-party-scripts',
      'channels-separated',
    ]);
    expect(askedQuestions(rules, null)).toEqual([]);
  });

  it('builds the ScopeInput: methods in rule order, every answer, declined criteria listed; a record keeps only what was asked', () => {
    expect(
      scopeInput(rules, {
        methods: ['terminal', 'elements'],
        answers: { 'third-party-scripts': 'no', 'terminal-connected': 'yes' },
        decisions: { 'A.7': 'decline', 'A.1': 'confirm' },
      }),
    ).toEqual({ methods: ['elements', 'terminal'], answers: { 'third-party-scripts': 'no', 'terminal-connected': 'yes' }, declined: ['A.7'] });
    const input = scopeInput(rules, { methods: ['checkout'], answers: { 'third-party-scripts': 'yes', 'scripts-managed': 'no' }, decisions: {} });
    expect(input.answers).toEqual({ 'third-party-scripts': 'yes', 'scripts-managed': 'no' });
    expect(onlyAsked(input, ['third-party-scripts'])).toEqual({ methods: ['checkout'], answers: { 'third-party-scripts': 'yes' }, declined: [] });
  });

  it('confirms only criteria of the final result marked "I confirm"', () => {
    const r = scopeResult('A', { eligibility: [criterionA1, criterionA7] });
    expect(confirmedOf(r.eligibility, { 'A.1': 'confirm', 'A.7': 'decline', 'X.1': 'confirm' })).toEqual(['A.1']);
  });

  it('files on the route picked while it is valid, else the recommended one; per channel is one assessment per SAQ', () => {
    const c1 = { ...criterionA1, id: 'C.1' };
    const r = scopeResult('D', {
      per_channel: [
        { channel: 'ecommerce', methods: ['elements'], saq: 'A', eligibility: [criterionA1, criterionA7] },
        { channel: 'card-present', methods: ['terminal'], saq: 'C', eligibility: [c1] },
      ],
      routes: [route('per-channel', ['A', 'C'], { valid: false, pending: ['channels-separated'] }), route('covering', ['D'])],
      recommended: 'covering',
    });
    expect(chosenRoute(r, null)?.kind).toBe('covering');
    expect(chosenRoute(r, 'per-channel')?.kind).toBe('covering'); // not valid yet
    expect(filingPlan(r, chosenRoute(r, null))).toEqual([{ saq: 'D', channels: ['ecommerce', 'card-present'], eligibility: [] }]);
    const valid = { ...r, routes: [route('per-channel', ['A', 'C']), route('covering', ['D'])], recommended: 'per-channel' as const };
    expect(chosenRoute(valid, null)?.kind).toBe('per-channel');
    expect(chosenRoute(valid, 'covering')?.kind).toBe('covering');
    expect(filingPlan(valid, chosenRoute(valid, null))).toEqual([
      { saq: 'A', channels: ['ecommerce'], eligibility: [criterionA1, criterionA7] },
      { saq: 'C', channels: ['card-present'], eligibility: [c1] },
    ]);
    // One channel: both routes are the same single form.
    const one = scopeResult('A', { eligibility: [criterionA1] });
    expect(filingPlan(one, chosenRoute(one, 'per-channel'))).toEqual([{ saq: 'A', channels: ['ecommerce'], eligibility: [criterionA1] }]);
  });

  it('pre-fills Stripe as service provider and checks the legal name', () => {
    const p = emptyProfile();
    expect(p.service_providers).toEqual([{ name: 'Stripe', services: 'Payment processing' }]);
    expect(profileProblems(p)).toHaveProperty('legal_name');
    expect(profileProblems({ ...p, legal_name: 'X', contact_email: 'nope' })).toEqual({ contact_email: 'Not an e-mail address.' });
  });
});

describe('formatting', () => {
  it('formats sizes, hashes and percentages', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MiB');
    expect(shortSha('abcdef0123456789')).toBe('abcdef012345');
    expect(percent(1, 3)).toBe(33);
    expect(percent(0, 0)).toBe(0);
  });
});

describe('per-bullet answers', () => {
  it('reads a whole-requirement answer as every bullet, and pads or trims to the count', () => {
    expect(bulletResponses({ response: 'in-place', bullets: [] }, 3)).toEqual(['in-place', 'in-place', 'in-place']);
    expect(bulletResponses({ response: null }, 2)).toEqual([null, null]);
    expect(bulletResponses({ response: null, bullets: ['in-place'] }, 3)).toEqual(['in-place', null, null]);
    expect(bulletResponses({ response: 'in-place', bullets: ['in-place', 'in-place'] }, 0)).toEqual([]);
  });

  it('uses every bullet response for hints', () => {
    const f: AnswerForm = { ...formFromResponse(undefined, 3), response: 'in-place', bullets: ['in-place', 'in-place-ccw', 'not-applicable'] };
    expect(usedKinds(f)).toEqual(['in-place', 'in-place-ccw', 'not-applicable']);
    expect(visibleSections(usedKinds(f))).toEqual({ ccw: true, explanation: true, remediation: false });
    expect(toAnswerInput(f, ['bullets'])).toEqual({
      bullets: [
        { bullet: 1, response: 'in-place' },
        { bullet: 2, response: 'in-place-ccw' },
        { bullet: 3, response: 'not-applicable' },
      ],
    });
  });
});

describe('several SAQs (saqs.ts)', () => {
  it('orders requirement IDs as the form does: numerically, appendices last', () => {
    const ids = ['12.10.1', 'A2.1.1', '1.3.1', '12.8.1', '9.4.1.1', '9.4.1', '2.2.2', '10.2.1.2', 'A1.1.1'];
    expect([...ids].sort(compareIds)).toEqual(['1.3.1', '2.2.2', '9.4.1', '9.4.1.1', '10.2.1.2', '12.8.1', '12.10.1', 'A1.1.1', 'A2.1.1']);
  });

  it('merges the SAQs: each requirement once, with the SAQs that have it', () => {
    const m = mergeParts(multiView().saqs);
    expect(m.requirements.map((r) => r.id)).toEqual(['1.3.1', '3.2.1', '8.2.1', '12.8.1']);
    expect(m.principals.map((p) => p.id)).toEqual(['1', '3', '8', '12']);
    expect(m.holders.get('8.2.1')).toEqual(['A', 'C']);
    expect(m.holders.get('3.2.1')).toEqual(['A']);
  });

  it('tells a shared answer from one given per SAQ, and a requirement only one SAQ has', () => {
    const parts = multiView().saqs;
    expect(answerScope(parts, '8.2.1')).toEqual({ kind: 'shared', saqs: ['A', 'C'] });
    expect(answerScope(parts, '12.8.1')).toEqual({ kind: 'split', saqs: ['A', 'C'] });
    expect(answerScope(parts, '1.3.1')).toEqual({ kind: 'single', saqs: ['C'] });
    expect(answerScope(partsOf(view()), '8.2.1')).toEqual({ kind: 'single', saqs: ['A'] });
  });

  it('with one SAQ, reads the view’s own fields; with several, its SAQs', () => {
    const v = view();
    expect(partsOf(v)[0].responses).toBe(v.responses);
    expect(partsOf(v)[0].status).toBe(v.status);
    const m = multiView();
    expect(partsOf(m)).toBe(m.saqs);
  });

  it('picks the SAQ a per-SAQ screen shows, and names SAQs', () => {
    const attested = multiView({ attestedA: true }).saqs;
    expect(defaultSaq(attested, null)).toBe('C');
    expect(defaultSaq(attested, 'A')).toBe('A');
    expect(defaultSaq(multiView().saqs, 'X')).toBe('A');
    expect(saqList(['A'])).toBe('SAQ A');
    expect(saqList(['A', 'C'])).toBe('SAQ A and SAQ C');
    expect(saqList(['A', 'C', 'C-VT'])).toBe('SAQ A, SAQ C and SAQ C-VT');
    expect(saqTitle({ saq: 'C', channels: ['card-present'] })).toBe('SAQ C — card-present');
    expect(saqTitle({ saq: 'D', channels: [] })).toBe('SAQ D');
  });

  it('the criteria of a SAQ filed per channel are those the scoping listed with its channels', () => {
    const part = multiView().saqs[0];
    const withA6 = { ...part, snapshot: { ...part.snapshot, saq: { ...part.snapshot.saq, eligibility: [criterionA1, criterionA7] } } };
    const scope = {
      input: { methods: ['elements', 'terminal'], answers: {}, declined: [] },
      result: scopeResult('D', { per_channel: [{ channel: 'ecommerce' as const, methods: ['elements'], saq: 'A', eligibility: [criterionA7] }] }),
    };
    expect(criteriaFor(withA6, scope, true).map((c) => c.id)).toEqual(['A.7']);
    // One SAQ (not per channel): as before, all of the SAQ's unless the scoping chose it.
    expect(criteriaFor(withA6, scope, false).map((c) => c.id)).toEqual(['A.1', 'A.7']);
    expect(criteriaFor(withA6, null, true).map((c) => c.id)).toEqual(['A.1', 'A.7']);
  });

  it('counts a requirement answered (all SAQs together) once it is answered for each SAQ that has it', () => {
    const m = multiView();
    const each = m.saqs.map((p) => partData(p.saq, p.snapshot.requirements, p.responses, [], new Set()));
    const data = { requirements: mergeParts(m.saqs).requirements, responses: new Map(), evidence: [], stale: new Set<string>(), parts: each };
    const prog = computeProgress(mergeParts(m.saqs).principals, data);
    expect(prog.map((p) => [p.principal, p.answered, p.total])).toEqual([
      ['1', 0, 1],
      ['3', 1, 1],
      ['8', 1, 1],
      ['12', 1, 1],
    ]);
    expect(visibleRequirements(data, { principal: null, filter: 'unanswered', query: '' }).map((r) => r.id)).toEqual(['1.3.1']);
    expect(answersOf({ id: '12.8.1' }, data).map((a) => [a.saq, a.response?.response])).toEqual([
      ['A', 'not-applicable'],
      ['C', 'in-place'],
    ]);
  });
});
