// The desktop door as the tests see it: the UI calls `invoke('call', { command, args })` for the
// core's commands and `invoke(cmd, { args })` for the few the window serves itself. Each test file
// mocks `@tauri-apps/api/core` (vi.mock) and uses these helpers to answer calls by command name
// and to assert the contract's command names and argument shapes.

import { vi } from 'vitest';
import { invoke } from '@tauri-apps/api/core';
import type { Args, CommandName } from '../src/lib/api';

export const mockInvoke = vi.mocked(invoke);

const DOOR = new Set<string>(['pick_evidence', 'save_report', 'pick_blank_form', 'save_form', 'reveal', 'open_path']);

/** The expected `invoke` arguments of a core command. */
export function core<K extends CommandName>(command: K, args: Args<K>): [string, { command: K; args: Args<K> }] {
  return ['call', { command, args }];
}

/** The expected `invoke` arguments of a command the window serves itself. */
export function door<K extends CommandName>(command: K, args: Args<K>): [string, { args: Args<K> }] {
  return [command, { args }];
}

/** One call as the UI made it: command name and arguments, whichever way it went. */
export function unwrap(cmd: string, payload: unknown): [string, Record<string, unknown>] {
  const p = (payload ?? {}) as { command?: string; args?: Record<string, unknown> };
  if (cmd === 'call') {
    if (typeof p.command !== 'string') throw new Error(`invoke('call') without a command: ${JSON.stringify(payload)}`);
    return [p.command, p.args ?? {}];
  }
  if (!DOOR.has(cmd)) throw new Error(`invoke('${cmd}') is neither 'call' nor a door command`);
  return [cmd, p.args ?? {}];
}

export type Handler = (command: string, args: Record<string, unknown>) => unknown;

/** Answers every call with `handler(command, args)` (a rejection when it throws or rejects). */
export function serve(handler: Handler) {
  mockInvoke.mockImplementation(async (cmd, payload) => {
    const [command, args] = unwrap(cmd, payload);
    return (await handler(command, args)) as never;
  });
}

/** Answers every call with `value`. */
export function serveValue(value: unknown) {
  serve(() => value);
}

/** Every call so far, as [command, args]. */
export function calls(): [string, Record<string, unknown>][] {
  return mockInvoke.mock.calls.map(([cmd, payload]) => unwrap(cmd, payload));
}

/** The names of the commands called so far. */
export function commands(): string[] {
  return calls().map(([c]) => c);
}
