// The compliance year in the UI: the home screen's due lists, a recurring requirement's periods and
// TRA period in the checklist, the validation due date, the calendar export. Every fact comes
// from the (faked) core; these tests check what is shown and what is sent.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import DueLists from '../src/screens/home/DueLists.svelte';
import RecurringPanel from '../src/screens/checklist/RecurringPanel.svelte';
import ValidationDueCard from '../src/screens/attestation/ValidationDueCard.svelte';
import CalendarExport from '../src/screens/export/CalendarExport.svelte';
import { app } from '../src/lib/state.svelte';
import { dueTarget } from '../src/lib/home';
import type { DueEntry, DueItem, DueOverview, RecurringRequirement, SaqSchedule, ValidationDue } from '../src/lib/api';
import { view } from './fixtures';
import { calls, commands, mockInvoke, serve } from './transport';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

afterEach(() => cleanup());
beforeEach(() => {
  mockInvoke.mockReset();
  app.current = view();
  app.view = 'home';
  app.focus = null;
});

function item(over: Partial<DueItem>): DueItem {
  return { kind: 'recurring', date: '2026-09-30', what: '', detail: '', overdue: false, done: false, ...over };
}
function entry(it: Partial<DueItem>, over: Partial<DueEntry> = {}): DueEntry {
  return { assessment_id: 'a1', merchant: 'Zoë’s Café Ltd', year: 2026, saq: 'A', item: item(it), ...over };
}

const validationDue = (over: Partial<ValidationDue> = {}): ValidationDue => ({
  date: '2026-12-20',
  source: 'previous-attestation',
  default_date: '2026-12-20',
  previous_attestation: '2025-12-20',
  set: null,
  ...over,
});

const asv: RecurringRequirement = {
  requirement: '11.3.2',
  title: 'External ASV scans are passed at least quarterly',
  frequencies: ['quarterly'],
  cadence: { kind: 'fixed', frequency: 'quarterly', every: { unit: 'months', count: 3 } },
  schedule: 'every three months, and after every significant change',
  takes_tra_period: false,
  tra_period: null,
  answer: 'in-place',
  periods: [
    { period: { number: 1, name: 'Q1', start: '2026-01-01', end: '2026-03-31' }, state: { state: 'covered', evidence: ['e1'] }, evidence: [{ id: 'e1', name: 'ASV scan Q1', effective_date: '2026-02-10' }] },
    { period: { number: 2, name: 'Q2', start: '2026-04-01', end: '2026-06-30' }, state: { state: 'covered', evidence: ['e2'] }, evidence: [{ id: 'e2', name: 'ASV scan Q2', effective_date: '2026-05-12' }] },
    { period: { number: 3, name: 'Q3', start: '2026-07-01', end: '2026-09-30' }, state: { state: 'missing' }, evidence: [] },
    { period: { number: 4, name: 'Q4', start: '2026-10-01', end: '2026-12-31' }, state: { state: 'due', by: '2026-12-31' }, evidence: [] },
  ],
  summary: 'Q1 ✓ · Q2 ✓ · Q3 missing · Q4 due by 31 Dec 2026',
  warning: { requirement: '11.3.2', kind: 'uncovered-periods', periods: [], message: '11.3.2 is In Place but no evidence is dated in Q3.' },
};

const malware: RecurringRequirement = {
  requirement: '5.2.3.1',
  title: 'The frequency of periodic evaluations of system components not at risk for malware is defined',
  frequencies: ['targeted-risk-analysis'],
  cadence: { kind: 'risk-analysis-pending' },
  schedule: 'as often as the targeted risk analysis sets',
  takes_tra_period: true,
  tra_period: null,
  answer: null,
  periods: [],
  summary: 'no period until the targeted risk analysis period is entered',
  warning: null,
};

function schedule(requirements: RecurringRequirement[], over: Partial<SaqSchedule> = {}): SaqSchedule {
  return {
    assessment_id: 'a1',
    saq: 'A',
    year: 2026,
    period: { start: '2026-01-01', end: '2026-12-31' },
    today: '2026-12-02',
    validation_due: validationDue(),
    requirements,
    reminders: [],
    warnings: [],
    attested: false,
    ...over,
  };
}

