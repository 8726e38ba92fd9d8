import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../src/App.svelte';
import Home from '../src/screens/Home.svelte';
import Attestation from '../src/screens/Attestation.svelte';
import Export from '../src/screens/Export.svelte';
import { app } from '../src/lib/state.svelte';
import type { AssessmentSummary } from '../src/lib/api';
import { status, view } from './fixtures';
import { commands, core, door, mockInvoke, serve, serveValue } from './transport';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const summary = (over: Partial<AssessmentSummary> = {}): AssessmentSummary => ({
  id: 'a1',
  merchant_id: 'm1',
  merchant_name: 'Test Merchant Ltd',
  year: 2026,
  saq: 'A',
  status: 'draft',
  answered: 12,
  total: 27,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  attested_on: null,
  previous_id: null,
  saqs: [],
  ...over,
});

afterEach(() => cleanup());
beforeEach(() => {
  mockInvoke.mockReset();
  app.current = view();
  app.view = 'attest';
});

describe('Home', () => {
  it('explains what to do first when there is nothing yet', async () => {
    serveValue([]);
    render(Home, { props: { onnew: () => {} } });
    await waitFor(() => expect(screen.getByTestId('empty-state')).toHaveTextContent('No assessments yet'));
  });

  it('lists assessments with status and progress in one call (and what is due in another)', async () => {
    serve((cmd) => {
      if (cmd === 'list_assessments') return [summary({ status: 'ready' }), summary({ id: 'a0', year: 2025, status: 'attested', answered: 27, attested_on: '2025-11-20' })];
      return null;
    });
    render(Home, { props: { onnew: () => {} } });
    const row = await screen.findByTestId('assessment-a1');
    await waitFor(() => expect(within(row).getByTestId('status-badge')).toHaveTextContent('Ready to attest'));
    expect(within(row).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '12');
    expect(within(screen.getByTestId('assessment-a0')).getByTestId('status-badge')).toHaveTextContent('Attested');
    expect(screen.getByTestId('assessment-a0')).toHaveTextContent('20 Nov 2025');
    expect(commands()).toEqual(['list_assessments', 'due']);
  });

  it('delete asks first, says a backup is kept, then shows where', async () => {
    serve((cmd) => {
      if (cmd === 'list_assessments') return [summary()];
      if (cmd === 'status') return status();
      if (cmd === 'delete_assessment') return { backup: '/home/u/.local/share/saqdesk/backups/before-delete.db' };
      return null;
    });
    render(Home, { props: { onnew: () => {} } });
    await fireEvent.click(await screen.findByTestId('delete-a1'));
    expect(screen.getByTestId('delete-dialog')).toHaveTextContent('backup');
    expect(commands()).not.toContain('delete_assessment');
    await fireEvent.click(screen.getByTestId('delete-confirm'));
    await waitFor(() => expect(screen.getByTestId('backup-path')).toHaveTextContent('/home/u/.local/share/saqdesk/backups/before-delete.db'));
    expect(mockInvoke).toHaveBeenCalledWith(...core('delete_assessment', { assessment: 'a1' }));
  });

  it('roll forward asks for the year and shows the returned diff', async () => {
    serve((cmd) => {
      if (cmd === 'list_assessments') return [summary()];
      if (cmd === 'status') return status();
      if (cmd === 'roll_forward')
        return {
          assessment: { ...view().assessment, id: 'a2', year: 2027 },
          previous_id: 'a1',
          carried_answers: 25,
          carried_evidence: 4,
          stale_evidence: ['e1'],
          diff: { from_version: 'v4.0.1 SAQ A r1', to_version: 'v4.0.1 SAQ A r2', added: ['6.4.3'], removed: ['9.4.4'], changed: ['8.3.6'] },
        };
      return null;
    });
    render(Home, { props: { onnew: () => {} } });
    await fireEvent.click(await screen.findByTestId('roll-forward-a1'));
    expect(screen.getByTestId('roll-forward-year')).toHaveValue(2027);
    await fireEvent.click(screen.getByTestId('roll-forward-confirm'));
    const result = await screen.findByTestId('roll-forward-result');
    expect(mockInvoke).toHaveBeenCalledWith(...core('roll_forward', { from: 'a1', year: 2027 }));
    expect(result).toHaveTextContent('25 answers and 4 evidence files');
    expect(result).toHaveTextContent('1 evidence file is older than 12 months');
    expect(screen.getByTestId('diff-added')).toHaveTextContent('6.4.3');
    expect(screen.getByTestId('diff-removed')).toHaveTextContent('9.4.4');
    expect(screen.getByTestId('diff-changed')).toHaveTextContent('8.3.6');
  });
});

