import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosaver, type SaveState } from '../src/lib/autosave';

describe('Autosaver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves once, 600 ms after the last change, with every changed field', async () => {
    const save = vi.fn(async (_fields: string[]) => {});
    const states: SaveState['kind'][] = [];
    const s = new Autosaver({ save, onState: (st) => states.push(st.kind) });
    s.touch('notes');
    await vi.advanceTimersByTimeAsync(300);
    s.touch('notes');
    s.touch('owner');
    await vi.advanceTimersByTimeAsync(599);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save.mock.calls[0][0].sort()).toEqual(['notes', 'owner']);
    expect(states[states.length - 1]).toBe('saved');
  });

  it('saves at once when asked to', async () => {
    const save = vi.fn(async () => {});
    const s = new Autosaver({ save });
    await s.touch('response', true);
    expect(save).toHaveBeenCalledWith(['response']);
  });

  it('keeps failed fields dirty and sends them again with the next change', async () => {
    const save = vi.fn<(f: string[]) => Promise<void>>().mockRejectedValueOnce({ code: 'leak_refused', message: 'card number', field: 'notes' }).mockResolvedValue();
    let last: SaveState = { kind: 'idle' };
    const s = new Autosaver({ save, onState: (st) => (last = st) });
    await s.touch('notes', true);
    expect(last).toMatchObject({ kind: 'error', error: { code: 'leak_refused', field: 'notes' } });
    expect(s.pending).toBe(true);
    await s.touch('owner', true);
    expect(save.mock.calls[1][0].sort()).toEqual(['notes', 'owner']);
    expect(last.kind).toBe('saved');
  });

  it('never runs two saves at the same time', async () => {
    let running = 0;
    let max = 0;
    const save = vi.fn(async (_f: string[]) => {
      running++;
      max = Math.max(max, running);
      await new Promise((r) => setTimeout(r, 50));
      running--;
    });
    const s = new Autosaver({ save });
    const a = s.touch('notes', true);
    await vi.advanceTimersByTimeAsync(10); // the first save is now running
    const b = s.touch('owner', true);
    await vi.advanceTimersByTimeAsync(200);
    await Promise.all([a, b]);
    expect(save.mock.calls.map((c) => c[0])).toEqual([['notes'], ['owner']]);
    expect(max).toBe(1);
  });

  it('coalesces changes made before a save starts into one call', async () => {
    const save = vi.fn(async () => {});
    const s = new Autosaver({ save });
    await Promise.all([s.touch('notes', true), s.touch('owner', true)]);
    expect(save).toHaveBeenCalledTimes(1);
  });
});
