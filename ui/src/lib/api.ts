// The UI's one way to the core. Every command, its arguments and its result are typed by the
// contract generated from the Rust command table (contract.ts, from src/ipc.rs); `call` sends one
// over whichever door the page runs behind:
//
//   - the desktop app: `invoke('call', { command, args })`, and `invoke(cmd, { args })` for the few
//     commands the window serves itself (its file dialogs, the desktop's file manager);
//   - the browser demo (`?demo`, the page served by `saqdesk serve`): `POST /call` on the page's
//     own origin, answered by the same core.
//
// Every rejection becomes an ApiError whose `code` is one of the contract's ErrorCodes; screens
// branch on `code` (and `field`), never on the message.

import { invoke } from '@tauri-apps/api/core';
import { ERROR_CODES } from './contract';
import type {
  AddEvidenceRequest,
  AnswerInput,
  AttestInput,
  CommandName,
  Commands,
  DetailsPatch,
  ErrorCode,
  EvidenceMeta,
  ExportKind,
  Merchant,
  MerchantPatch,
  NewAssessmentRequest,
  SaveFormRequest,
  ScopeInput,
  SetTraPeriodRequest,
  TraPeriodInput,
} from './contract';

// Every type of the contract, so screens import from one place.
export type * from './contract';

// ---------------------------------------------------------------------------------------------
// Errors

/** What every command rejects with: the contract's `{ code, message, field }`. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly field: string | null;

  constructor(code: ErrorCode, message: string, field: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.field = field;
  }
}

function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === 'string' && (ERROR_CODES as readonly string[]).includes(v);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/**
 * Any rejection as an ApiError. A rejection without the contract's shape (a door that refused the
 * call before the core saw it, a lost connection to the demo server) is `internal`: the door and
 * the core are out of step.
 */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (isObject(e) && isErrorCode(e.code)) {
    return new ApiError(e.code, typeof e.message === 'string' ? e.message : e.code, typeof e.field === 'string' ? e.field : null);
  }
  if (isObject(e) && typeof e.code === 'string') {
    // A code this UI does not know (a newer core): keep its message, treat it as internal.
    return new ApiError('internal', typeof e.message === 'string' ? e.message : e.code, typeof e.field === 'string' ? e.field : null);
  }
  if (typeof e === 'string') return new ApiError('internal', e);
  if (e instanceof Error) return new ApiError('internal', e.message);
  return new ApiError('internal', String(e));
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

// ---------------------------------------------------------------------------------------------
// Transport

export type Args<K extends CommandName> = Commands[K]['args'];
export type Result<K extends CommandName> = Commands[K]['result'];

/** Commands the desktop window serves itself rather than the core's dispatcher. */
const DOOR_COMMANDS: ReadonlySet<CommandName> = new Set<CommandName>([
  'pick_evidence',
  'save_report',
  'pick_blank_form',
  'save_form',
  'reveal',
  'open_path',
]);

/** Door commands that take no arguments: invoked without any. */
const NO_ARGS: ReadonlySet<CommandName> = new Set<CommandName>(['pick_evidence', 'pick_blank_form']);

let server: string | null = null;

/**
 * Sends every call to `saqdesk serve` at `origin` (the page's own origin in the browser demo)
 * instead of the desktop shell. `null` goes back to the desktop shell.
 */
export function useServer(origin: string | null) {
  server = origin;
}

export function usingServer(): boolean {
  return server !== null;
}

async function post(command: CommandName, args: unknown): Promise<unknown> {
  const res = await fetch(`${server}/call`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ command, args }),
  });
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new ApiError('internal', `the SAQ Desk server answered ${res.status} ${res.statusText} without a result`);
  }
  if (isObject(body) && 'ok' in body) return body.ok;
  if (isObject(body) && 'error' in body) throw body.error;
  throw new ApiError('internal', `the SAQ Desk server answered ${res.status} with something that is not a result`);
}

/** Runs one command of the contract. */
export async function call<K extends CommandName>(cmd: K, args: Args<K>): Promise<Result<K>> {
  try {
    if (server !== null) return (await post(cmd, args)) as Result<K>;
    if (NO_ARGS.has(cmd)) return await invoke<Result<K>>(cmd);
    if (DOOR_COMMANDS.has(cmd)) return await invoke<Result<K>>(cmd, { args });
    return await invoke<Result<K>>('call', { command: cmd, args });
  } catch (e) {
    throw toApiError(e);
  }
}

// ---------------------------------------------------------------------------------------------
// UI-only helper types

/** The merchant profile a form edits: a merchant without its ID. */
export type MerchantProfile = Omit<Merchant, 'id'>;

// ---------------------------------------------------------------------------------------------
// Named wrappers, in the order of the command table (src/ipc.rs)

export const appInfo = () => call('app_info', {});
export const scopingRules = () => call('scoping_rules', {});
export const scope = (input: ScopeInput) => call('scope', input);
export const listMerchants = () => call('list_merchants', {});
/** Creates (no `id`) or changes a merchant; the wizard sends the whole profile. */
export const setMerchant = (id: string | null, profile: MerchantProfile) => {
  const patch: MerchantPatch = id ? { id, ...profile } : { ...profile };
  return call('set_merchant', patch);
};
/** Changes only the given fields of the merchant `id` (AOC Part 1a on the Attestation screen). */
export const patchMerchant = (id: string, fields: Omit<MerchantPatch, 'id'>) => call('set_merchant', { id, ...fields });
export const listAssessments = () => call('list_assessments', {});
export const newAssessment = (req: NewAssessmentRequest) => call('new_assessment', req);
export const openAssessment = (assessment: string) => call('open_assessment', { assessment });
/** `saq` answers one SAQ's own answer (a requirement answered separately per SAQ); without it the shared one. */
export const answer = (assessment: string, requirement: string, input: AnswerInput, saq?: string) =>
  call('answer', saq === undefined ? { assessment, requirement, input } : { assessment, requirement, input, saq });