describe('Home: what is due', () => {
  const overview: DueOverview = {
    today: '2026-12-02',
    overdue: [entry({ what: '11.3.2 Q3: External ASV scans are passed at least quarterly', date: '2026-09-30', requirement: '11.3.2', overdue: true })],
    next_30_days: [entry({ kind: 'validation', what: 'Validation due: SAQ A and AOC', date: '2026-12-20' }, { merchant: 'Fjell & Fjord Sport AS', assessment_id: 'a2', saq: 'A + C' })],
    assessments: 2,
  };

  it('lists the overdue items and those due in the next 30 days, with merchant, what and date', async () => {
    serve((cmd) => (cmd === 'due' ? overview : null));
    render(DueLists);
    const overdue = await screen.findByTestId('due-overdue');
    expect(overdue).toHaveTextContent('Overdue');
    expect(overdue).toHaveTextContent('11.3.2 Q3: External ASV scans are passed at least quarterly');
    expect(overdue).toHaveTextContent(/30 Sept? 2026/);
    expect(overdue).toHaveTextContent('Zoë’s Café Ltd · 2026 · SAQ A');
    const next = screen.getByTestId('due-next');
    expect(within(next).getAllByTestId('due-item')).toHaveLength(1);
    expect(next).toHaveTextContent('Validation due: SAQ A and AOC');
    expect(next).toHaveTextContent('20 Dec 2026');
    expect(next).toHaveTextContent('Fjell & Fjord Sport AS · 2026 · SAQ A + C · Validation due');
    expect(commands()).toEqual(['due']);
  });

  it('opens the assessment on the requirement a recurring item is about', async () => {
    serve((cmd, args) => {
      if (cmd === 'due') return overview;
      if (cmd === 'open_assessment') return view({ assessment: { ...view().assessment, id: String(args.assessment) } });
      return null;
    });
    render(DueLists);
    await fireEvent.click(within(await screen.findByTestId('due-overdue')).getByTestId('due-item'));
    await waitFor(() => expect(app.view).toBe('checklist'));
    expect(app.focus).toBe('11.3.2');
    expect(calls()).toContainEqual(['open_assessment', { assessment: 'a1' }]);
  });

  it('opens the validation due date on the Attestation screen', () => {
    expect(dueTarget(overview.next_30_days[0])).toEqual({ view: 'attest', focus: null });
    expect(dueTarget(overview.overdue[0])).toEqual({ view: 'checklist', focus: '11.3.2' });
  });

  it('shows the first five of a long list, and all on request', async () => {
    const many = Array.from({ length: 7 }, (_, i) => entry({ what: `3.2.1 Q${i + 1}: Account data is kept only as long as needed`, requirement: '3.2.1', overdue: true }));
    serve((cmd) => (cmd === 'due' ? { ...overview, overdue: many } : null));
    render(DueLists);
    const card = await screen.findByTestId('due-overdue');
    expect(within(card).getAllByTestId('due-item')).toHaveLength(5);
    expect(card).toHaveTextContent('Overdue 7');
    await fireEvent.click(screen.getByTestId('due-overdue-more'));
    expect(within(card).getAllByTestId('due-item')).toHaveLength(7);
    expect(card).toHaveTextContent('3.2.1 Q7');
    expect(screen.queryByTestId('due-next-more')).toBeNull();
  });

  it('says plainly when nothing is due', async () => {
    serve((cmd) => (cmd === 'due' ? { today: '2026-12-02', overdue: [], next_30_days: [], assessments: 1 } : null));
    render(DueLists);
    expect(await screen.findByTestId('due-next-empty')).toHaveTextContent('Nothing due in the next 30 days');
    expect(screen.queryByTestId('due-overdue')).toBeNull();
  });

  it('shows the error and retries', async () => {
    let n = 0;
    serve((cmd) => {
      if (cmd !== 'due') return null;
      n += 1;
      if (n === 1) throw { code: 'database', message: 'database is locked', field: null };
      return { today: '2026-12-02', overdue: [], next_30_days: [], assessments: 1 };
    });
    render(DueLists);
    expect(await screen.findByTestId('due-error')).toHaveTextContent('database is locked');
    await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('due-next-empty')).toBeInTheDocument();
  });
});

