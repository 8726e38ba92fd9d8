// Debounced, serialised saving of the fields a user changed. A failed save keeps its fields dirty,
// so the next change (or flush) sends them again together with the new ones.

import { toApiError, type ApiError } from './api';

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'error'; error: ApiError };

export interface AutosaverOptions<F> {
  /** Milliseconds of quiet after the last change before saving. */
  delay?: number;
  /** Saves the given fields, reading their current values itself. */
  save: (fields: F[]) => Promise<void>;
  onState?: (state: SaveState) => void;
}

export class Autosaver<F extends string = string> {
  readonly delay: number;
  private dirty = new Set<F>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly opts: AutosaverOptions<F>) {
    this.delay = opts.delay ?? 600;
  }

  /** Marks a field changed; saves after the debounce delay, or at once when `immediate`. */
  touch(field: F, immediate = false): Promise<void> {
    this.dirty.add(field);
    this.opts.onState?.({ kind: 'saving' });
    if (immediate) return this.flush();
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.delay);
    return Promise.resolve();
  }

  get pending(): boolean {
    return this.dirty.size > 0 || this.timer !== null;
  }

  /** Saves whatever is dirty now (after any save already running). */
  flush(): Promise<void> {
    this.clearTimer();
    this.chain = this.chain.then(() => this.run());
    return this.chain;
  }

  /** Stops the timer; call flush() first to keep the changes. */
  dispose(): void {
    this.clearTimer();
  }

  private async run(): Promise<void> {
    if (this.dirty.size === 0) return;
    const fields = [...this.dirty];
    this.dirty.clear();
    this.opts.onState?.({ kind: 'saving' });
    try {
      await this.opts.save(fields);
      if (this.dirty.size === 0 && this.timer === null) this.opts.onState?.({ kind: 'saved' });
    } catch (e) {
      for (const f of fields) this.dirty.add(f);
      this.opts.onState?.({ kind: 'error', error: toApiError(e) });
    }
  }

  private clearTimer() {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }
}
