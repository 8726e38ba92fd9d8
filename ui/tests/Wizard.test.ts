import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import Wizard from '../src/screens/Wizard.svelte';
import { WizardState } from '../src/lib/wizard.svelte';
import { app } from '../src/lib/state.svelte';
import type { Criterion, ScopeInput, ScopeResult } from '../src/lib/api';
import { criterionA1, criterionA7, route, rules, scopeResult, view } from './fixtures';
import { calls, core, mockInvoke, serve } from './transport';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const criterionC1: Criterion = {
  id: 'C.1',
  applies_to: 'card-present',
  text: 'The payment application is on its own network segment.',
  on_decline: { escalate_to: 'D', ask_qsa: false, why: 'Without it, SAQ D.' },
};

// A stand-in for the engine, enough for the screens: Elements alone is SAQ A; declining A.7 is
// SAQ A-EP; "yes" to third-party-scripts asks scripts-managed; Elements + Terminal is SAQ A per
// channel (e-commerce) and SAQ C (card-present), or SAQ D for everything.
function scopeFor(input: ScopeInput): ScopeResult {
  const asked = ['third-party-scripts'];
  if (input.answers['third-party-scripts'] === 'yes') asked.push('scripts-managed');
  if (input.methods.includes('terminal')) {
    asked.push('terminal-connected', 'channels-separated');
    const sep = input.answers['channels-separated'];
    return scopeResult('D', {
      per_channel: [
        { channel: 'ecommerce', methods: ['elements'], saq: 'A', eligibility: [criterionA1, criterionA7] },
        { channel: 'card-present', methods: ['terminal'], saq: 'C', eligibility: [criterionC1] },
      ],
      rationale: ['Stripe Elements → SAQ A', 'Stripe Terminal → SAQ C', 'You use 2 channels, so there are two ways to file.'],
      asked,
      unanswered: asked.filter((q) => !input.answers[q]),
      routes: [
        route('per-channel', ['A', 'C'], {
          valid: sep === 'yes',
          pending: sep ? [] : ['channels-separated'],
          why: sep === 'no' ? 'Not available to you: your channels are not kept apart.' : 'SAQ A for E-commerce; SAQ C for Card-present.',
        }),
        route('covering', ['D'], { why: 'SAQ D: the smallest SAQ that admits both channels.' }),
      ],
      recommended: sep === 'yes' ? 'per-channel' : 'covering',
      warnings: ['Running a Connect platform can make you a service provider.'],
    });
  }
  if (input.declined.includes('A.7')) {
    return scopeResult('A-EP', {
      rationale: ['Stripe Elements → SAQ A', 'E-commerce: you cannot confirm criterion A.7 of SAQ A → SAQ A-EP.'],
      escalations: [{ from: 'A', to: 'A-EP', because: 'Control scripts on the payment page or move to SAQ A-EP.', ask_qsa: true }],
      ask_qsa: true,
      eligibility: [],
      asked,
    });
  }
  return scopeResult('A', { eligibility: [criterionA1, criterionA7], asked, unanswered: asked.filter((q) => !input.answers[q]) });
}

function wizardAt(step: number, methods = ['elements']) {
  const ws = new WizardState();
  ws.rules = rules;
  ws.profile.legal_name = 'Kestrel Ceramics Ltd';
  ws.methods = methods;
  ws.step = step;
  ws.reached = step;
  return ws;
}

let created = 0;