describe('Checklist: a recurring requirement’s year', () => {
  it('shows each period’s state and the evidence covering it, and the In Place warning', async () => {
    serve((cmd) => (cmd === 'schedule' ? schedule([asv]) : null));
    render(RecurringPanel, { props: { requirement: '11.3.2' } });
    const strip = await screen.findByTestId('periods');
    expect(strip).toHaveAttribute('aria-label', 'Q1 ✓ · Q2 ✓ · Q3 missing · Q4 due by 31 Dec 2026');
    expect(screen.getByTestId('period-Q1')).toHaveTextContent('Q1 ✓');
    expect(screen.getByTestId('period-Q3')).toHaveTextContent('Q3 missing');
    expect(screen.getByTestId('period-Q3')).toHaveAttribute('data-state', 'missing');
    expect(screen.getByTestId('period-Q4')).toHaveTextContent('Q4 due by 31 Dec 2026');
    expect(screen.getByTestId('covering-evidence')).toHaveTextContent('Q1: ASV scan Q1 (10 Feb 2026)');
    expect(screen.getByTestId('covering-evidence')).toHaveTextContent('Q2: ASV scan Q2 (12 May 2026)');
    const warn = screen.getByTestId('recurring-warning');
    expect(warn).toHaveTextContent('no evidence is dated in Q3');
    expect(warn).toHaveTextContent('explain it in the notes');
    expect(screen.getByTestId('recurring')).toHaveTextContent('every three months');
    expect(calls()).toEqual([['schedule', { assessment: 'a1' }]]);
    expect(screen.queryByTestId('tra')).toBeNull();
  });

  it('asks for the SAQ’s schedule with several SAQs', async () => {
    serve((cmd) => (cmd === 'schedule' ? schedule([asv], { saq: 'C' }) : null));
    render(RecurringPanel, { props: { requirement: '11.3.2', saq: 'C' } });
    await screen.findByTestId('periods');
    expect(calls()).toEqual([['schedule', { assessment: 'a1', saq: 'C' }]]);
  });

  it('shows nothing for a requirement without a period', async () => {
    serve((cmd) => (cmd === 'schedule' ? schedule([asv]) : null));
    render(RecurringPanel, { props: { requirement: '8.2.1' } });
    await waitFor(() => expect(commands()).toEqual(['schedule']));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByTestId('recurring')).toBeNull();
  });

  it('enters the TRA period, showing the core’s field error first', async () => {
    const entered: RecurringRequirement = {
      ...malware,
      cadence: { kind: 'risk-analysis', every: { unit: 'months', count: 6 } },
      tra_period: { requirement: '5.2.3.1', every: { unit: 'months', count: 6 }, reference: 'TRA-2026-03', set_by: 'Ana', set_at: '2026-12-02T09:00:00Z' },
    };
    serve((cmd, args) => {
      if (cmd === 'schedule') return schedule([malware]);
      if (cmd === 'status') return null;
      if (cmd === 'set_tra_period') {
        if (!args.every && args.reference) throw { code: 'invalid', message: 'a reference goes with a period; give the period too', field: 'reference' };
        return schedule([entered]);
      }
      return null;
    });
    render(RecurringPanel, { props: { requirement: '5.2.3.1' } });
    expect(await screen.findByTestId('tra-current')).toHaveTextContent('enter the period it chose');
    await fireEvent.click(screen.getByTestId('tra-edit'));
    await fireEvent.input(screen.getByTestId('tra-reference'), { target: { value: 'TRA-2026-03' } });
    await fireEvent.click(screen.getByTestId('tra-save'));
    expect(await screen.findByTestId('tra-error-reference')).toHaveTextContent('a reference goes with a period; give the period too');
    await fireEvent.input(screen.getByTestId('tra-count'), { target: { value: '6' } });
    await fireEvent.click(screen.getByTestId('tra-save'));
    await waitFor(() => expect(screen.getByTestId('tra-current')).toHaveTextContent('every 6 months, documented in TRA-2026-03'));
    const sent = calls().filter(([c]) => c === 'set_tra_period');
    expect(sent[sent.length - 1]).toEqual(['set_tra_period', { assessment: 'a1', requirement: '5.2.3.1', every: { unit: 'months', count: 6 }, reference: 'TRA-2026-03' }]);
  });
});