describe('Attestation', () => {
  it('lists blockers by code and jumps to the requirement', async () => {
    app.current = view({
      status: status({
        blockers: [
          { item: 'A.7', code: 'eligibility_unconfirmed', message: 'eligibility criterion not confirmed: scripts' },
          { item: '8.3.6', code: 'unanswered', message: 'no response yet' },
          { item: '12.8.4', code: 'unanswered', message: 'no response yet' },
          { item: '12.8.1', code: 'review_needed', message: 'carried forward from last year; review and save it' },
        ],
      }),
    });
    render(Attestation);
    const list = screen.getByTestId('blocker-list');
    expect(within(list).getByTestId('blocker-group-unanswered')).toHaveTextContent('Requirements without a response');
    expect(within(list).getByTestId('blocker-group-eligibility_unconfirmed')).toBeInTheDocument();
    expect(screen.getByTestId('attest')).toBeDisabled();
    await fireEvent.click(screen.getByTestId('blocker-12.8.4'));
    await waitFor(() => expect(app.view).toBe('checklist'));
    expect(app.focus).toBe('12.8.4');
  });

  it('shows the compliance year’s warnings apart from the blockers: they never disable Attest', async () => {
    const message = '11.3.2 is answered In Place, but no dated evidence covers the period Q3 (1 Jul – 30 Sep 2026).';
    app.current = view({
      status: status({
        ready: true,
        blockers: [],
        warnings: [{ requirement: '11.3.2', kind: 'uncovered-periods', periods: [], message }],
      }),
    });
    render(Attestation);
    expect(screen.getByTestId('blocker-list')).toHaveTextContent('Every requirement is answered');
    const warnings = screen.getByTestId('warning-list');
    expect(warnings).toHaveTextContent('1 warning');
    expect(warnings).toHaveTextContent(message);
    await fireEvent.click(screen.getByTestId('warning-11.3.2'));
    await waitFor(() => expect(app.view).toBe('checklist'));
    expect(app.focus).toBe('11.3.2');
  });

  it('shows no warnings section when the year has none', () => {
    app.current = view({ status: status({ warnings: [] }) });
    render(Attestation);
    expect(screen.queryByTestId('warning-list')).toBeNull();
  });

  it('an empty AOC Part 2b/2c blocks; its blocker leads to the field, and filling it refreshes the status', async () => {
    const aoc = [
      { item: 'AOC-2b', code: 'aoc_incomplete', message: 'AOC Part 2b is empty: describe how each payment channel stores, processes or transmits card data' },
      { item: 'AOC-2c', code: 'aoc_incomplete', message: 'AOC Part 2c is empty: describe the systems, networks and locations this assessment covers' },
    ];
    app.current = view({ status: status({ blockers: aoc }) });
    serve((cmd, args) => {
      if (cmd === 'set_details') {
        const { assessment: _id, ...details } = args;
        return { ...app.current!.assessment, details: { ...app.current!.assessment.details, ...details } };
      }
      if (cmd === 'status') return status({ blockers: [aoc[1]] });
      return null;
    });
    render(Attestation);
    const group = screen.getByTestId('blocker-group-aoc_incomplete');
    expect(group).toHaveTextContent('AOC executive summary incomplete');
    expect(group).toHaveTextContent('AOC Part 2c is empty');
    await fireEvent.click(screen.getByTestId('blocker-AOC-2b'));
    // Part 2b is the form's table: the blocker leads to its first row.
    const field = screen.getByTestId('details-channel_roles[0].how');
    expect(document.activeElement).toBe(field);
    await fireEvent.input(screen.getByTestId('details-channel_roles[0].channel'), { target: { value: 'E-commerce' } });
    await fireEvent.input(field, { target: { value: 'Card data goes from the customer straight to Stripe Checkout.' } });
    await waitFor(() => expect(commands()).toContain('status'), { timeout: 3000 });
    // The whole form goes as one patch of the assessment's details; never the one-line Part 1b of
    // earlier releases, which would overwrite the QSA and the ISAs.
    expect(mockInvoke).toHaveBeenCalledWith(
      ...core('set_details', {
        assessment: 'a1',
        how_channels_handle_data: '',
        channel_roles: [{ channel: 'E-commerce', how: 'Card data goes from the customer straight to Stripe Checkout.' }],
        channels_excluded: '',
        environment_description: '',
        segmentation_used: false,
        validated_products: '',
        uses_validated_products: null,
        products: [],
        providers_handle_account_data: null,
        providers_manage_components: null,
        providers_could_affect_security: null,
        isa_names: [],
        qsa: { company_name: '', mailing_address: '', website: '', lead_assessor: '', phone: '', email: '', certificate_number: '' },
        qsa_performed_testing: false,
        qsa_assistance: '',
        isa_performed_testing: false,
        isa_assistance: '',
      }),
    );
    await waitFor(() => expect(screen.queryByTestId('blocker-AOC-2b')).toBeNull());
    expect(screen.getByTestId('blocker-AOC-2c')).toBeInTheDocument();
  });

  it('needs name, title and all three acknowledgements, then attests', async () => {
    app.current = view({ status: status({ blockers: [], ready: true, status: 'ready' }) });
    serve((cmd) => {
      if (cmd === 'attest') return {};
      if (cmd === 'open_assessment')
        return view({
          attestation: {
            id: 't1',
            assessment_id: 'a1',
            signatory_name: 'Ruth Pascoe',
            signatory_title: 'Partner',
            signed_on: '2026-11-23',
            compliance: 'compliant',
            acknowledgements: [],
            pdf_sha256: null,
            created_at: '2026-11-23T10:00:00Z',
            created_by: 'Ruth',
            saq: 'A',
          },
        });
      return null;
    });
    render(Attestation);
    const attest = screen.getByTestId('attest');
    await fireEvent.input(screen.getByTestId('signatory-name'), { target: { value: 'Ruth Pascoe' } });
    await fireEvent.input(screen.getByTestId('signatory-title'), { target: { value: 'Partner' } });
    await fireEvent.click(screen.getByTestId('ack-1'));
    await fireEvent.click(screen.getByTestId('ack-2'));
    expect(attest).toBeDisabled();
    await fireEvent.click(screen.getByTestId('ack-3'));
    expect(attest).toBeEnabled();
    await fireEvent.click(attest);
    await waitFor(() => expect(screen.getByTestId('attested')).toHaveTextContent('Ruth Pascoe'));
    expect(mockInvoke).toHaveBeenCalledWith(...core('attest', { assessment: 'a1', input: expect.objectContaining({ name: 'Ruth Pascoe', title: 'Partner' }) }));
  });

  it('declining a criterion records it and explains where it leads', async () => {
    serveValue({ status: status(), declined: null });
    render(Attestation);
    await fireEvent.click(screen.getByTestId('criterion-A.7-decline'));
    expect(mockInvoke).toHaveBeenCalledWith(...core('confirm', { assessment: 'a1', criterion: 'A.7', confirmed: false }));
    await waitFor(() => expect(screen.getByTestId('decline-A.7')).toHaveTextContent('SAQ A-EP'));
    expect(screen.getByTestId('decline-A.7')).toHaveTextContent('Ask your QSA');
  });
});

