// The Export screen's official PCI SSC form card: the kept blanks of the SAQ shown, adding one
// (refusals as the core words them), filling one and what the fill reports. The core is mocked at
// the transport; every answer here has the contract's shape.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import Export from '../src/screens/Export.svelte';
import { app } from '../src/lib/state.svelte';
import type { BlankForm, FilledForm, FormFill } from '../src/lib/api';
import { blanksFor, groupByPart } from '../src/lib/forms';
import { multiView, view } from './fixtures';
import { calls, core, door, mockInvoke, serve, type Handler } from './transport';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const SHA_A = 'a1'.repeat(32);
const SHA_AOC = 'b2'.repeat(32);
const SHA_C = 'c3'.repeat(32);

function blank(sha256: string, over: Partial<BlankForm> = {}): BlankForm {
  return {
    sha256,
    saq: 'A',
    kind: 'saq-with-aoc',
    title: 'SAQ A v4.0.1 Revision 1 (SAQ and AOC)',
    file_name: 'PCIDSSv4_0_1SAQAr1.docx',
    size: 310_000,
    added_at: '2026-03-02T09:15:00Z',
    added_by: 'ruth',
    ...over,
  };
}

const KEPT: BlankForm[] = [
  blank(SHA_AOC, { kind: 'aoc', title: 'AOC for SAQ A v4.0.1 Revision 1', file_name: 'PCIDSSv401AOCforSAQAr1.docx', added_at: '2026-03-03T10:00:00Z' }),
  blank(SHA_C, { saq: 'C', title: 'SAQ C v4.0.1 (SAQ and AOC)', file_name: 'PCIDSSv401SAQC.docx' }),
  blank(SHA_A),
];

function fill(over: Partial<FormFill> = {}): FormFill {
  return {
    docx: { path: '/home/ruth/Documents/Test Merchant Ltd-SAQ-A-2026.docx', sha256: 'd'.repeat(64), bytes: 320_000 },
    pdf: null,
    pdf_note: null,
    form: blank(SHA_A),
    saq: 'A',
    draft: true,
    filled: 57,
    missing: ['Part 1a contact phone', 'Part 1a mailing address', 'Section 2 8.3.6', 'Section 2 12.8.4', 'Part 2c environment description'],
    notes: ['Part 3b signature: left blank (signed by hand)', 'Part 3 status: left blank (not attested yet)'],
    ...over,
  };
}

function filled(over: Partial<FilledForm> = {}): FilledForm {
  return {
    saq: 'A',
    blank_sha256: SHA_A,
    title: 'SAQ A v4.0.1 Revision 1 (SAQ and AOC)',
    sha256: 'd'.repeat(64),
    pdf_sha256: null,
    attested: false,
    filled_at: '2026-03-04T12:00:00Z',
    filled_by: 'ruth',
    ...over,
  };
}

/** The core and the door as this card sees them; `over` answers a command first. */
function core_(over: Handler = () => undefined, state: { kept: BlankForm[]; fills: FilledForm[] } = { kept: [...KEPT], fills: [] }) {
  serve(async (cmd, args) => {
    const o = await over(cmd, args);
    if (o !== undefined) return o;
    if (cmd === 'blank_forms') return state.kept;
    if (cmd === 'filled_forms') return state.fills;
    if (cmd === 'suggested_file_name') return 'x';
    return null;
  });
  return state;
}

afterEach(() => cleanup());
beforeEach(() => {
  mockInvoke.mockReset();
  app.current = view();
  app.saq = null;
  app.docSaq = null;
  app.view = 'export';
});