export const review = (assessment: string, requirement: string, saq?: string) =>
  call('review', saq === undefined ? { assessment, requirement } : { assessment, requirement, saq });
/** Answers a requirement two SAQs share separately for each (each starts from the shared answer). */
export const split = (assessment: string, requirement: string) => call('split', { assessment, requirement });
/** Answers it once again for every SAQ that has it, keeping SAQ `keep`'s answer. */
export const join = (assessment: string, requirement: string, keep: string) => call('join', { assessment, requirement, keep });
export const confirm = (assessment: string, criterion: string, confirmed: boolean) => call('confirm', { assessment, criterion, confirmed });
/** Changes the AOC details given (the Attestation form sends all of them). */
export const setDetails = (patch: DetailsPatch) => call('set_details', patch);
export const addEvidence = (assessment: string, items: string[], path: string, meta: EvidenceMeta) => {
  const req: AddEvidenceRequest = { assessment, items, path, meta };
  return call('add_evidence', req);
};
export const listEvidence = (assessment: string, all = false) => call('list_evidence', { assessment, all });
export const evidencePreview = (evidence: string) => call('evidence_preview', { evidence });
export const linkEvidence = (evidence: string, item: string, linked: boolean) => call('link_evidence', { evidence, item, linked });
export const removeEvidence = (evidence: string) => call('remove_evidence', { evidence });
export const replaceEvidence = (evidence: string, path: string) => call('replace_evidence', { evidence, path });
/** With several SAQs, `saq` names the one (the core refuses without it). */
export const status = (assessment: string, saq?: string) => call('status', saq === undefined ? { assessment } : { assessment, saq });
export const attest = (assessment: string, input: AttestInput, saq?: string) =>
  call('attest', saq === undefined ? { assessment, input } : { assessment, input, saq });
/** The file name the save dialog offers for a report or bundle of the SAQ. */
export const suggestedFileName = (assessment: string, kind: ExportKind, saq?: string) =>
  call('suggested_file_name', saq === undefined ? { assessment, kind } : { assessment, kind, saq });
/** The blank official PCI SSC forms kept (every SAQ's, newest first). */
export const blankForms = () => call('blank_forms', {});
/** Keeps a blank official form; with `saq`, another SAQ's form is refused (`wrong_form`). */
export const addBlankForm = (path: string, saq?: string) => call('add_blank_form', saq === undefined ? { path } : { path, saq });
export const removeBlankForm = (sha256: string) => call('remove_blank_form', { sha256 });
/** Every fill of the SAQ's official forms. */
export const filledForms = (assessment: string, saq?: string) => call('filled_forms', saq === undefined ? { assessment } : { assessment, saq });
/** The compliance year of one SAQ (with several SAQs, `saq` names it): periods, due date, warnings. */
export const schedule = (assessment: string, saq?: string) => call('schedule', saq === undefined ? { assessment } : { assessment, saq });
/** Enters the period a targeted risk analysis chose (`every` null clears it); returns the SAQ's schedule. */
export const setTraPeriod = (assessment: string, requirement: string, every: TraPeriodInput | null, reference: string, saq?: string) => {
  const req: SetTraPeriodRequest = { assessment, requirement, reference };
  if (every) req.every = every;
  if (saq !== undefined) req.saq = saq;
  return call('set_tra_period', req);
};
/** Sets the date the self-assessment is due; without `date`, back to the default. */
export const setValidationDue = (assessment: string, date: string | null, reason = '') =>
  call('set_validation_due', date === null ? { assessment, reason } : { assessment, date, reason });
/** Overdue and due in the next 30 days across every open assessment. */
export const due = () => call('due', {});
export const calendar = (assessment: string, saq?: string) => call('calendar', saq === undefined ? { assessment } : { assessment, saq });
export const rollForward = (from: string, year?: number) => call('roll_forward', year === undefined ? { from } : { from, year });
export const deleteAssessment = (assessment: string) => call('delete_assessment', { assessment });
export const history = (assessment: string) => call('history', { assessment });
export const sweepOnStart = () => call('sweep_on_start', {});
export const sweepRedact = () => call('sweep_redact', {});

// Served by the door itself.
export const pickEvidence = () => call('pick_evidence', {});
/** Asks where to save (unless `path` is given), then exports; null when the user cancels. */
export const saveReport = (assessment: string, kind: ExportKind, path?: string, saq?: string) =>
  call('save_report', { assessment, kind, ...(path === undefined ? {} : { path }), ...(saq === undefined ? {} : { saq }) });
/** Asks for a blank official form (.docx); null when the user cancels. */
export const pickBlankForm = () => call('pick_blank_form', {});
/** Asks where to save (unless `path` is given), then fills kept blank `blank`; null when cancelled. */
export const saveForm = (req: SaveFormRequest) => call('save_form', req);
export const reveal = (path: string) => call('reveal', { path });
export const openPath = (path: string) => call('open_path', { path });
