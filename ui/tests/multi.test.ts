// One assessment holding several SAQs (SAQ A for the web shop, SAQ C for the store's readers):
// the home card, the checklist (switcher, shared answers, split and join), attestation and export
// per SAQ. Single-SAQ assessments must show none of it.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import Home from '../src/screens/Home.svelte';
import Checklist from '../src/screens/Checklist.svelte';
import Attestation from '../src/screens/Attestation.svelte';
import Export from '../src/screens/Export.svelte';
import { app } from '../src/lib/state.svelte';
import type { AssessmentSummary, Response, Status } from '../src/lib/api';
import { multiView, response, status, view } from './fixtures';
import { calls, core, door, mockInvoke, serve } from './transport';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

afterEach(() => cleanup());
beforeEach(() => {
  mockInvoke.mockReset();
  app.current = multiView();
  app.saq = null;
  app.docSaq = null;
  app.focus = null;
  app.view = 'checklist';
});

function listed(): string[] {
  return within(screen.getByTestId('req-list'))
    .getAllByRole('button')
    .map((b) => b.getAttribute('data-req') ?? '')
    .filter(Boolean);
}
const selected = () => screen.getByTestId('req-detail').getAttribute('data-req-id');

describe('Home with several SAQs', () => {
  const summary: AssessmentSummary = {
    id: 'a1',
    merchant_id: 'm1',
    merchant_name: 'Fjord & Fell Outdoor AS',
    year: 2026,
    saq: 'A + C',
    status: 'draft',
    answered: 107,
    total: 150,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    attested_on: null,
    previous_id: null,
    saqs: [
      { saq: 'A', channels: ['ecommerce'], status: 'attested', answered: 27, total: 27, attested_on: '2026-11-10' },
      { saq: 'C', channels: ['card-present'], status: 'draft', answered: 80, total: 123, attested_on: null },
    ],
  };

  it('shows each SAQ of the assessment in its card, with its channels, state, progress and date', async () => {
    const single = { ...summary, id: 'a0', year: 2025, saq: 'A', status: 'attested' as const, answered: 27, total: 27, saqs: [summary.saqs[0]] };
    serve((cmd) => (cmd === 'list_assessments' ? [summary, single] : null));
    render(Home, { props: { onnew: () => {} } });
    const head = await screen.findByTestId('assessment-a1');
    expect(head).toHaveTextContent('SAQ A');
    expect(head).toHaveTextContent('SAQ C');
    expect(head).toHaveTextContent('2 SAQs, one per payment channel');
    const a = screen.getByTestId('assessment-a1-saq-A');
    expect(a).toHaveTextContent('e-commerce');
    expect(within(a).getByTestId('status-badge')).toHaveTextContent('Attested');
    expect(within(a).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '27');
    expect(a).toHaveTextContent('10 Nov 2026');
    const c = screen.getByTestId('assessment-a1-saq-C');
    expect(c).toHaveTextContent('card-present');
    expect(within(c).getByTestId('status-badge')).toHaveTextContent('Draft');
    expect(within(c).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '80');
    expect(within(c).getByRole('progressbar')).toHaveAttribute('aria-valuemax', '123');
    // A single-SAQ assessment keeps its one row.
    expect(screen.queryByTestId('assessment-a0-saq-A')).toBeNull();
    expect(within(screen.getByTestId('assessment-a0')).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '27');
  });
});

