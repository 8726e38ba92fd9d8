// Checklist keyboard shortcuts: j / k or Alt+↓ / Alt+↑ move between requirements, 1–n pick the
// n-th response option, "/" focuses the search box. Letters and digits are ignored while the
// user is typing in a text field.

import type { ResponseKind } from './api';

export type KeyAction =
  | { type: 'next' }
  | { type: 'prev' }
  | { type: 'respond'; kind: ResponseKind }
  | { type: 'focus-search' }
  | null;

export interface KeyLike {
  key: string;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
  target?: EventTarget | null;
}

const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** True when keystrokes on `target` type text (inputs, textareas, selects, contenteditable). */
export function isTextEntry(target: EventTarget | null | undefined): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const el = target as HTMLElement;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') return !NON_TEXT_INPUTS.has(((el as HTMLInputElement).type || 'text').toLowerCase());
  return el.isContentEditable === true || el.getAttribute?.('contenteditable') === 'true';
}

export function keyAction(e: KeyLike, responses: ResponseKind[]): KeyAction {
  if (e.ctrlKey || e.metaKey) return null;
  const typing = isTextEntry(e.target);
  if (e.altKey) {
    if (typing && (e.target as HTMLElement).tagName?.toLowerCase() === 'select') return null;
    if (e.key === 'ArrowDown') return { type: 'next' };
    if (e.key === 'ArrowUp') return { type: 'prev' };
    return null;
  }
  if (typing) return null;
  switch (e.key) {
    case 'j':
      return { type: 'next' };
    case 'k':
      return { type: 'prev' };
    case '/':
      return { type: 'focus-search' };
  }
  if (/^[1-9]$/.test(e.key)) {
    const kind = responses[Number(e.key) - 1];
    return kind ? { type: 'respond', kind } : null;
  }
  return null;
}
