// Typed wrappers over the Tauri commands of docs/ipc.md. Arguments go in camelCase (Tauri's
// default); results keep the Rust field names (snake_case). Every rejection becomes an ApiError.

import { invoke } from '@tauri-apps/api/core';

// ---------------------------------------------------------------------------------------------
// Errors

export type ErrorCode =
  | 'not_found'
  | 'ambiguous'
  | 'invalid'
  | 'leak_refused'
  | 'blocked'
  | 'frozen'
  | 'busy'
  | 'io'
  | 'database'
  | 'corrupt'
  | 'not_a_database'
  | 'newer_schema'
  | 'questionnaire'
  | 'scope'
  | 'report'
  /** Not from the core: a rejection that did not carry the contract's shape. */
  | 'unknown';

/** What every command rejects with: `{ code, message, field }`. */
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

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string') {
    const o = e as { code: string; message?: unknown; field?: unknown };
    return new ApiError(
      o.code as ErrorCode,
      typeof o.message === 'string' ? o.message : String(o.code),
      typeof o.field === 'string' ? o.field : null,
    );
  }
  if (typeof e === 'string') return new ApiError('unknown', e);
  if (e instanceof Error) return new ApiError('unknown', e.message);
  return new ApiError('unknown', String(e));
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toApiError(e);
  }
}

// ---------------------------------------------------------------------------------------------
// Shared enums

export type ResponseKind = 'in-place' | 'in-place-ccw' | 'not-applicable' | 'not-tested' | 'not-in-place';
export type Channel = 'ecommerce' | 'moto' | 'card-present';
export type AppliesTo = 'all' | Channel;
export type Testing = 'examine' | 'interview' | 'observe';
export type YesNo = 'yes' | 'no';
export type AssessmentStatus = 'draft' | 'ready' | 'attested';
export type Compliance = 'compliant' | 'non-compliant' | 'compliant-with-legal-exception';
export type ExportFormat = 'pdf' | 'html' | 'md' | 'json';

/** ISO date, "YYYY-MM-DD". */
export type IsoDate = string;
/** RFC 3339 timestamp. */
export type Timestamp = string;

// ---------------------------------------------------------------------------------------------
// app_info / scoping

export interface SaqInfo {
  saq: string;
  name: string;
  requirements: number;
  summary: string;
}

export interface AppInfo {
  version: string;
  db_path: string;
  /** The database is write-protected: everything can be read and exported, nothing saved. */
  read_only: boolean;
  questionnaire: string;
  saqs: SaqInfo[];
}

export interface Method {
  id: string;
  label: string;
  explain: string;
  channel: Channel;
  saq: string;
  why: string;
}

export interface Question {
  id: string;
  ask: string;
  methods: string[];
  triggers_on: YesNo;
  saq: string;
  criterion: string | null;
  ask_qsa: boolean;
  why: string;
}

export interface ScopingRules {
  questionnaire: string;
  fallback: string;
  methods: Method[];
  questions: Question[];
}

export interface ScopeInput {
  methods: string[];
  answers: Record<string, YesNo>;
  declined: string[];
}

export interface Decline {
  escalate_to: string | null;
  ask_qsa: boolean;
  why: string;
}

export interface Criterion {
  id: string;
  applies_to: AppliesTo;
  text: string;
  on_decline: Decline;
}

export interface ChannelScope {
  channel: Channel;
  methods: string[];
  saq: string;
  eligibility: Criterion[];
}

export interface Escalation {
  from: string;
  to: string;
  because: string;
  ask_qsa: boolean;
}

export interface ScopeResult {
  saq: string;
  per_channel: ChannelScope[];
  rationale: string[];
  eligibility: Criterion[];
  escalations: Escalation[];
  ask_qsa: boolean;
  unanswered: string[];
}

export interface ScopeRecord {
  input: ScopeInput;
  result: ScopeResult;
}

// ---------------------------------------------------------------------------------------------
// Merchants

export interface Location {
  facility_type: string;
  count: number;
  city_country: string;
}

export interface ServiceProvider {
  name: string;
  services: string;
}

export interface MerchantProfile {
  legal_name: string;
  dba: string;
  address: string;
  website: string;
  contact_name: string;
  contact_title: string;
  contact_email: string;
  contact_phone: string;
  business_description: string;
  locations: Location[];
  service_providers: ServiceProvider[];
}

export interface Merchant extends MerchantProfile {
  id: string;
}

// ---------------------------------------------------------------------------------------------
// Assessments

