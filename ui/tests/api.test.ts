import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../src/lib/api';
import { ERROR_CODES } from '../src/lib/contract';
import { mockInvoke } from './transport';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

describe('api: the desktop door', () => {
  beforeEach(() => {
    mockInvoke.mockReset();
    mockInvoke.mockResolvedValue(null);
  });

  it('sends every core command as call { command, args } with the Rust struct fields', async () => {
    const scope = { methods: ['checkout'], answers: {}, declined: [] };
    await api.appInfo();
    await api.scope(scope);
    await api.setMerchant(null, { legal_name: 'Kestrel Ceramics Ltd' } as api.MerchantProfile);
    await api.setMerchant('m1', { legal_name: 'Kestrel Ceramics Ltd' } as api.MerchantProfile);
    await api.newAssessment({ merchant: 'm1', year: 2026, scope });
    await api.openAssessment('a1');
    await api.answer('a1', '8.2.1', { notes: 'x', bullets: [] });
    await api.review('a1', '8.2.1');
    await api.confirm('a1', 'A.1', true);
    await api.setDetails({ assessment: 'a1', environment_description: 'One web server' });
    await api.addEvidence('a1', ['8.2.1'], '/tmp/f.pdf', { effective_date: '2026-01-01', description: '' });
    await api.evidencePreview('e1');
    await api.linkEvidence('e1', '12.8.1', true);
    await api.removeEvidence('e1');
    await api.replaceEvidence('e1', '/tmp/g.pdf');
    await api.status('a1');
    await api.attest('a1', { name: 'Ruth', title: 'Partner' });
    await api.blankForms();
    await api.addBlankForm('/tmp/saq.docx', 'A');
    await api.removeBlankForm('ab12');
    await api.filledForms('a1');
    await api.rollForward('a1', 2027);
    await api.rollForward('a1');
    await api.deleteAssessment('a1');
    await api.history('a1');
    await api.sweepOnStart();
    expect(mockInvoke.mock.calls).toEqual([
      ['call', { command: 'app_info', args: {} }],
      ['call', { command: 'scope', args: scope }],
      ['call', { command: 'set_merchant', args: { legal_name: 'Kestrel Ceramics Ltd' } }],
      ['call', { command: 'set_merchant', args: { id: 'm1', legal_name: 'Kestrel Ceramics Ltd' } }],
      ['call', { command: 'new_assessment', args: { merchant: 'm1', year: 2026, scope } }],
      ['call', { command: 'open_assessment', args: { assessment: 'a1' } }],
      ['call', { command: 'answer', args: { assessment: 'a1', requirement: '8.2.1', input: { notes: 'x', bullets: [] } } }],
      ['call', { command: 'review', args: { assessment: 'a1', requirement: '8.2.1' } }],
      ['call', { command: 'confirm', args: { assessment: 'a1', criterion: 'A.1', confirmed: true } }],
      ['call', { command: 'set_details', args: { assessment: 'a1', environment_description: 'One web server' } }],
      ['call', { command: 'add_evidence', args: { assessment: 'a1', items: ['8.2.1'], path: '/tmp/f.pdf', meta: { effective_date: '2026-01-01', description: '' } } }],
      ['call', { command: 'evidence_preview', args: { evidence: 'e1' } }],
      ['call', { command: 'link_evidence', args: { evidence: 'e1', item: '12.8.1', linked: true } }],
      ['call', { command: 'remove_evidence', args: { evidence: 'e1' } }],
      ['call', { command: 'replace_evidence', args: { evidence: 'e1', path: '/tmp/g.pdf' } }],
      ['call', { command: 'status', args: { assessment: 'a1' } }],
      ['call', { command: 'attest', args: { assessment: 'a1', input: { name: 'Ruth', title: 'Partner' } } }],
      ['call', { command: 'blank_forms', args: {} }],
      ['call', { command: 'add_blank_form', args: { path: '/tmp/saq.docx', saq: 'A' } }],
      ['call', { command: 'remove_blank_form', args: { sha256: 'ab12' } }],
      ['call', { command: 'filled_forms', args: { assessment: 'a1' } }],
      ['call', { command: 'roll_forward', args: { from: 'a1', year: 2027 } }],
      ['call', { command: 'roll_forward', args: { from: 'a1' } }],
      ['call', { command: 'delete_assessment', args: { assessment: 'a1' } }],
      ['call', { command: 'history', args: { assessment: 'a1' } }],
      ['call', { command: 'sweep_on_start', args: {} }],
    ]);
  });

  it('sends the door commands to the window itself, their arguments under args', async () => {
    await api.pickEvidence();
    await api.saveReport('a1', 'pdf');
    await api.saveReport('a1', 'bundle', '/tmp/b.zip');
    await api.pickBlankForm();
    await api.saveForm({ assessment: 'a1', blank: 'ab12', pdf: true });
    await api.reveal('/tmp/r.pdf');
    await api.openPath('/tmp/r.pdf');
    expect(mockInvoke.mock.calls).toEqual([
      ['pick_evidence'],
      ['save_report', { args: { assessment: 'a1', kind: 'pdf' } }],
      ['save_report', { args: { assessment: 'a1', kind: 'bundle', path: '/tmp/b.zip' } }],
      ['pick_blank_form'],
      ['save_form', { args: { assessment: 'a1', blank: 'ab12', pdf: true } }],
      ['reveal', { args: { path: '/tmp/r.pdf' } }],
      ['open_path', { args: { path: '/tmp/r.pdf' } }],
    ]);
  });

  it('rejects with an ApiError carrying the contract code, message and field', async () => {
    mockInvoke.mockRejectedValueOnce({ code: 'leak_refused', message: 'notes refused', field: 'notes' });
    const err = await api.answer('a1', '8.2.1', { notes: '4111…', bullets: [] }).catch((e) => e);
    expect(err).toBeInstanceOf(api.ApiError);
    expect(err).toMatchObject({ code: 'leak_refused', message: 'notes refused', field: 'notes' });
  });

  it('a rejection without the contract shape is internal, its text kept', async () => {
    mockInvoke.mockRejectedValueOnce('invalid args `args` for command `reveal`');
    expect(await api.reveal('/x').catch((e) => e)).toMatchObject({ code: 'internal', message: 'invalid args `args` for command `reveal`', field: null });
    mockInvoke.mockRejectedValueOnce({ code: 'something_new', message: 'from a newer core' });
    expect(await api.status('a1').catch((e) => e)).toMatchObject({ code: 'internal', message: 'from a newer core' });
    mockInvoke.mockRejectedValueOnce(new TypeError('boom'));
    const err = await api.status('a1').catch((e) => e);
    expect(err).toBeInstanceOf(api.ApiError);
    expect(ERROR_CODES).toContain(err.code);
  });
});