describe('Scoping wizard', () => {
  beforeEach(() => {
    mockInvoke.mockReset();
    created = 0;
    app.view = 'wizard';
    app.current = null;
    serve((cmd, a) => {
      switch (cmd) {
        case 'scope':
          return scopeFor(a as unknown as ScopeInput);
        case 'scoping_rules':
          return rules;
        case 'list_merchants':
          return [];
        case 'set_merchant':
          return { id: 'm9', ...a };
        case 'new_assessment':
          created += 1;
          return { ...view().assessment, id: `new${created}`, saq: (a.saq as string) ?? 'A' };
        case 'confirm':
          return { status: view().status, declined: null };
        case 'open_assessment':
          return view();
        default:
          return null;
      }
    });
  });
  afterEach(() => cleanup());

  it('Back keeps every answer', async () => {
    const ws = wizardAt(2);
    render(Wizard, { props: { wizard: ws } });
    await fireEvent.click(await screen.findByTestId('question-third-party-scripts-no'));
    await fireEvent.click(screen.getByTestId('wizard-back'));
    expect(screen.getByTestId('method-elements')).toBeChecked();
    await fireEvent.click(screen.getByTestId('wizard-back'));
    expect(screen.getByTestId('merchant-legal-name')).toHaveValue('Kestrel Ceramics Ltd');
    expect(screen.getByTestId('provider-0-name')).toHaveValue('Stripe');
    expect(screen.getByTestId('provider-0-services')).toHaveValue('Payment processing');
    await fireEvent.click(screen.getByTestId('wizard-next'));
    await fireEvent.click(screen.getByTestId('wizard-next'));
    expect(await screen.findByTestId('question-third-party-scripts-no')).toBeChecked();
  });

  it('asks the follow-up questions the engine lists in asked, a follow-up once its answer calls for it', async () => {
    const ws = wizardAt(2);
    render(Wizard, { props: { wizard: ws } });
    expect(await screen.findByTestId('question-third-party-scripts')).toBeInTheDocument();
    expect(screen.queryByTestId('question-terminal-connected')).toBeNull();
    expect(screen.queryByTestId('question-scripts-managed')).toBeNull();
    expect(screen.queryByTestId('question-channels-separated')).toBeNull();
    await fireEvent.click(screen.getByTestId('question-third-party-scripts-yes'));
    expect(await screen.findByTestId('question-scripts-managed')).toBeInTheDocument();
    // Answered "no" again: the follow-up goes, and its answer is not sent while it is not asked.
    await fireEvent.click(screen.getByTestId('question-scripts-managed-yes'));
    await fireEvent.click(screen.getByTestId('question-third-party-scripts-no'));
    await waitFor(() => expect(screen.queryByTestId('question-scripts-managed')).toBeNull());
    await waitFor(() => expect(ws.scopedInput?.answers).toEqual({ 'third-party-scripts': 'no' }));
    expect(ws.answers['scripts-managed']).toBe('yes'); // kept, should the question come back
  });

  it('asks whether the channels are kept apart only with several channels', async () => {
    const ws = wizardAt(2, ['elements', 'terminal']);
    render(Wizard, { props: { wizard: ws } });
    expect(await screen.findByTestId('question-channels-separated')).toBeInTheDocument();
    expect(screen.getByTestId('question-terminal-connected')).toBeInTheDocument();
  });

  it('requires a legal name before moving on', async () => {
    const ws = wizardAt(0);
    ws.profile.legal_name = '';
    render(Wizard, { props: { wizard: ws } });
    await fireEvent.click(screen.getByTestId('wizard-next'));
    expect(screen.getByTestId('field-error-legal_name')).toHaveTextContent('legal name is required');
    expect(ws.step).toBe(0);
  });

  it('re-runs scope when a criterion is declined and shows the escalation', async () => {
    const ws = wizardAt(3);
    ws.answers = { 'third-party-scripts': 'no' };
    render(Wizard, { props: { wizard: ws } });
    await waitFor(() => expect(screen.getByTestId('scope-result-saq')).toHaveTextContent('SAQ A'));
    expect(mockInvoke).toHaveBeenCalledWith(...core('scope', { methods: ['elements'], answers: { 'third-party-scripts': 'no' }, declined: [] }));
    expect(screen.queryByTestId('escalations')).toBeNull();
    expect(screen.queryByTestId('routes')).toBeNull(); // one channel: nothing to choose

    await fireEvent.click(screen.getByTestId('criterion-A.1-confirm'));
    await fireEvent.click(screen.getByTestId('criterion-A.7-decline'));
    await waitFor(() => expect(screen.getByTestId('scope-result-saq')).toHaveTextContent('SAQ A-EP'));
    expect(mockInvoke).toHaveBeenCalledWith(...core('scope', { methods: ['elements'], answers: { 'third-party-scripts': 'no' }, declined: ['A.7'] }));
    expect(screen.getByTestId('escalations')).toHaveTextContent('Control scripts on the payment page');
    expect(screen.getByTestId('escalations')).toHaveTextContent('Ask your QSA');
    expect(screen.getByTestId('ask-qsa')).toBeInTheDocument();
    expect(screen.getByTestId('declined-A.7')).toHaveTextContent('Your website is not open to script attacks.');

    // Undo brings SAQ A back.
    await fireEvent.click(screen.getByTestId('undo-decline-A.7'));
    await waitFor(() => expect(screen.getByTestId('scope-result-saq')).toHaveTextContent(/^SAQ A$/));
  });

  it('warns about unanswered follow-up questions', async () => {
    const ws = wizardAt(3);
    render(Wizard, { props: { wizard: ws } });
    await waitFor(() => expect(screen.getByTestId('unanswered-warning')).toHaveTextContent('Does the payment page load third-party scripts?'));
  });

  it('creates the merchant, the assessment and the confirmations, then opens the checklist', async () => {
    const ws = wizardAt(3);
    ws.answers = { 'third-party-scripts': 'no' };
    ws.year = 2027;
    render(Wizard, { props: { wizard: ws } });
    await waitFor(() => expect(screen.getByTestId('criterion-A.1-confirm')).toBeInTheDocument());
    await fireEvent.click(screen.getByTestId('criterion-A.1-confirm'));
    await waitFor(() => expect(screen.getByTestId('create-assessment')).toBeEnabled());
    expect(screen.getByTestId('create-assessment')).toHaveTextContent('Create SAQ A assessment');
    await fireEvent.click(screen.getByTestId('create-assessment'));
    await waitFor(() => expect(app.view).toBe('checklist'));
    const made = calls().filter(([c]) => c !== 'scope');
    expect(made.map(([c]) => c)).toEqual(['set_merchant', 'new_assessment', 'confirm', 'open_assessment']);
    expect(made[0][1]).toMatchObject({ legal_name: 'Kestrel Ceramics Ltd', service_providers: [{ name: 'Stripe', services: 'Payment processing' }] });
    expect(made[0][1]).not.toHaveProperty('id');
    expect(made[1][1]).toEqual({ merchant: 'm9', year: 2027, scope: { methods: ['elements'], answers: { 'third-party-scripts': 'no' }, declined: [] }, route: 'covering' });
    expect(made[2][1]).toEqual({ assessment: 'new1', criterion: 'A.1', confirmed: true });
    expect(made[3][1]).toEqual({ assessment: 'new1' });
  });
});