describe('Official form card: what it is and where to get it', () => {
  it('says it is the form to submit, that SAQ Desk does not ship it, where to download it and that SAQ A needs Revision 1', async () => {
    core_();
    render(Export);
    const card = screen.getByTestId('official-form');
    expect(card).toHaveTextContent('Official PCI SSC form of SAQ A');
    expect(card).toHaveTextContent(/upload to Stripe or hand to your acquirer/);
    const where = screen.getByTestId('official-where');
    expect(where).toHaveTextContent('PCI SSC copyright');
    expect(where).toHaveTextContent('https://www.pcisecuritystandards.org/document_library/');
    expect(where).toHaveTextContent('“SAQ”');
    expect(where).toHaveTextContent('Revision 1 of January 2025');
    // The evidence PDF is no longer called what goes to the acquirer.
    expect(screen.getByText(/for your QSA and your records/)).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(/what you send to your acquirer/i);
  });

  it('lists this SAQ’s kept blanks of both kinds, SAQ first, with file name and date; not another SAQ’s', async () => {
    core_();
    render(Export);
    const list = await screen.findByTestId('blank-list');
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((r) => r.getAttribute('data-kind'))).toEqual(['saq-with-aoc', 'aoc']);
    expect(rows[0]).toHaveTextContent('SAQ A v4.0.1 Revision 1 (SAQ and AOC)');
    expect(rows[0]).toHaveTextContent('PCIDSSv4_0_1SAQAr1.docx');
    expect(rows[0]).toHaveTextContent('added 2 Mar 2026 by ruth');
    expect(rows[0]).toHaveTextContent('SAQ with its Attestation of Compliance');
    expect(rows[1]).toHaveTextContent('Attestation of Compliance on its own');
    expect(list).not.toHaveTextContent('SAQ C');
    expect(screen.getByTestId('official-form')).toHaveTextContent('offered to every assessment of SAQ A');
    expect(calls().slice(0, 2)).toEqual([
      ['blank_forms', {}],
      ['filled_forms', { assessment: 'a1' }],
    ]);
  });

  it('with nothing kept, says so and offers to add one', async () => {
    core_(() => undefined, { kept: [], fills: [] });
    render(Export);
    expect(await screen.findByTestId('official-none')).toHaveTextContent('None yet');
    expect(screen.getByTestId('add-blank-form')).toBeEnabled();
    expect(screen.queryByTestId('fill-pdf')).toBeNull();
  });
});

describe('Official form card: adding a blank', () => {
  it('picks the file, gives it for this SAQ, and lists it once kept', async () => {
    const state = core_((cmd) => {
      if (cmd === 'pick_blank_form') return '/home/ruth/Downloads/PCIDSSv4_0_1SAQAr1.docx';
      if (cmd === 'add_blank_form') {
        state.kept = [blank(SHA_A)];
        return { form: blank(SHA_A), answer_rows: 31, eligibility_criteria: 7 };
      }
    }, { kept: [], fills: [] });
    render(Export);
    await screen.findByTestId('official-none');
    await fireEvent.click(screen.getByTestId('add-blank-form'));
    const ok = await screen.findByTestId('blank-added');
    expect(ok).toHaveTextContent('Kept: SAQ A v4.0.1 Revision 1 (SAQ and AOC).');
    expect(ok).toHaveTextContent('31 answer rows and 7 eligibility criteria');
    expect(mockInvoke).toHaveBeenCalledWith('pick_blank_form');
    expect(mockInvoke).toHaveBeenCalledWith(...core('add_blank_form', { path: '/home/ruth/Downloads/PCIDSSv4_0_1SAQAr1.docx', saq: 'A' }));
    await waitFor(() => expect(screen.getByTestId(`blank-${SHA_A.slice(0, 12)}`)).toBeInTheDocument());
  });

  it('a cancelled dialog adds nothing', async () => {
    core_((cmd) => (cmd === 'pick_blank_form' ? null : undefined));
    render(Export);
    await fireEvent.click(screen.getByTestId('add-blank-form'));
    await waitFor(() => expect(screen.getByTestId('add-blank-form')).toBeEnabled());
    expect(calls().map(([c]) => c)).not.toContain('add_blank_form');
    expect(screen.queryByTestId('add-blank-error')).toBeNull();
  });

  it('another SAQ’s form or a superseded revision: the core’s message, clearly, and nothing kept', async () => {
    const message = 'this is the SAQ C v4.0.1 form, but the assessment is for SAQ A; use the SAQ A form';
    core_((cmd) => {
      if (cmd === 'pick_blank_form') return '/home/ruth/Downloads/PCIDSSv401SAQC.docx';
      if (cmd === 'add_blank_form') throw { code: 'wrong_form', message, field: null };
    });
    render(Export);
    await fireEvent.click(screen.getByTestId('add-blank-form'));
    const box = await screen.findByTestId('add-blank-error');
    expect(box).toHaveAttribute('role', 'alert');
    expect(box).toHaveAttribute('data-code', 'wrong_form');
    expect(box).toHaveTextContent('This is not a blank form SAQ Desk can use for SAQ A');
    expect(screen.getByTestId('add-blank-error-message')).toHaveTextContent(message);
    expect(box).toHaveTextContent('Nothing was kept');
  });

  it('a file that is not a .docx: its own heading and the core’s message', async () => {
    core_((cmd) => {
      if (cmd === 'pick_blank_form') return '/home/ruth/Downloads/saq.pdf';
      if (cmd === 'add_blank_form') throw { code: 'invalid_file', message: 'not a Word .docx file: it is not a zip archive', field: null };
    });
    render(Export);
    await fireEvent.click(screen.getByTestId('add-blank-form'));
    const box = await screen.findByTestId('add-blank-error');
    expect(box).toHaveTextContent('This file is not a Word form SAQ Desk can open');
    expect(box).toHaveTextContent('not a Word .docx file');
  });
});