describe('Checklist with several SAQs', () => {
  function answering() {
    const sent: Record<string, unknown>[] = [];
    serve((cmd, args) => {
      if (cmd === 'answer') {
        sent.push(args);
        const a = args as { requirement: string; input: { response?: string }; saq?: string };
        const r = response(a.requirement, { response: (a.input.response ?? null) as never, ...(a.saq ? { saq: a.saq } : {}) });
        const st = (saq: string, answered: number): Status => status({ saq, answered, total: 3, progress: [] });
        return { response: r, status: st(a.saq ?? 'A', 3), statuses: [st('A', 3), st('C', 3)] };
      }
      if (cmd === 'split') return [response('8.2.1', { response: 'in-place', saq: 'A' }), response('8.2.1', { response: 'in-place', saq: 'C' })];
      if (cmd === 'join') return response('12.8.1', { response: 'in-place' });
      if (cmd === 'status') return status({ saq: (args as { saq: string }).saq, total: 3, answered: 3, progress: [] });
      return null;
    });
    return sent;
  }

  it('lists every requirement once, in order, with the SAQs that have it; the switcher narrows to one SAQ', async () => {
    answering();
    render(Checklist);
    expect(listed()).toEqual(['1.3.1', '3.2.1', '8.2.1', '12.8.1']);
    expect(screen.getByTestId('req-saqs-8.2.1')).toHaveTextContent('A · C');
    expect(screen.getByTestId('req-saqs-3.2.1')).toHaveTextContent('A');
    expect(screen.getByTestId('req-saqs-1.3.1')).toHaveTextContent('C');
    // Answered separately: each SAQ's answer, named.
    expect(screen.getByTestId('req-12.8.1')).toHaveTextContent('A: N/A');
    expect(screen.getByTestId('req-12.8.1')).toHaveTextContent('C: In Place');
    // Each SAQ with its own progress, from the core's status.
    expect(screen.getByTestId('saq-progress-A')).toHaveTextContent('3/3');
    expect(screen.getByTestId('saq-progress-C')).toHaveTextContent('2/3');
    expect(within(screen.getByTestId('saq-tab-all')).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '3');
    expect(within(screen.getByTestId('saq-tab-all')).getByRole('progressbar')).toHaveAttribute('aria-valuemax', '4');
    // Opens on the first requirement not answered for every SAQ.
    expect(selected()).toBe('1.3.1');

    await fireEvent.click(screen.getByTestId('saq-tab-A'));
    expect(listed()).toEqual(['3.2.1', '8.2.1', '12.8.1']);
    expect(screen.getByTestId('saq-tab-A')).toHaveAttribute('aria-pressed', 'true');
    expect(selected()).toBe('3.2.1');
    expect(screen.getByTestId('req-12.8.1')).toHaveTextContent('N/A');
    await fireEvent.click(screen.getByTestId('saq-tab-C'));
    expect(listed()).toEqual(['1.3.1', '8.2.1', '12.8.1']);
    await fireEvent.click(screen.getByTestId('filter-unanswered'));
    expect(listed()).toEqual(['1.3.1']);
    await fireEvent.click(screen.getByTestId('saq-tab-all'));
    expect(listed()).toEqual(['1.3.1']);
  });

  it('a shared requirement is answered once: it says it counts for both, and both SAQs’ progress follows', async () => {
    app.current!.saqs[0].responses = app.current!.saqs[0].responses.filter((r) => r.requirement_id !== '8.2.1');
    app.current!.saqs[1].responses = app.current!.saqs[1].responses.filter((r) => r.requirement_id !== '8.2.1');
    const sent = answering();
    render(Checklist);
    await fireEvent.click(screen.getByTestId('req-8.2.1'));
    await waitFor(() => expect(selected()).toBe('8.2.1'));
    expect(screen.getByTestId('answer-scope')).toHaveAttribute('data-scope', 'shared');
    expect(screen.getByTestId('answer-counts')).toHaveTextContent('One answer counts for SAQ A and SAQ C');
    expect(screen.getByTestId('detail-saqs')).toHaveTextContent('SAQ A');
    expect(screen.getByTestId('detail-saqs')).toHaveTextContent('SAQ C');
    // Each SAQ's applicability note, named.
    expect(screen.getByTestId('saq-notes')).toHaveTextContent('Applicability in SAQ A');
    expect(screen.getByTestId('saq-notes')).toHaveTextContent('Applicability in SAQ C');
    expect(screen.getAllByTestId('answer-form')).toHaveLength(1);
    await fireEvent.click(screen.getByTestId('response-in-place'));
    await waitFor(() => expect(sent).toHaveLength(1));
    // The shared answer: no SAQ named.
    expect(mockInvoke).toHaveBeenCalledWith(...core('answer', { assessment: 'a1', requirement: '8.2.1', input: { bullets: [], response: 'in-place' } }));
    await waitFor(() => expect(screen.getByTestId('saq-progress-C')).toHaveTextContent('3/3'));
    expect(screen.getByTestId('saq-progress-A')).toHaveTextContent('3/3');
    // It counts for each SAQ that has it.
    expect(app.current!.saqs.every((p) => p.responses.some((r) => r.requirement_id === '8.2.1' && r.response === 'in-place'))).toBe(true);
  });

  it('“Answer separately for each SAQ” splits it into one form per SAQ, each answering its own SAQ', async () => {
    const sent = answering();
    render(Checklist);
    await fireEvent.click(screen.getByTestId('req-8.2.1'));
    await waitFor(() => expect(selected()).toBe('8.2.1'));
    await fireEvent.click(screen.getByTestId('split'));
    expect(mockInvoke).toHaveBeenCalledWith(...core('split', { assessment: 'a1', requirement: '8.2.1' }));
    await waitFor(() => expect(screen.getByTestId('answer-scope')).toHaveAttribute('data-scope', 'split'));
    const formA = screen.getByTestId('answer-form-A');
    const formC = screen.getByTestId('answer-form-C');
    expect(formA).toHaveTextContent('Answer for SAQ A — e-commerce');
    expect(formC).toHaveTextContent('Answer for SAQ C — card-present');
    await fireEvent.click(within(formA).getByTestId('response-not-applicable'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(mockInvoke).toHaveBeenCalledWith(
      ...core('answer', { assessment: 'a1', requirement: '8.2.1', input: { bullets: [], response: 'not-applicable' }, saq: 'A' }),
    );
    expect(within(formA).getByTestId('explanation')).toBeInTheDocument();
    expect(within(formC).queryByTestId('explanation')).toBeNull();
    expect(within(formC).getByTestId('response-in-place')).toBeChecked();
    // Only SAQ A's answer changed.
    const in821 = (saq: string) => app.parts.find((p) => p.saq === saq)!.responses.find((r: Response) => r.requirement_id === '8.2.1');
    expect(in821('A')?.response).toBe('not-applicable');
    expect(in821('C')?.response).toBe('in-place');
  });

  it('“Use one answer for both” joins, keeping the SAQ chosen', async () => {
    answering();
    render(Checklist);
    await fireEvent.click(screen.getByTestId('req-12.8.1'));
    await waitFor(() => expect(selected()).toBe('12.8.1'));
    expect(screen.getByTestId('answer-scope')).toHaveTextContent('SAQ A — Not Applicable; SAQ C — In Place');
    await fireEvent.click(screen.getByTestId('join'));
    await fireEvent.click(screen.getByTestId('join-keep-C'));
    await fireEvent.click(screen.getByTestId('join-confirm'));
    await waitFor(() => expect(mockInvoke).toHaveBeenCalledWith(...core('join', { assessment: 'a1', requirement: '12.8.1', keep: 'C' })));
    await waitFor(() => expect(screen.getByTestId('answer-scope')).toHaveAttribute('data-scope', 'shared'));
    // Both SAQs' statuses are read again: each SAQ named.
    expect(calls().filter(([c]) => c === 'status').map(([, a]) => a.saq)).toEqual(['A', 'C']);
    expect(screen.getByTestId('response-in-place')).toBeChecked();
  });

  it('with one SAQ attested, its shared answer is frozen and says how to change it for the other SAQ', async () => {
    app.current = multiView({ attestedA: true });
    answering();
    render(Checklist);
    await fireEvent.click(screen.getByTestId('req-8.2.1'));
    await waitFor(() => expect(selected()).toBe('8.2.1'));
    expect(screen.getByTestId('frozen-shared')).toHaveTextContent('SAQ A is attested');
    expect(screen.getByTestId('frozen-shared')).toHaveTextContent('To change it for SAQ C, answer separately for each SAQ');
    expect(screen.getByTestId('response-in-place')).toBeDisabled();
    expect(screen.getByTestId('split')).toBeEnabled();
    // Answered separately, SAQ C's form is open while SAQ A's stays frozen; joining is off.
    await fireEvent.click(screen.getByTestId('req-12.8.1'));
    await waitFor(() => expect(selected()).toBe('12.8.1'));
    expect(within(screen.getByTestId('answer-form-A')).getByTestId('response-in-place')).toBeDisabled();
    expect(within(screen.getByTestId('answer-form-C')).getByTestId('response-in-place')).toBeEnabled();
    expect(screen.getByTestId('join')).toBeDisabled();
    // The answer keys go to the SAQ whose answer can still change.
    await fireEvent.keyDown(window, { key: '3' });
    await waitFor(() =>
      expect(mockInvoke).toHaveBeenCalledWith(
        ...core('answer', { assessment: 'a1', requirement: '12.8.1', input: { bullets: [], response: 'not-applicable' }, saq: 'C' }),
      ),
    );
  });

  it('a requirement only one SAQ has says so plainly', async () => {
    answering();
    render(Checklist);
    expect(selected()).toBe('1.3.1');
    expect(screen.getByTestId('answer-scope')).toHaveAttribute('data-scope', 'single');
    expect(screen.getByTestId('answer-scope')).toHaveTextContent('Only SAQ C — card-present has this requirement');
    expect(screen.queryByTestId('split')).toBeNull();
    await fireEvent.click(screen.getByTestId('response-in-place'));
    await waitFor(() =>
      expect(mockInvoke).toHaveBeenCalledWith(...core('answer', { assessment: 'a1', requirement: '1.3.1', input: { bullets: [], response: 'in-place' } })),
    );
  });

  it('a single-SAQ assessment shows no switcher, no SAQ badges and no answer scope', () => {
    app.current = view();
    answering();
    render(Checklist);
    expect(screen.queryByTestId('saq-switcher')).toBeNull();
    expect(screen.queryByTestId('req-saqs-8.2.1')).toBeNull();
    expect(screen.queryByTestId('answer-scope')).toBeNull();
    expect(screen.queryByTestId('detail-saqs')).toBeNull();
  });
});

describe('Attestation with several SAQs', () => {
  it('shows the first SAQ not yet attested, with its own blockers and criteria; attests it by name', async () => {
    app.current = multiView({ attestedA: true });
    serve((cmd) => {
      if (cmd === 'confirm') return { status: status({ saq: 'C', blockers: [], ready: true, progress: [] }), declined: null };
      if (cmd === 'attest') return {};
      if (cmd === 'open_assessment') return multiView({ attestedA: true });
      return null;
    });
    render(Attestation);
    expect(screen.getByTestId('saq-tab-C')).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('blocker-list')).toHaveTextContent('C.1');
    expect(screen.getByTestId('blocker-list')).toHaveTextContent('1.3.1');
    expect(screen.getByText('Eligibility for SAQ C')).toBeInTheDocument();
    // SAQ A's signatory is offered for SAQ C.
    expect(screen.getByTestId('signatory-name')).toHaveValue('Ruth Pascoe');
    await fireEvent.click(screen.getByTestId('criterion-C.1-confirm'));
    expect(mockInvoke).toHaveBeenCalledWith(...core('confirm', { assessment: 'a1', criterion: 'C.1', confirmed: true }));
    await waitFor(() => expect(screen.queryByTestId('blocker-C.1')).toBeNull());
    for (const i of [1, 2, 3]) await fireEvent.click(screen.getByTestId(`ack-${i}`));
    await waitFor(() => expect(screen.getByTestId('attest')).toBeEnabled());
    await fireEvent.click(screen.getByTestId('attest'));
    await waitFor(() =>
      expect(mockInvoke).toHaveBeenCalledWith(...core('attest', { assessment: 'a1', input: expect.objectContaining({ name: 'Ruth Pascoe', title: 'Partner' }), saq: 'C' })),
    );
  });

  it('an attested SAQ shows as such while the other can still be signed; AOC Part 2 is saved per SAQ', async () => {
    app.current = multiView({ attestedA: true });
    serve((cmd, args) => {
      if (cmd === 'set_details') return { ...app.current!.assessment, details: { ...app.current!.saqs[1].details, ...(args as object) } };
      if (cmd === 'status') return { ...app.parts.find((p) => p.saq === (args as { saq: string }).saq)!.status };
      return null;
    });
    render(Attestation);
    // Part 2b offers a row for SAQ C's own channel.
    expect(screen.getByTestId('details-channel_roles[0].channel')).toHaveValue('Card-present');
    await fireEvent.input(screen.getByTestId('details-channel_roles[0].how'), { target: { value: 'Cards are tapped on the store’s Stripe Terminal readers.' } });
    await waitFor(() => expect(calls().some(([c]) => c === 'set_details')).toBe(true), { timeout: 3000 });
    const [, patch] = calls().find(([c]) => c === 'set_details')!;
    expect(patch).toMatchObject({ assessment: 'a1', saq: 'C', channel_roles: [{ channel: 'Card-present', how: 'Cards are tapped on the store’s Stripe Terminal readers.' }] });
    await fireEvent.click(screen.getByTestId('saq-tab-A'));
    const done = await screen.findByTestId('attested');
    expect(done).toHaveTextContent('SAQ A attested');
    expect(done).toHaveTextContent('Ruth Pascoe');
    expect(done).toHaveTextContent('SAQ C is still open');
    expect(screen.queryByTestId('attest')).toBeNull();
    expect(screen.getByTestId('saq-tab-A')).toHaveTextContent('Attested');
    expect(screen.getByTestId('saq-tab-C')).toHaveTextContent('Draft');
    await fireEvent.click(screen.getByTestId('attest-next-C'));
    await waitFor(() => expect(screen.getByTestId('attest')).toBeInTheDocument());
  });
});

describe('Export with several SAQs', () => {
  it('exports the chosen SAQ’s PDF and bundle under the names the core suggests', async () => {
    app.current = multiView({ attestedA: true });
    serve((cmd, args) => {
      const a = args as { kind?: string; saq?: string };
      if (cmd === 'suggested_file_name') return `Fjord-SAQ-${a.saq}-2026.${a.kind === 'bundle' ? 'zip' : 'pdf'}`;
      if (cmd === 'save_report') return { path: `/home/u/Fjord-SAQ-${a.saq}-2026.pdf`, sha256: 'f'.repeat(64), bytes: 1000 };
      if (cmd === 'blank_forms' || cmd === 'filled_forms') return [];
      return null;
    });
    render(Export);
    // The first SAQ not yet attested: SAQ C, a draft.
    expect(screen.getByTestId('saq-tab-C')).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('export-draft')).toHaveTextContent('SAQ C is not attested yet');
    await waitFor(() => expect(screen.getByTestId('export-pdf-name')).toHaveTextContent('Fjord-SAQ-C-2026.pdf'));
    expect(screen.getByTestId('export-bundle-name')).toHaveTextContent('Fjord-SAQ-C-2026.zip');
    expect(mockInvoke).toHaveBeenCalledWith(...core('suggested_file_name', { assessment: 'a1', kind: 'pdf', saq: 'C' }));
    await fireEvent.click(screen.getByTestId('saq-tab-A'));
    expect(screen.queryByTestId('export-draft')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('export-pdf-name')).toHaveTextContent('Fjord-SAQ-A-2026.pdf'));
    await fireEvent.click(screen.getByTestId('export-pdf'));
    await waitFor(() => expect(screen.getByTestId('export-result')).toHaveTextContent('Evidence PDF of SAQ A saved'));
    expect(mockInvoke).toHaveBeenCalledWith(...door('save_report', { assessment: 'a1', kind: 'pdf', saq: 'A' }));
  });

  it('a single-SAQ assessment exports as before: no SAQ named, no switcher', async () => {
    app.current = view();
    serve((cmd) => (cmd === 'blank_forms' || cmd === 'filled_forms' ? [] : null));
    render(Export);
    expect(screen.queryByTestId('saq-switcher')).toBeNull();
    await fireEvent.click(screen.getByTestId('export-pdf'));
    expect(mockInvoke).toHaveBeenCalledWith(...door('save_report', { assessment: 'a1', kind: 'pdf' }));
    // The official form card reads the kept blanks and this assessment's fills, naming no SAQ.
    expect(calls()).toEqual([
      ['blank_forms', {}],
      ['filled_forms', { assessment: 'a1' }],
      ['save_report', { assessment: 'a1', kind: 'pdf' }],
    ]);
  });
});
