import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import AnswerForm from '../src/screens/checklist/AnswerForm.svelte';
import { app } from '../src/lib/state.svelte';
import type { AnswerInput, Response } from '../src/lib/api';
import { requirements, response, status, view } from './fixtures';
import { core, mockInvoke, serve } from './transport';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const req = requirements[0];

function answerResult(input: Record<string, unknown> = {}) {
  return { response: response(req.id, input as never), status: status() };
}

function setup(r = response(req.id)) {
  app.current = view();
  return render(AnswerForm, { props: { req, response: r } });
}

/**
 * A stand-in for the core's `answer`, enough for these screens: it keeps the answer, works out a
 * bulleted requirement's response (none while a bullet is open, Not in Place if any is, else In
 * Place) and reports an N/A without explanation as a blocker, as the real core does.
 */
function fakeCore(reqId: string, bulletCount = 0) {
  let stored: Response = response(reqId);
  serve((cmd, args) => {
    if (cmd !== 'answer') return status();
    const input = args.input as AnswerInput;
    const { bullets = [], ...fields } = input;
    stored = { ...stored, ...(fields as Partial<Response>) };
    if (bullets.length) {
      const b = Array.from({ length: bulletCount }, (_, i) => bullets.find((x) => x.bullet === i + 1)?.response ?? stored.bullets?.[i] ?? null);
      stored.bullets = b;
      stored.response = b.some((x) => x === null) ? null : b.includes('not-in-place') ? 'not-in-place' : 'in-place';
    }
    const kinds = stored.bullets?.length ? stored.bullets : [stored.response];
    const blockers =
      kinds.includes('not-applicable') && !stored.explanation.trim() ? [{ item: reqId, code: 'explanation_missing', message: 'Not Applicable needs an explanation (Appendix C)' }] : [];
    return { response: stored, status: status({ blockers }) };
  });
}

async function settle() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('AnswerForm conditional fields', () => {
  afterEach(() => cleanup());
  beforeEach(() => {
    mockInvoke.mockReset();
    mockInvoke.mockResolvedValue(answerResult());
  });

  const cases: [string, { ccw: boolean; explanation: boolean; remediation: boolean }][] = [
    ['in-place', { ccw: false, explanation: false, remediation: false }],
    ['in-place-ccw', { ccw: true, explanation: false, remediation: false }],
    ['not-applicable', { ccw: false, explanation: true, remediation: false }],
    ['not-in-place', { ccw: false, explanation: false, remediation: true }],
  ];

  it.each(cases)('%s shows exactly its fields', async (kind, expected) => {
    setup();
    expect(screen.queryByTestId('ccw-constraints')).toBeNull();
    expect(screen.queryByTestId('explanation')).toBeNull();
    expect(screen.queryByTestId('remediation-date')).toBeNull();
    await fireEvent.click(screen.getByTestId(`response-${kind}`));
    expect(!!screen.queryByTestId('ccw-constraints')).toBe(expected.ccw);
    for (const f of ['constraints', 'definition', 'objective', 'objective_met', 'identified_risk', 'validation', 'maintenance']) {
      expect(!!screen.queryByTestId(`ccw-${f}`)).toBe(expected.ccw);
    }
    expect(!!screen.queryByTestId('explanation')).toBe(expected.explanation);
    expect(!!screen.queryByTestId('remediation-date')).toBe(expected.remediation);
    expect(!!screen.queryByTestId('remediation-plan')).toBe(expected.remediation);
    // Always there:
    expect(screen.getByTestId('notes')).toBeInTheDocument();
    expect(screen.getByTestId('owner')).toBeInTheDocument();
  });

  it('offers Not Tested only when the SAQ does', () => {
    setup();
    expect(screen.queryByTestId('response-not-tested')).toBeNull();
    cleanup();
    const v = view();
    v.assessment.snapshot.saq.responses = ['in-place', 'in-place-ccw', 'not-applicable', 'not-tested', 'not-in-place'];
    app.current = v;
    render(AnswerForm, { props: { req, response: undefined } });
    expect(screen.getByTestId('response-not-tested')).toBeInTheDocument();
  });

  it('hints that Not Applicable needs an explanation, until the explanation is saved', async () => {
    fakeCore(req.id);
    setup();
    await fireEvent.click(screen.getByTestId('response-not-applicable'));
    await waitFor(() => expect(screen.getByTestId('hint-explanation')).toHaveTextContent(/explanation/i));
    await fireEvent.input(screen.getByTestId('explanation'), { target: { value: 'We keep no paper.' } });
    await waitFor(() => expect(screen.queryByTestId('hint-explanation')).toBeNull(), { timeout: 2000 });
  });

  it('shows the carried-forward banner and marks the answer reviewed', async () => {
    mockInvoke.mockResolvedValueOnce(status());
    setup(response(req.id, { response: 'in-place', carried_forward: true, review_needed: true }));
    expect(screen.getByTestId('carried-forward')).toHaveTextContent('Carried forward from last year — review');
    await fireEvent.click(screen.getByTestId('mark-reviewed'));
    await settle();
    expect(mockInvoke).toHaveBeenCalledWith(...core('review', { assessment: 'a1', requirement: '8.2.1' }));
  });
});