describe('Scoping wizard: several channels, two filing routes', () => {
  beforeEach(() => {
    mockInvoke.mockReset();
    created = 0;
    app.view = 'wizard';
    app.current = null;
    serve((cmd, a) => {
      switch (cmd) {
        case 'scope':
          return scopeFor(a as unknown as ScopeInput);
        case 'set_merchant':
          return { id: 'm9', ...a };
        case 'new_assessment':
          created += 1;
          return { ...view().assessment, id: `new${created}`, saq: (a.saq as string) ?? 'D' };
        case 'confirm':
          return { status: view().status, declined: null };
        case 'open_assessment':
          return view();
        default:
          return null;
      }
    });
  });
  afterEach(() => cleanup());

  const twoChannels = (answers: Record<string, 'yes' | 'no'> = {}) => {
    const ws = wizardAt(3, ['elements', 'terminal']);
    ws.answers = { 'third-party-scripts': 'no', 'terminal-connected': 'no', ...answers };
    return ws;
  };

  it('shows both routes with who asks, why and which is recommended; never that Stripe wants a single SAQ', async () => {
    render(Wizard, { props: { wizard: twoChannels() } });
    const routes = await screen.findByTestId('routes');
    const per = within(routes).getByTestId('route-per-channel');
    const cover = within(routes).getByTestId('route-covering');
    expect(per).toHaveTextContent('One SAQ per payment channel');
    expect(per).toHaveTextContent('SAQ A');
    expect(per).toHaveTextContent('SAQ C');
    expect(per).toHaveTextContent('Stripe prepares one SAQ per channel.');
    expect(cover).toHaveTextContent('One SAQ covering every channel');
    expect(cover).toHaveTextContent('SAQ D: the smallest SAQ that admits both channels.');
    expect(cover).toHaveTextContent('An acquirer that wants a single form.');
    expect(screen.getByTestId('route-covering-recommended')).toBeInTheDocument();
    expect(screen.queryByTestId('route-per-channel-recommended')).toBeNull();
    // Per channel waits for the separation question, asked right there.
    expect(screen.getByTestId('route-per-channel-unavailable')).toHaveTextContent('Not available until answered');
    expect(screen.getByTestId('route-per-channel-choose')).toBeDisabled();
    expect(screen.getByTestId('route-pending-channels-separated')).toHaveTextContent('Are the channels kept apart from each other?');
    expect(screen.getByTestId('warnings')).toHaveTextContent('Running a Connect platform can make you a service provider.');
    expect(screen.getByTestId('scope-result-saq')).toHaveAttribute('data-saq', 'D');
    expect(document.body).not.toHaveTextContent(/single SAQ covering all methods/i);
  });

  it('"kept apart" makes per channel valid and recommended; creating it makes one assessment holding each SAQ', async () => {
    const ws = twoChannels();
    ws.year = 2027;
    render(Wizard, { props: { wizard: ws } });
    await fireEvent.click(await screen.findByTestId('route-pending-channels-separated-yes'));
    await waitFor(() => expect(screen.getByTestId('route-per-channel-recommended')).toBeInTheDocument());
    expect(screen.getByTestId('route-per-channel-choose')).toBeChecked();
    expect(screen.getByTestId('scope-result-saq')).toHaveAttribute('data-saq', 'A,C');
    expect(screen.getByTestId('eligibility-A')).toHaveTextContent('for E-commerce');
    expect(screen.getByTestId('eligibility-C')).toHaveTextContent('The payment application is on its own network segment.');
    await fireEvent.click(screen.getByTestId('criterion-A.1-confirm'));
    await fireEvent.click(screen.getByTestId('criterion-C.1-confirm'));
    expect(screen.getByTestId('create-assessment')).toHaveTextContent('Create one assessment with SAQ A and SAQ C');
    await fireEvent.click(screen.getByTestId('create-assessment'));
    await waitFor(() => expect(app.view).toBe('checklist'));
    const scope = { methods: ['elements', 'terminal'], answers: { 'third-party-scripts': 'no', 'terminal-connected': 'no', 'channels-separated': 'yes' }, declined: [] };
    // One assessment holding SAQ A and SAQ C; each SAQ's criteria are confirmed on it.
    expect(calls().filter(([c]) => c !== 'scope' && c !== 'set_merchant')).toEqual([
      ['new_assessment', { merchant: 'm9', year: 2027, scope, route: 'per-channel' }],
      ['confirm', { assessment: 'new1', criterion: 'A.1', confirmed: true }],
      ['confirm', { assessment: 'new1', criterion: 'C.1', confirmed: true }],
      ['open_assessment', { assessment: 'new1' }],
    ]);
  });

  it('the covering route can still be picked: one assessment, for the covering SAQ', async () => {
    const ws = twoChannels({ 'channels-separated': 'yes' });
    render(Wizard, { props: { wizard: ws } });
    await waitFor(() => expect(screen.getByTestId('route-per-channel-choose')).toBeChecked());
    await fireEvent.click(screen.getByTestId('route-covering-choose'));
    await waitFor(() => expect(screen.getByTestId('scope-result-saq')).toHaveAttribute('data-saq', 'D'));
    expect(screen.getByTestId('create-assessment')).toHaveTextContent('Create SAQ D assessment');
    await fireEvent.click(screen.getByTestId('create-assessment'));
    await waitFor(() => expect(app.view).toBe('checklist'));
    expect(calls().filter(([c]) => c === 'new_assessment')).toEqual([
      ['new_assessment', { merchant: 'm9', year: ws.year, scope: expect.objectContaining({ methods: ['elements', 'terminal'] }), route: 'covering' }],
    ]);
  });

  it('"not kept apart" leaves only the covering route', async () => {
    render(Wizard, { props: { wizard: twoChannels({ 'channels-separated': 'no' }) } });
    await waitFor(() => expect(screen.getByTestId('route-per-channel-unavailable')).toHaveTextContent(/^Not available$/));
    expect(screen.getByTestId('route-per-channel')).toHaveTextContent('your channels are not kept apart');
    expect(screen.getByTestId('route-covering-choose')).toBeChecked();
    expect(screen.queryByTestId('route-pending-channels-separated')).toBeNull();
  });
});
