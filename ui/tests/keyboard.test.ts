import { describe, expect, it } from 'vitest';
import { isTextEntry, keyAction } from '../src/lib/keyboard';
import type { ResponseKind } from '../src/lib/api';

const SAQ_A: ResponseKind[] = ['in-place', 'in-place-ccw', 'not-applicable', 'not-in-place'];
const SAQ_D: ResponseKind[] = ['in-place', 'in-place-ccw', 'not-applicable', 'not-tested', 'not-in-place'];

function el(html: string): HTMLElement {
  const d = document.createElement('div');
  d.innerHTML = html;
  return d.firstElementChild as HTMLElement;
}

describe('keyboard mapping', () => {
  it('j/k and Alt+arrows move between requirements', () => {
    expect(keyAction({ key: 'j' }, SAQ_A)).toEqual({ type: 'next' });
    expect(keyAction({ key: 'k' }, SAQ_A)).toEqual({ type: 'prev' });
    expect(keyAction({ key: 'ArrowDown', altKey: true }, SAQ_A)).toEqual({ type: 'next' });
    expect(keyAction({ key: 'ArrowUp', altKey: true }, SAQ_A)).toEqual({ type: 'prev' });
    expect(keyAction({ key: 'ArrowDown' }, SAQ_A)).toBeNull();
  });

  it('digits pick the n-th response option the SAQ offers', () => {
    expect(keyAction({ key: '1' }, SAQ_A)).toEqual({ type: 'respond', kind: 'in-place' });
    expect(keyAction({ key: '4' }, SAQ_A)).toEqual({ type: 'respond', kind: 'not-in-place' });
    expect(keyAction({ key: '5' }, SAQ_A)).toBeNull();
    expect(keyAction({ key: '4' }, SAQ_D)).toEqual({ type: 'respond', kind: 'not-tested' });
    expect(keyAction({ key: '5' }, SAQ_D)).toEqual({ type: 'respond', kind: 'not-in-place' });
  });

  it('"/" focuses the search', () => {
    expect(keyAction({ key: '/' }, SAQ_A)).toEqual({ type: 'focus-search' });
  });

  it('ignores letters and digits typed into text fields, and modified keys', () => {
    const textarea = el('<textarea></textarea>');
    const input = el('<input type="text">');
    const radio = el('<input type="radio">');
    expect(isTextEntry(textarea)).toBe(true);
    expect(isTextEntry(input)).toBe(true);
    expect(isTextEntry(radio)).toBe(false);
    expect(keyAction({ key: 'j', target: textarea }, SAQ_A)).toBeNull();
    expect(keyAction({ key: '1', target: input }, SAQ_A)).toBeNull();
    expect(keyAction({ key: '/', target: input }, SAQ_A)).toBeNull();
    expect(keyAction({ key: '1', target: radio }, SAQ_A)).toEqual({ type: 'respond', kind: 'in-place' });
    expect(keyAction({ key: 'ArrowDown', altKey: true, target: textarea }, SAQ_A)).toEqual({ type: 'next' });
    expect(keyAction({ key: '1', ctrlKey: true }, SAQ_A)).toBeNull();
    expect(keyAction({ key: 'j', metaKey: true }, SAQ_A)).toBeNull();
  });
});