describe('AnswerForm autosave', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    mockInvoke.mockReset();
    mockInvoke.mockResolvedValue(answerResult());
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('debounces typing: one answer call, ~600 ms after the last keystroke, with the final text', async () => {
    setup();
    const notes = screen.getByTestId('notes');
    for (const text of ['U', 'Us', 'User list reviewed']) {
      await fireEvent.input(notes, { target: { value: text } });
      await vi.advanceTimersByTimeAsync(200);
    }
    expect(screen.getByTestId('save-state')).toHaveTextContent('Saving…');
    expect(mockInvoke).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(399);
    expect(mockInvoke).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(mockInvoke).toHaveBeenCalledTimes(1);
    expect(mockInvoke).toHaveBeenCalledWith(...core('answer', { assessment: 'a1', requirement: '8.2.1', input: { bullets: [], notes: 'User list reviewed' } }));
    await vi.advanceTimersByTimeAsync(0);
    expect(screen.getByTestId('save-state')).toHaveTextContent('Saved ✓');
  });

  it('saves a response change immediately', async () => {
    setup();
    await fireEvent.click(screen.getByTestId('response-not-in-place'));
    await vi.advanceTimersByTimeAsync(0);
    expect(mockInvoke).toHaveBeenCalledTimes(1);
    expect(mockInvoke).toHaveBeenCalledWith(...core('answer', { assessment: 'a1', requirement: '8.2.1', input: { bullets: [], response: 'not-in-place' } }));
  });

  it('sends the remediation date and the CCW as the core expects them', async () => {
    setup();
    await fireEvent.click(screen.getByTestId('response-not-in-place'));
    await vi.advanceTimersByTimeAsync(0);
    await fireEvent.input(screen.getByTestId('remediation-date'), { target: { value: '2027-03-31' } });
    await vi.advanceTimersByTimeAsync(600);
    expect(mockInvoke).toHaveBeenLastCalledWith(...core('answer', { assessment: 'a1', requirement: '8.2.1', input: { bullets: [], remediation_date: '2027-03-31' } }));
    await fireEvent.click(screen.getByTestId('response-in-place-ccw'));
    await vi.advanceTimersByTimeAsync(0);
    await fireEvent.input(screen.getByTestId('ccw-objective'), { target: { value: 'Same protection' } });
    await vi.advanceTimersByTimeAsync(600);
    expect(mockInvoke).toHaveBeenLastCalledWith(...core('answer', {
      assessment: 'a1',
      requirement: '8.2.1',
      input: { bullets: [], ccw: { constraints: '', definition: '', objective: 'Same protection', objective_met: '', identified_risk: '', validation: '', maintenance: '' } },
    }));
  });

  it('shows a leak_refused error next to the named field and keeps the text', async () => {
    mockInvoke.mockRejectedValueOnce({
      code: 'leak_refused',
      message: 'notes refused: it contains what looks like a card number',
      field: 'notes',
    });
    setup();
    const notes = screen.getByTestId('notes') as HTMLTextAreaElement;
    await fireEvent.input(notes, { target: { value: 'Tested with 4111 1111 1111 1111' } });
    await vi.advanceTimersByTimeAsync(600);
    const err = screen.getByTestId('field-error-notes');
    expect(err).toHaveTextContent('looks like a card number');
    expect(notes.value).toBe('Tested with 4111 1111 1111 1111');
    expect(notes).toHaveAttribute('aria-invalid', 'true');
    // The error sits with the notes field, not somewhere else.
    expect(notes.closest('.field')).toContainElement(err);
    expect(screen.getByTestId('save-state')).toHaveTextContent('Not saved: notes refused');

    // Fixing the text saves again and clears the error.
    await fireEvent.input(notes, { target: { value: 'Tested with a Stripe test card' } });
    await vi.advanceTimersByTimeAsync(600);
    expect(mockInvoke).toHaveBeenLastCalledWith(...core('answer', { assessment: 'a1', requirement: '8.2.1', input: { bullets: [], notes: 'Tested with a Stripe test card' } }));
    expect(screen.queryByTestId('field-error-notes')).toBeNull();
    expect(screen.getByTestId('save-state')).toHaveTextContent('Saved ✓');
  });

  it('puts a CCW leak error under that CCW field', async () => {
    setup(response(req.id, { response: 'in-place-ccw' }));
    mockInvoke.mockRejectedValueOnce({ code: 'leak_refused', message: 'ccw.constraints refused: Stripe secret key', field: 'ccw.constraints' });
    const field = screen.getByTestId('ccw-constraints') as HTMLTextAreaElement;
    await fireEvent.input(field, { target: { value: 'key sk_live_abcdefghijkl' } });
    await vi.advanceTimersByTimeAsync(600);
    const err = screen.getByTestId('field-error-ccw.constraints');
    expect(err).toHaveTextContent('Stripe secret key');
    expect(field.closest('.field')).toContainElement(err);
    expect(field.value).toBe('key sk_live_abcdefghijkl');
  });
});