describe('Attestation: the validation due date', () => {
  it('shows the date and why, and sets the officer’s date with a reason', async () => {
    serve((cmd, args) => {
      if (cmd === 'schedule') return schedule([]);
      if (cmd === 'set_validation_due') {
        return validationDue({ date: String(args.date), source: 'officer', set: { date: String(args.date), reason: String(args.reason), set_by: 'Ana', set_at: '2026-12-02T09:00:00Z' } });
      }
      return null;
    });
    render(ValidationDueCard);
    expect(await screen.findByTestId('validation-due-date')).toHaveTextContent('20 Dec 2026');
    expect(screen.getByTestId('validation-due-why')).toHaveTextContent('twelve months after last year’s attestation on 20 Dec 2025');
    await fireEvent.click(screen.getByTestId('validation-due-edit'));
    await fireEvent.input(screen.getByTestId('validation-due-input'), { target: { value: '2027-01-15' } });
    await fireEvent.input(screen.getByTestId('validation-due-reason'), { target: { value: 'Acquirer deadline' } });
    await fireEvent.click(screen.getByTestId('validation-due-save'));
    await waitFor(() => expect(screen.getByTestId('validation-due-date')).toHaveTextContent('15 Jan 2027'));
    expect(screen.getByTestId('validation-due-why')).toHaveTextContent('set by Ana: Acquirer deadline');
    expect(calls()).toContainEqual(['set_validation_due', { assessment: 'a1', date: '2027-01-15', reason: 'Acquirer deadline' }]);
  });

  it('goes back to the default', async () => {
    serve((cmd) => {
      if (cmd === 'schedule') return schedule([], { validation_due: validationDue({ date: '2027-01-15', source: 'officer', set: { date: '2027-01-15', reason: '', set_by: 'Ana', set_at: '2026-12-02T09:00:00Z' } }) });
      if (cmd === 'set_validation_due') return validationDue();
      return null;
    });
    render(ValidationDueCard);
    await fireEvent.click(await screen.findByTestId('validation-due-edit'));
    await fireEvent.click(screen.getByTestId('validation-due-reset'));
    await waitFor(() => expect(screen.getByTestId('validation-due-date')).toHaveTextContent('20 Dec 2026'));
    expect(calls()).toContainEqual(['set_validation_due', { assessment: 'a1', reason: '' }]);
  });
});

describe('Export: the calendar', () => {
  it('saves the .ics through the export door and shows where', async () => {
    serve((cmd) => (cmd === 'save_report' ? { path: '/home/ana/PCI-2026-calendar.ics', sha256: 'ab'.repeat(32), bytes: 2048 } : null));
    render(CalendarExport);
    expect(screen.getByTestId('export-calendar-card')).toHaveTextContent('importing it again updates the events rather than duplicating them');
    await fireEvent.click(screen.getByTestId('export-calendar'));
    expect(await screen.findByTestId('export-calendar-result')).toHaveTextContent('/home/ana/PCI-2026-calendar.ics');
    expect(mockInvoke).toHaveBeenCalledWith('save_report', { args: { assessment: 'a1', kind: 'calendar' } });
  });

  it('says so when the save dialog is cancelled', async () => {
    serve(() => null);
    render(CalendarExport);
    await fireEvent.click(screen.getByTestId('export-calendar'));
    expect(await screen.findByText('Cancelled: nothing was saved.')).toBeInTheDocument();
  });
});
