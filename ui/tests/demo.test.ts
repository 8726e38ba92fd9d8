// The browser demo's scoping engine is a port of src/scoping/engine.rs over the real data files;
// these checks keep it honest enough for screenshots.
import { describe, expect, it, vi } from 'vitest';
import { runScope } from '../src/lib/demo';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

describe('demo scoping engine', () => {
  it('Elements alone is SAQ A with the e-commerce criteria', () => {
    const r = runScope({ methods: ['elements'], answers: { 'third-party-scripts': 'no', 'stores-card-data': 'no' }, declined: [] });
    expect(r.saq).toBe('A');
    expect(r.eligibility.map((c) => c.id)).toContain('A.7');
    expect(r.unanswered).toEqual([]);
  });

  it('third-party scripts move Elements to SAQ A-EP and ask for a QSA', () => {
    const r = runScope({ methods: ['elements'], answers: { 'third-party-scripts': 'yes' }, declined: [] });
    expect(r.saq).toBe('A-EP');
    expect(r.ask_qsa).toBe(true);
    expect(r.unanswered).toEqual(['stores-card-data']);
  });

  it('declining A.7 escalates to SAQ A-EP', () => {
    const r = runScope({ methods: ['elements'], answers: {}, declined: ['A.7'] });
    expect(r.saq).toBe('A-EP');
    expect(r.escalations[0]).toMatchObject({ from: 'A', to: 'A-EP', ask_qsa: true });
  });
});