describe('Export', () => {
  it('shows progress while running, then path, size and hash with Open / Show in folder', async () => {
    let finish: (v: unknown) => void = () => {};
    serve((cmd) => {
      if (cmd === 'save_report') return new Promise((r) => (finish = r));
      if (cmd === 'blank_forms' || cmd === 'filled_forms') return [];
      return {};
    });
    render(Export);
    await fireEvent.click(screen.getByTestId('export-pdf'));
    expect(screen.getByTestId('export-running')).toBeInTheDocument();
    expect(screen.getByTestId('export-bundle')).toBeDisabled();
    finish({ path: '/home/u/Test-SAQ-A-2026.pdf', sha256: 'f'.repeat(64), bytes: 684220 });
    await waitFor(() => expect(screen.getByTestId('export-result-path')).toHaveTextContent('/home/u/Test-SAQ-A-2026.pdf'));
    expect(screen.getByTestId('export-result-sha256')).toHaveTextContent('f'.repeat(64));
    expect(screen.getByTestId('export-result-size')).toHaveTextContent('668 KiB');
    await fireEvent.click(screen.getByTestId('export-open'));
    await fireEvent.click(screen.getByTestId('export-reveal'));
    expect(mockInvoke).toHaveBeenCalledWith(...door('save_report', { assessment: 'a1', kind: 'pdf' }));
    expect(mockInvoke).toHaveBeenCalledWith(...door('open_path', { path: '/home/u/Test-SAQ-A-2026.pdf' }));
    expect(mockInvoke).toHaveBeenCalledWith(...door('reveal', { path: '/home/u/Test-SAQ-A-2026.pdf' }));
  });

  it('says so when the save dialog was cancelled', async () => {
    serve((cmd) => (cmd === 'blank_forms' || cmd === 'filled_forms' ? [] : null));
    render(Export);
    await fireEvent.click(screen.getByTestId('export-bundle'));
    await waitFor(() => expect(screen.getByText(/Cancelled/)).toBeInTheDocument());
    expect(mockInvoke).toHaveBeenCalledWith(...door('save_report', { assessment: 'a1', kind: 'bundle' }));
  });
});