describe('Official form card: filling', () => {
  it('fills the chosen blank (PDF asked), then shows the file, hash, draft warning, count, missing by part and notes', async () => {
    let finish: (v: unknown) => void = () => {};
    const state = core_((cmd) => {
      if (cmd === 'save_form') return new Promise((r) => (finish = r));
    });
    render(Export);
    await screen.findByTestId('blank-list');
    expect(screen.getByTestId('official-draft-hint')).toHaveTextContent('a fill now is a draft');
    await fireEvent.click(screen.getByTestId('fill-pdf'));
    await fireEvent.click(screen.getByTestId(`fill-form-${SHA_A.slice(0, 12)}`));
    expect(screen.getByTestId('form-running')).toHaveTextContent('converting it to PDF');
    expect(screen.getByTestId(`fill-form-${SHA_AOC.slice(0, 12)}`)).toBeDisabled();
    expect(mockInvoke).toHaveBeenCalledWith(...door('save_form', { assessment: 'a1', blank: SHA_A, pdf: true }));
    state.fills = [filled()];
    finish(fill({ pdf_note: 'LibreOffice is not installed: install libreoffice-writer-nogui to get a PDF' }));

    const res = await screen.findByTestId('form-result');
    expect(screen.getByTestId('form-result-path')).toHaveTextContent('/home/ruth/Documents/Test Merchant Ltd-SAQ-A-2026.docx');
    expect(screen.getByTestId('form-result-sha256')).toHaveTextContent('d'.repeat(64));
    expect(screen.getByTestId('form-draft')).toHaveTextContent('Part 3');
    expect(screen.getByTestId('form-draft')).toHaveTextContent('until you sign');
    expect(screen.getByTestId('form-result-filled')).toHaveTextContent('57 fields and boxes');
    expect(screen.getByTestId('form-result-pdf-note')).toHaveTextContent('LibreOffice is not installed');
    expect(screen.getByTestId('form-missing-count')).toHaveTextContent('5 things the form asks are not in the assessment yet');
    // Grouped by part, in the core's order, each under the form's own name for it.
    const groups = within(screen.getByTestId('form-missing')).getAllByRole('group');
    expect(groups.map((g) => g.getAttribute('data-testid'))).toEqual(['form-missing-Part 1a', 'form-missing-Section 2', 'form-missing-Part 2c']);
    expect(screen.getByTestId('form-missing-Part 1a')).toHaveTextContent('Part 1a · Merchant');
    expect(screen.getByTestId('form-missing-Part 1a')).toHaveTextContent('contact phone');
    expect(screen.getByTestId('form-missing-Section 2')).toHaveTextContent('8.3.6');
    expect(screen.getByTestId('form-missing-Part 1a')).toHaveAttribute('open');
    expect(within(res).getByTestId('form-notes')).toHaveTextContent('2 notes on the fill');
    expect(within(res).getByTestId('form-notes')).toHaveTextContent('signature: left blank (signed by hand)');

    await fireEvent.click(screen.getByTestId('form-open'));
    await fireEvent.click(screen.getByTestId('form-reveal'));
    expect(mockInvoke).toHaveBeenCalledWith(...door('open_path', { path: '/home/ruth/Documents/Test Merchant Ltd-SAQ-A-2026.docx' }));
    expect(mockInvoke).toHaveBeenCalledWith(...door('reveal', { path: '/home/ruth/Documents/Test Merchant Ltd-SAQ-A-2026.docx' }));
    // The fill is listed with this assessment's earlier ones.
    await waitFor(() => expect(screen.getByTestId('form-fills')).toHaveTextContent('Filled 1 time for this assessment'));
    expect(screen.getByTestId(`form-fill-${'d'.repeat(12)}`)).toHaveTextContent('draft');
  });

  it('an attested SAQ: no draft warning, the PDF with its own Open and hash, nothing missing', async () => {
    app.current = view({
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
    const pdf = { path: '/home/ruth/Documents/Test Merchant Ltd-SAQ-A-2026.pdf', sha256: 'e'.repeat(64), bytes: 500_000 };
    core_((cmd) => (cmd === 'save_form' ? fill({ draft: false, missing: [], notes: [], pdf }) : undefined));
    render(Export);
    await screen.findByTestId('blank-list');
    expect(screen.queryByTestId('official-draft-hint')).toBeNull();
    await fireEvent.click(screen.getByTestId(`fill-form-${SHA_A.slice(0, 12)}`));
    await screen.findByTestId('form-result');
    expect(screen.queryByTestId('form-draft')).toBeNull();
    expect(screen.getByTestId('form-result')).toHaveTextContent('✓ Filled');
    expect(screen.getByTestId('form-complete')).toHaveTextContent('Everything the form asks is filled');
    expect(screen.getByTestId('form-result-pdf')).toHaveTextContent(pdf.path);
    expect(screen.getByTestId('form-result-pdf-sha256')).toHaveTextContent('e'.repeat(64));
    await fireEvent.click(screen.getByTestId('form-pdf-open'));
    expect(mockInvoke).toHaveBeenCalledWith(...door('open_path', { path: pdf.path }));
    expect(mockInvoke).toHaveBeenCalledWith(...door('save_form', { assessment: 'a1', blank: SHA_A, pdf: false }));
  });

  it('a long list of what is missing is folded per part', async () => {
    const many = Array.from({ length: 30 }, (_, i) => `Section 2 ${i + 1}.1.1`).concat(['Part 1a contact phone']);
    core_((cmd) => (cmd === 'save_form' ? fill({ missing: many }) : undefined));
    render(Export);
    await fireEvent.click(await screen.findByTestId(`fill-form-${SHA_A.slice(0, 12)}`));
    await screen.findByTestId('form-result');
    expect(screen.getByTestId('form-missing-Section 2')).not.toHaveAttribute('open');
    expect(screen.getByTestId('form-missing-Section 2')).toHaveTextContent('30');
  });

  it('a cancelled save dialog says nothing was saved; a refusal shows the core’s message', async () => {
    let answer: unknown = null;
    core_((cmd) => {
      if (cmd === 'save_form') {
        if (answer instanceof Error) throw { code: 'invalid', message: answer.message, field: 'out' };
        return answer;
      }
    });
    render(Export);
    await fireEvent.click(await screen.findByTestId(`fill-form-${SHA_A.slice(0, 12)}`));
    await waitFor(() => expect(screen.getByText(/Cancelled: nothing was saved/)).toBeInTheDocument());
    answer = new Error('the filled form is a Word file: give a name ending in .docx');
    await fireEvent.click(screen.getByTestId(`fill-form-${SHA_A.slice(0, 12)}`));
    expect(await screen.findByTestId('form-error')).toHaveTextContent('give a name ending in .docx');
  });

  it('removing a kept blank asks first', async () => {
    const state = core_((cmd) => {
      if (cmd === 'remove_blank_form') {
        state.kept = state.kept.filter((b) => b.sha256 !== SHA_AOC);
        return {};
      }
    });
    render(Export);
    await fireEvent.click(await screen.findByTestId(`blank-remove-${SHA_AOC.slice(0, 12)}`));
    expect(calls().map(([c]) => c)).not.toContain('remove_blank_form');
    await fireEvent.click(screen.getByTestId('blank-remove-confirm'));
    expect(mockInvoke).toHaveBeenCalledWith(...core('remove_blank_form', { sha256: SHA_AOC }));
    await waitFor(() => expect(screen.queryByTestId(`blank-${SHA_AOC.slice(0, 12)}`)).toBeNull());
  });
});

describe('Official form card with several SAQs', () => {
  it('shows the chosen SAQ’s blanks and names the SAQ in every call', async () => {
    app.current = multiView({ attestedA: true });
    core_((cmd) => (cmd === 'save_form' ? fill({ saq: 'C', form: KEPT[1] }) : cmd === 'pick_blank_form' ? '/tmp/PCIDSSv4_0_1SAQAr1.docx' : undefined));
    render(Export);
    // SAQ C, not attested yet, is shown first.
    const card = screen.getByTestId('official-form');
    expect(card).toHaveAttribute('data-saq', 'C');
    expect(card).toHaveTextContent('Official PCI SSC form of SAQ C');
    expect(screen.getByTestId('official-where')).not.toHaveTextContent('Revision 1');
    const list = await screen.findByTestId('blank-list');
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(list).toHaveTextContent('SAQ C v4.0.1');
    expect(mockInvoke).toHaveBeenCalledWith(...core('filled_forms', { assessment: 'a1', saq: 'C' }));
    await fireEvent.click(screen.getByTestId(`fill-form-${SHA_C.slice(0, 12)}`));
    expect(mockInvoke).toHaveBeenCalledWith(...door('save_form', { assessment: 'a1', blank: SHA_C, pdf: false, saq: 'C' }));
    await fireEvent.click(screen.getByTestId('add-blank-form'));
    await waitFor(() => expect(mockInvoke).toHaveBeenCalledWith(...core('add_blank_form', { path: '/tmp/PCIDSSv4_0_1SAQAr1.docx', saq: 'C' })));

    await fireEvent.click(screen.getByTestId('saq-tab-A'));
    await waitFor(() => expect(screen.getByTestId('official-form')).toHaveAttribute('data-saq', 'A'));
    const listA = await screen.findByTestId('blank-list');
    expect(within(listA).getAllByRole('listitem')).toHaveLength(2);
    expect(screen.queryByTestId('form-result')).toBeNull();
  });
});

describe('forms.ts', () => {
  it('groups the fill’s lines under their part, keeping the order and a line without a part', () => {
    expect(groupByPart(['Part 1a contact phone', 'Section 2 8.3.6', 'Part 1a website', 'Appendix C 9.4.1', 'something else'])).toEqual([
      { part: 'Part 1a', title: 'Merchant', items: ['contact phone', 'website'] },
      { part: 'Section 2', title: 'Requirement rows', items: ['8.3.6'] },
      { part: 'Appendix C', title: 'Not Applicable explanations', items: ['9.4.1'] },
      { part: 'Other', title: '', items: ['something else'] },
    ]);
    expect(groupByPart(['Part 3b signature: left blank (signed by hand)'])[0]).toEqual({
      part: 'Part 3b',
      title: 'Signature',
      items: ['signature: left blank (signed by hand)'],
    });
  });

  it('lists one SAQ’s blanks, the SAQ form before the separate AOC', () => {
    expect(blanksFor(KEPT, 'A').map((b) => b.sha256)).toEqual([SHA_A, SHA_AOC]);
    expect(blanksFor(KEPT, 'D')).toEqual([]);
  });
});