describe('AnswerForm per-bullet answers', () => {
  const bulleted = {
    ...requirements[0],
    id: '6.4.3',
    principal: '6',
    bullets: ['Each script is authorised', 'Each script is checked for tampering', 'Scripts are inventoried with a reason'],
  };

  beforeEach(() => {
    vi.useFakeTimers();
    mockInvoke.mockReset();
    fakeCore('6.4.3', 3);
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  function setupBulleted(r = response('6.4.3')) {
    app.current = view();
    return render(AnswerForm, { props: { req: bulleted, response: r } });
  }

  it('shows no bullet controls on a requirement answered as a whole', () => {
    setup();
    expect(screen.queryByTestId('bullets')).toBeNull();
  });

  it('answers one bullet at a time and shows what each bullet response needs', async () => {
    setupBulleted();
    expect(screen.getAllByTestId(/^bullet-\d$/)).toHaveLength(3);
    await fireEvent.click(screen.getByTestId('bullet-1-in-place'));
    await vi.advanceTimersByTimeAsync(0);
    expect(mockInvoke).toHaveBeenLastCalledWith(...core('answer', {
      assessment: 'a1',
      requirement: '6.4.3',
      input: { bullets: [{ bullet: 1, response: 'in-place' }, { bullet: 2, response: null }, { bullet: 3, response: null }] },
    }));
    expect(screen.getByTestId('bullets-open')).toHaveTextContent('2 of 3 bullets still need a response');
    // No whole-requirement response is selected while bullets are open.
    expect(screen.getByTestId('response-in-place')).not.toBeChecked();

    await fireEvent.click(screen.getByTestId('bullet-2-not-applicable'));
    await fireEvent.click(screen.getByTestId('bullet-3-in-place'));
    await vi.advanceTimersByTimeAsync(0);
    expect(screen.queryByTestId('bullets-open')).toBeNull();
    // Every bullet answered: In Place overall (the core's answer), and the N/A bullet still asks for Appendix C.
    expect(screen.getByTestId('response-in-place')).toBeChecked();
    expect(screen.getByTestId('hint-explanation')).toHaveTextContent(/Appendix C/);
    expect(screen.getByLabelText(/does not apply \(bullet 2\)/)).toBe(screen.getByTestId('explanation'));
    await fireEvent.click(screen.getByTestId('bullet-3-not-in-place'));
    await vi.advanceTimersByTimeAsync(0);
    expect(screen.getByTestId('response-not-in-place')).toBeChecked();
    expect(screen.getByTestId('remediation-date')).toBeInTheDocument();
  });

  it('a response for the whole requirement answers every bullet', async () => {
    setupBulleted();
    await fireEvent.click(screen.getByTestId('response-in-place'));
    await vi.advanceTimersByTimeAsync(0);
    for (const n of [1, 2, 3]) expect(screen.getByTestId(`bullet-${n}-in-place`)).toBeChecked();
    expect(mockInvoke).toHaveBeenLastCalledWith(...core('answer', {
      assessment: 'a1',
      requirement: '6.4.3',
      input: { bullets: [1, 2, 3].map((bullet) => ({ bullet, response: 'in-place' })) },
    }));
  });

  it("a requirement whose own row is answered too shows that row first, as the form prints it", async () => {
    app.current = view();
    const own = { ...bulleted, id: '12.5.2', bullets: ['Hardware is listed', 'Software is listed', 'Scope is confirmed every year'], own_row: true };
    render(AnswerForm, { props: { req: own, response: response('12.5.2') } });
    const rows = screen.getAllByTestId(/^bullet-\d$/);
    expect(rows.map((r) => r.getAttribute('data-testid'))).toEqual(['bullet-3', 'bullet-1', 'bullet-2']);
    expect(rows[0]).toHaveTextContent('The requirement itself: Scope is confirmed every year');
    await fireEvent.click(screen.getByTestId('bullet-3-not-applicable'));
    expect(screen.getByLabelText(/\(the requirement itself\)/)).toBe(screen.getByTestId('explanation'));
  });

  it('an answer saved for the whole requirement shows on every bullet', () => {
    setupBulleted(response('6.4.3', { response: 'in-place' }));
    for (const n of [1, 2, 3]) expect(screen.getByTestId(`bullet-${n}-in-place`)).toBeChecked();
  });
});