describe('App', () => {
  const info = (read_only: boolean) => ({ version: '0.1.0', db_path: '/data/saqdesk.sqlite3', read_only, questionnaire: 'PCI DSS v4.0.1', saqs: [] });

  it('says so up front when the database is write-protected', async () => {
    app.view = 'home';
    app.current = null;
    serve((cmd) => (cmd === 'app_info' ? info(true) : cmd === 'sweep_on_start' ? null : []));
    render(App);
    const banner = await screen.findByTestId('read-only');
    expect(banner).toHaveTextContent('/data/saqdesk.sqlite3 is write-protected');
    expect(banner).toHaveTextContent('changes cannot be saved');
  });

  it('on a read-only database, the home screen offers no action that writes', async () => {
    app.view = 'home';
    app.current = null;
    app.info = info(true);
    serve((cmd) => (cmd === 'app_info' ? info(true) : cmd === 'list_assessments' ? [summary()] : []));
    render(Home, { props: { onnew: () => {} } });
    await screen.findByTestId('assessment-a1');
    expect(screen.getByTestId('new-assessment')).toBeDisabled();
    expect(screen.getByTestId('roll-forward-a1')).toBeDisabled();
    expect(screen.getByTestId('delete-a1')).toBeDisabled();
    expect(screen.getByTestId('open-a1')).toBeEnabled();
    app.info = null;
  });

  it('shows no banner for a writable database', async () => {
    app.view = 'home';
    app.current = null;
    serve((cmd) => (cmd === 'app_info' ? info(false) : cmd === 'sweep_on_start' ? null : []));
    render(App);
    await screen.findByTestId('app-info');
    expect(screen.queryByTestId('read-only')).toBeNull();
    expect(screen.queryByTestId('sweep-banner')).toBeNull();
  });

  it('shows what the start-up sweep found and redacts on request', async () => {
    app.view = 'home';
    app.current = null;
    app.sweep = null;
    const hit = { assessment_id: 'a1', assessment: '2025 SAQ A, Zoë’s Café', place: '12.8.1 notes', kind: 'card-number', masked: 'card ending 1111' };
    const report = { database: '/data/saqdesk.sqlite3', hits: [hit, { ...hit, place: '9.4.1 explanation' }], redacted: false, backups: [] };
    serve((cmd) =>
      cmd === 'app_info' ? info(false) : cmd === 'sweep_on_start' ? report : cmd === 'sweep_redact' ? { ...report, redacted: true } : [],
    );
    render(App);
    const banner = await screen.findByTestId('sweep-banner');
    expect(banner).toHaveTextContent('let 2 card number(s) or Stripe secret(s) be saved');
    await fireEvent.click(screen.getByTestId('sweep-details'));
    expect(screen.getByTestId('sweep-list')).toHaveTextContent('12.8.1 notes: card ending 1111');
    await fireEvent.click(screen.getByTestId('sweep-redact'));
    const done = await screen.findByTestId('sweep-done');
    expect(done).toHaveTextContent('2 card number(s) or secret(s) were replaced by their masked form');
    expect(mockInvoke).toHaveBeenCalledWith(...core('sweep_redact', {}));
    app.sweep = null;
  });
});
