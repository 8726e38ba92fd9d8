import { beforeEach, describe, expect, it, vi } from 'vitest';
import { invoke } from '@tauri-apps/api/core';
import * as api from '../src/lib/api';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
const mockInvoke = vi.mocked(invoke);

describe('api wrappers', () => {
  beforeEach(() => {
    mockInvoke.mockReset();
    mockInvoke.mockResolvedValue(null);
  });

  it('call each command with camelCase argument names', async () => {
    const scope = { methods: ['checkout'], answers: {}, declined: [] };
    await api.appInfo();
    await api.scope(scope);
    await api.saveMerchant(null, {} as never);
    await api.createAssessment('m1', 2026, null, scope);
    await api.answer('a1', '8.2.1', { notes: 'x' });
    await api.confirm('a1', 'A.1', true);
    await api.addEvidence('a1', ['8.2.1'], '/tmp/f.pdf', { effective_date: '2026-01-01' });
    await api.evidencePreview('e1');
    await api.linkEvidence('e1', '12.8.1', true);
    await api.removeEvidence('e1');
    await api.replaceEvidence('e1', '/tmp/g.pdf');
    await api.exportReport('a1', 'pdf');
    await api.exportBundle('a1');
    await api.rollForward('a1', 2027);
    await api.deleteAssessment('a1');
    expect(mockInvoke.mock.calls).toEqual([
      ['app_info', undefined],
      ['scope', { input: scope }],
      ['save_merchant', { id: null, profile: {} }],
      ['create_assessment', { merchant: 'm1', year: 2026, saq: null, scope }],
      ['answer', { id: 'a1', requirement: '8.2.1', input: { notes: 'x' } }],
      ['confirm', { id: 'a1', criterion: 'A.1', confirmed: true }],
      ['add_evidence', { id: 'a1', items: ['8.2.1'], path: '/tmp/f.pdf', meta: { effective_date: '2026-01-01' } }],
      ['evidence_preview', { evidenceId: 'e1' }],
      ['link_evidence', { evidenceId: 'e1', item: '12.8.1', linked: true }],
      ['remove_evidence', { evidenceId: 'e1' }],
      ['replace_evidence', { evidenceId: 'e1', path: '/tmp/g.pdf' }],
      ['export_report', { id: 'a1', format: 'pdf', path: null }],
      ['export_bundle', { id: 'a1', path: null }],
      ['roll_forward', { id: 'a1', year: 2027 }],
      ['delete_assessment', { id: 'a1' }],
    ]);
  });

  it('rejects with an ApiError carrying code, message and field', async () => {
    mockInvoke.mockRejectedValueOnce({ code: 'leak_refused', message: 'notes refused', field: 'notes' });
    const err = await api.answer('a1', '8.2.1', { notes: '4111…' }).catch((e) => e);
    expect(err).toBeInstanceOf(api.ApiError);
    expect(err).toMatchObject({ code: 'leak_refused', message: 'notes refused', field: 'notes' });

    mockInvoke.mockRejectedValueOnce('command answer not found');
    expect(await api.status('a1').catch((e) => e)).toMatchObject({ code: 'unknown', message: 'command answer not found', field: null });
  });
});
