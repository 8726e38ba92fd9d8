import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import Checklist from '../src/screens/Checklist.svelte';
import { app } from '../src/lib/state.svelte';
import { response, status, view } from './fixtures';
import { core, mockInvoke, serve } from './transport';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

function listed(): string[] {
  const list = screen.queryByTestId('req-list');
  if (!list) return [];
  return within(list)
    .getAllByRole('button')
    .map((b) => b.getAttribute('data-testid') ?? '')
    .filter((id) => id.startsWith('req-'))
    .map((id) => id.slice(4));
}
const selected = () => screen.getByTestId('req-detail').getAttribute('data-req-id');

describe('Checklist', () => {
  beforeEach(() => {
    mockInvoke.mockReset();
    serve((cmd, args) => {
      if (cmd === 'answer') {
        const a = args as { requirement: string; input: { response?: string } };
        return { response: response(a.requirement, { response: (a.input.response ?? null) as never }), status: status() };
      }
      return null;
    });
    app.current = view();
    app.focus = null;
  });
  afterEach(() => cleanup());

  it('shows every requirement and opens on the first unanswered one', () => {
    render(Checklist);
    expect(listed()).toEqual(['8.2.1', '8.3.6', '12.8.1', '12.8.4']);
    expect(selected()).toBe('8.3.6');
    expect(screen.queryByTestId('saq-notes')).toBeNull(); // 8.3.6 has no SAQ note
  });

  it('filters select the right requirements', async () => {
    render(Checklist);
    await fireEvent.click(screen.getByTestId('filter-unanswered'));
    expect(listed()).toEqual(['8.3.6', '12.8.4']);
    await fireEvent.click(screen.getByTestId('filter-not-in-place'));
    expect(listed()).toEqual(['12.8.1']);
    await fireEvent.click(screen.getByTestId('filter-review'));
    expect(listed()).toEqual(['12.8.1']);
    await fireEvent.click(screen.getByTestId('filter-missing-evidence'));
    expect(listed()).toEqual([]);
    await fireEvent.click(screen.getByTestId('filter-all'));
    expect(listed()).toHaveLength(4);
  });

  it('principal buttons and the search box narrow the list', async () => {
    render(Checklist);
    await fireEvent.click(screen.getByTestId('principal-12'));
    expect(listed()).toEqual(['12.8.1', '12.8.4']);
    const search = screen.getByTestId('search');
    await fireEvent.input(search, { target: { value: '8.3' } });
    expect(listed()).toEqual(['8.3.6']); // searching looks across all principals
    await fireEvent.input(search, { target: { value: 'provider compliance' } });
    expect(listed()).toEqual(['12.8.4']);
  });

  it('a requirement shows its texts, guidance and evidence', async () => {
    render(Checklist);
    await fireEvent.click(screen.getByTestId('req-8.2.1'));
    await waitFor(() => expect(selected()).toBe('8.2.1'));
    expect(screen.getByTestId('saq-notes')).toHaveTextContent('Applies to your web server accounts.');
    expect(screen.getByTestId('guidance')).toHaveTextContent('own Stripe Dashboard login');
    expect(screen.getByTestId('evidence-to-collect')).toHaveTextContent('User list export');
    expect(screen.getByTestId('evidence-e1')).toHaveTextContent('e1.pdf');
    expect(screen.getByTestId('evidence-e1')).toHaveTextContent('2.0 KiB');
    expect(screen.getByTestId('evidence-e1')).toHaveTextContent('SHA-256 abababababab');
  });

  it('keyboard: j/k move, digits answer, "/" focuses search, typing is left alone', async () => {
    render(Checklist);
    expect(selected()).toBe('8.3.6');
    await fireEvent.keyDown(window, { key: 'j' });
    await waitFor(() => expect(selected()).toBe('12.8.1'));
    await fireEvent.keyDown(window, { key: 'k' });
    await waitFor(() => expect(selected()).toBe('8.3.6'));
    await fireEvent.keyDown(window, { key: 'ArrowDown', altKey: true });
    await waitFor(() => expect(selected()).toBe('12.8.1'));

    await fireEvent.keyDown(window, { key: '3' });
    await waitFor(() =>
      expect(mockInvoke).toHaveBeenCalledWith(...core('answer', { assessment: 'a1', requirement: '12.8.1', input: { bullets: [], response: 'not-applicable' } })),
    );
    expect(screen.getByTestId('response-not-applicable')).toBeChecked();
    expect(screen.getByTestId('explanation')).toBeInTheDocument();

    const notes = screen.getByTestId('notes');
    notes.focus();
    await fireEvent.keyDown(notes, { key: 'j' });
    await fireEvent.keyDown(notes, { key: '1' });
    await new Promise((r) => setTimeout(r, 20));
    expect(selected()).toBe('12.8.1');
    expect(screen.getByTestId('response-not-applicable')).toBeChecked();

    notes.blur();
    await fireEvent.keyDown(window, { key: '/' });
    expect(document.activeElement).toBe(screen.getByTestId('search'));
  });

  it('progress bars follow the status from the core', () => {
    render(Checklist);
    const p12 = screen.getByTestId('principal-12');
    expect(within(p12).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '1');
    expect(within(p12).getByRole('progressbar')).toHaveAttribute('aria-valuemax', '2');
    expect(p12).toHaveTextContent('1 not in place');
  });
});