export interface Requirement {
  id: string;
  principal: string;
  section: string;
  title: string;
  description: string;
  testing: Testing[];
  future_dated: boolean;
  evidence: string[];
  bullets: string[];
}

export interface SaqNote {
  requirement: string;
  text: string;
}

export interface Saq {
  id: string;
  name: string;
  version: string;
  published: string;
  source: string;
  summary: string;
  channels: Channel[];
  responses: ResponseKind[];
  part4_rows: string[];
  eligibility: Criterion[];
  requirements: string[];
  notes: SaqNote[];
}

export interface PrincipalTitle {
  id: string;
  title: string;
}

export interface SaqSnapshot {
  questionnaire: string;
  version: string;
  saq: Saq;
  principals: PrincipalTitle[];
  requirements: Requirement[];
}

export interface AssessmentDetails {
  channels_excluded: string;
  how_channels_handle_data: string;
  environment_description: string;
  segmentation_used: boolean;
  validated_products: string;
  qsa_involved: string;
  isa_involved: string;
}

export interface Assessment {
  id: string;
  merchant_id: string;
  year: number;
  period_start: IsoDate;
  period_end: IsoDate;
  saq: string;
  questionnaire: string;
  snapshot: SaqSnapshot;
  scope: ScopeRecord | null;
  details: AssessmentDetails;
  status: string;
  previous_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AssessmentSummary {
  id: string;
  merchant_id: string;
  merchant_name: string;
  year: number;
  saq: string;
  status: AssessmentStatus | string;
  answered: number;
  total: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  attested_on: IsoDate | null;
  previous_id: string | null;
}

export interface Ccw {
  constraints: string;
  definition: string;
  objective: string;
  identified_risk: string;
  validation: string;
  maintenance: string;
}

export interface Response {
  requirement_id: string;
  response: ResponseKind | null;
  notes: string;
  owner: string;
  explanation: string;
  remediation_plan: string;
  remediation_date: IsoDate | null;
  legal_restriction: string;
  ccw: Ccw | null;
  carried_forward: boolean;
  review_needed: boolean;
  updated_by: string;
  updated_at: Timestamp | null;
  /** One per bullet where the form answers the requirement per bullet; absent otherwise. */
  bullets?: (ResponseKind | null)[];
}

/** One bullet's response (1-based `bullet`, as the form numbers them); null clears it. */
export interface BulletAnswer {
  bullet: number;
  response: ResponseKind | null;
}

/** A change to one answer; an omitted field stays as stored, "" clears a text. */
export interface AnswerInput {
  response?: ResponseKind;
  notes?: string;
  owner?: string;
  explanation?: string;
  remediation_plan?: string;
  remediation_date?: IsoDate | null;
  legal_restriction?: string;
  ccw?: Ccw | null;
  /** For a requirement answered per bullet; `response` on one answers every bullet. */
  bullets?: BulletAnswer[];
}

export interface Confirmation {
  criterion_id: string;
  confirmed: boolean;
  by: string;
  at: Timestamp;
}

export interface Evidence {
  id: string;
  assessment_id: string;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  added_at: Timestamp;
  added_by: string;
  effective_date: IsoDate | null;
  expires: IsoDate | null;
  description: string;
  revision_of: string | null;
  superseded_by: string | null;
  carried_from: string | null;
  removed_at: Timestamp | null;
  links: string[];
}

export interface EvidenceMeta {
  effective_date?: IsoDate | null;
  expires?: IsoDate | null;
  description?: string;
}

export interface EvidencePreview {
  media_type: string;
  kind: 'image' | 'text' | 'none';
  data: string;
}

export interface Progress {
  principal: string;
  title: string;
  total: number;
  answered: number;
  in_place: number;
  not_in_place: number;
  review_needed: number;
}

export interface Blocker {
  item: string;
  code: string;
  message: string;
}

export interface Status {
  assessment_id: string;
  saq: string;
  status: AssessmentStatus;
  total: number;
  answered: number;
  progress: Progress[];
  blockers: Blocker[];
  compliance: Compliance;
  ready: boolean;
}

export interface Attestation {
  id: string;
  assessment_id: string;
  signatory_name: string;
  signatory_title: string;
  signed_on: IsoDate;
  compliance: Compliance;
  acknowledgements: string[];
  pdf_sha256: string | null;
  created_at: Timestamp;
  created_by: string;
}

export interface AttestInput {
  name: string;
  title: string;
  signed_on?: IsoDate | null;
}

export interface AssessmentView {
  assessment: Assessment;
  merchant: Merchant;
  responses: Response[];
  confirmations: Confirmation[];
  evidence: Evidence[];
  stale_evidence: string[];
  status: Status;
  attestation: Attestation | null;
  guidance: Record<string, string[]>;
}

export interface AnswerResult {
  response: Response;
  status: Status;
}

export interface ExportResult {
  path: string;
  sha256: string;
  bytes: number;
}

export interface QuestionnaireDiff {
  from_version: string;
  to_version: string;
  added: string[];
  removed: string[];
  changed: string[];
}

export interface RollForward {
  assessment: Assessment;
  previous_id: string;
  carried_answers: number;
  carried_evidence: number;
  stale_evidence: string[];
  diff: QuestionnaireDiff;
}

export interface AuditEntry {
  seq: number;
  at: Timestamp;
  actor: string;
  assessment_id: string | null;
  entity: string;
  entity_id: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
}

// ---------------------------------------------------------------------------------------------
// Commands, in the order of docs/ipc.md

export const appInfo = () => call<AppInfo>('app_info');
export const scopingRules = () => call<ScopingRules>('scoping_rules');
export const scope = (input: ScopeInput) => call<ScopeResult>('scope', { input });
export const listMerchants = () => call<Merchant[]>('list_merchants');
export const saveMerchant = (id: string | null, profile: MerchantProfile) => call<Merchant>('save_merchant', { id, profile });
export const listAssessments = () => call<AssessmentSummary[]>('list_assessments');
export const createAssessment = (merchant: string, year: number, saq: string | null, scopeInput: ScopeInput | null) =>
  call<Assessment>('create_assessment', { merchant, year, saq, scope: scopeInput });
export const openAssessment = (id: string) => call<AssessmentView>('open_assessment', { id });
export const answer = (id: string, requirement: string, input: AnswerInput) => call<AnswerResult>('answer', { id, requirement, input });
export const review = (id: string, requirement: string) => call<Status>('review', { id, requirement });
export const confirm = (id: string, criterion: string, confirmed: boolean) => call<Status>('confirm', { id, criterion, confirmed });
export const setDetails = (id: string, details: AssessmentDetails) => call<Assessment>('set_details', { id, details });
export const pickEvidence = () => call<string[]>('pick_evidence');
export const addEvidence = (id: string, items: string[], path: string, meta: EvidenceMeta) => call<Evidence>('add_evidence', { id, items, path, meta });
export const evidencePreview = (evidenceId: string) => call<EvidencePreview>('evidence_preview', { evidenceId });
export const linkEvidence = (evidenceId: string, item: string, linked: boolean) => call<Evidence>('link_evidence', { evidenceId, item, linked });
export const removeEvidence = (evidenceId: string) => call<null>('remove_evidence', { evidenceId });
export const replaceEvidence = (evidenceId: string, path: string) => call<Evidence>('replace_evidence', { evidenceId, path });
export const status = (id: string) => call<Status>('status', { id });
export const attest = (id: string, input: AttestInput) => call<Attestation>('attest', { id, input });
export const exportReport = (id: string, format: ExportFormat, path: string | null = null) =>
  call<ExportResult | null>('export_report', { id, format, path });
export const exportBundle = (id: string, path: string | null = null) => call<ExportResult | null>('export_bundle', { id, path });
export const reveal = (path: string) => call<null>('reveal', { path });
export const openPath = (path: string) => call<null>('open_path', { path });
export const rollForward = (id: string, year: number | null) => call<RollForward>('roll_forward', { id, year });
export const deleteAssessment = (id: string) => call<string>('delete_assessment', { id });
export const history = (id: string) => call<AuditEntry[]>('history', { id });

// ---------------------------------------------------------------------------------------------
// The sweep: card numbers and secrets an earlier version let in

export type LeakKind = 'card-number' | 'stripe-secret-key' | 'stripe-restricted-key' | 'stripe-webhook-secret';

export interface SweepHit {
  assessment_id: string | null;
  assessment: string | null;
  place: string;
  kind: LeakKind;
  /** "card ending 1111": never the number itself. */
  masked: string;
}

export interface BackupSweep {
  file: string;
  hits: SweepHit[];
  redacted: boolean;
  error: string | null;
}

export interface SweepReport {
  database: string;
  hits: SweepHit[];
  redacted: boolean;
  backups: BackupSweep[];
}

export const sweepOnStart = () => call<SweepReport | null>('sweep_on_start');
export const sweepRedact = () => call<SweepReport>('sweep_redact');
