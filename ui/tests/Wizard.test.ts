import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { invoke } from '@tauri-apps/api/core';
import Wizard from '../src/screens/Wizard.svelte';
import { WizardState } from '../src/lib/wizard.svelte';
import { app } from '../src/lib/state.svelte';
import type { ScopeInput } from '../src/lib/api';
import { criterionA1, criterionA7, rules, scopeResult, view } from './fixtures';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
const mockInvoke = vi.mocked(invoke);

function scopeFor(input: ScopeInput) {
  if (input.declined.includes('A.7')) {
    return scopeResult('A-EP', {
      rationale: ['Stripe Elements → SAQ A', 'E-commerce: you cannot confirm criterion A.7 of SAQ A → SAQ A-EP.'],
      escalations: [{ from: 'A', to: 'A-EP', because: 'Control scripts on the payment page or move to SAQ A-EP.', ask_qsa: true }],
      ask_qsa: true,
      eligibility: [],
    });
  }
  return scopeResult('A', { eligibility: [criterionA1, criterionA7], unanswered: input.answers['third-party-scripts'] ? [] : ['third-party-scripts'] });
}

function wizardAt(step: number) {
  const ws = new WizardState();
  ws.rules = rules;
  ws.profile.legal_name = 'Kestrel Ceramics Ltd';
  ws.methods = ['elements'];
  ws.step = step;
  ws.reached = step;
  return ws;
}

describe('Scoping wizard', () => {
  beforeEach(() => {
    mockInvoke.mockReset();
    mockInvoke.mockImplementation(async (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      switch (cmd) {
        case 'scope':
          return scopeFor(a.input as ScopeInput);
        case 'scoping_rules':
          return rules;
        case 'list_merchants':
          return [];
        case 'save_merchant':
          return { id: 'm9', ...(a.profile as object) };
        case 'create_assessment':
          return { ...view().assessment, id: 'new1' };
        case 'confirm':
          return view().status;
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
    await fireEvent.click(screen.getByTestId('question-third-party-scripts-no'));
    await fireEvent.click(screen.getByTestId('wizard-back'));
    expect(screen.getByTestId('method-elements')).toBeChecked();
    await fireEvent.click(screen.getByTestId('wizard-back'));
    expect(screen.getByTestId('merchant-legal-name')).toHaveValue('Kestrel Ceramics Ltd');
    expect(screen.getByTestId('provider-0-name')).toHaveValue('Stripe');
    expect(screen.getByTestId('provider-0-services')).toHaveValue('Payment processing');
    await fireEvent.click(screen.getByTestId('wizard-next'));
    await fireEvent.click(screen.getByTestId('wizard-next'));
    expect(screen.getByTestId('question-third-party-scripts-no')).toBeChecked();
  });

  it('asks only the follow-up questions of the chosen methods', async () => {
    const ws = wizardAt(2);
    render(Wizard, { props: { wizard: ws } });
    expect(screen.getByTestId('question-third-party-scripts')).toBeInTheDocument();
    expect(screen.queryByTestId('question-terminal-connected')).toBeNull();
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
    expect(mockInvoke).toHaveBeenCalledWith('scope', { input: { methods: ['elements'], answers: { 'third-party-scripts': 'no' }, declined: [] } });
    expect(screen.queryByTestId('escalations')).toBeNull();

    await fireEvent.click(screen.getByTestId('criterion-A.1-confirm'));
    await fireEvent.click(screen.getByTestId('criterion-A.7-decline'));
    await waitFor(() => expect(screen.getByTestId('scope-result-saq')).toHaveTextContent('SAQ A-EP'));
    expect(mockInvoke).toHaveBeenCalledWith('scope', { input: { methods: ['elements'], answers: { 'third-party-scripts': 'no' }, declined: ['A.7'] } });
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
    await fireEvent.click(screen.getByTestId('create-assessment'));
    await waitFor(() => expect(app.view).toBe('checklist'));
    const calls = mockInvoke.mock.calls.filter(([c]) => c !== 'scope');
    expect(calls.map(([c]) => c)).toEqual(['save_merchant', 'create_assessment', 'confirm', 'open_assessment']);
    expect(calls[0][1]).toMatchObject({ id: null, profile: { legal_name: 'Kestrel Ceramics Ltd', service_providers: [{ name: 'Stripe', services: 'Payment processing' }] } });
    expect(calls[1][1]).toEqual({ merchant: 'm9', year: 2027, saq: null, scope: { methods: ['elements'], answers: { 'third-party-scripts': 'no' }, declined: [] } });
    expect(calls[2][1]).toEqual({ id: 'new1', criterion: 'A.1', confirmed: true });
    expect(calls[3][1]).toEqual({ id: 'new1' });
  });
});