describe('api: the demo server (saqdesk serve)', () => {
  const fetchMock = vi.fn();
  beforeEach(() => {
    mockInvoke.mockReset();
    fetchMock.mockReset();
    vi.stubGlobal('fetch', fetchMock);
    api.useServer('');
  });
  afterEach(() => {
    api.useServer(null);
    vi.unstubAllGlobals();
  });

  const reply = (status: number, body: unknown) => ({ status, statusText: '', json: async () => body });

  it('posts { command, args } to /call on its own origin and returns ok', async () => {
    fetchMock.mockResolvedValueOnce(reply(200, { ok: [{ id: 'a1' }] }));
    expect(await api.listAssessments()).toEqual([{ id: 'a1' }]);
    fetchMock.mockResolvedValueOnce(reply(200, { ok: null }));
    await api.saveReport('a1', 'pdf');
    expect(fetchMock.mock.calls.map(([url, init]) => [url, init.method, JSON.parse(init.body)])).toEqual([
      ['/call', 'POST', { command: 'list_assessments', args: {} }],
      ['/call', 'POST', { command: 'save_report', args: { assessment: 'a1', kind: 'pdf' } }],
    ]);
    expect(mockInvoke).not.toHaveBeenCalled();
  });

  it('an error answer becomes the same ApiError', async () => {
    fetchMock.mockResolvedValueOnce(reply(400, { error: { code: 'not_found', message: "assessment 'zz' not found", field: null } }));
    expect(await api.openAssessment('zz').catch((e) => e)).toMatchObject({ code: 'not_found', message: "assessment 'zz' not found" });
    fetchMock.mockResolvedValueOnce({ status: 502, statusText: 'Bad Gateway', json: async () => Promise.reject(new SyntaxError('not json')) });
    expect(await api.appInfo().catch((e) => e)).toMatchObject({ code: 'internal' });
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    expect(await api.appInfo().catch((e) => e)).toMatchObject({ code: 'internal', message: 'Failed to fetch' });
  });
});
