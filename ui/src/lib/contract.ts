// Generated from the Rust types by `cargo test` (src/ipc.rs, test `contract_is_current`): do not edit.
// Regenerate with `UPDATE_CONTRACT=1 cargo test --test it contract`.

export type AddBlankFormRequest = { path: string, 
/**
 * The SAQ the form is given for ("A", "C"…): another SAQ's form is refused and not kept, so
 * a screen about one SAQ never keeps a file it would not list.
 */
saq?: string, };

export type AddEvidenceRequest = { assessment: string, 
/**
 * Requirement or eligibility-criterion IDs the file supports.
 */
items: Array<string>, path: string, meta: EvidenceMeta, };

/**
 * A change to one answer. `None` keeps what is stored; `Some("")` clears a text.
 */

export type AnswerInput = { response?: ResponseKind, notes?: string, owner?: string, explanation?: string, remediation_plan?: string, remediation_date?: string | null, legal_restriction?: string, ccw?: Ccw | null, 
/**
 * For a requirement answered per bullet. `response` on such a requirement answers every bullet.
 */
bullets?: Array<BulletAnswer>, };

export type AnswerRequest = { assessment: string, requirement: string, input: AnswerInput, 
/**
 * With several SAQs: answer for this SAQ alone (the requirement is then answered per SAQ).
 */
saq?: string, };

export type AnswerResult = { response: Response, 
/**
 * The status of the SAQ the answer counts for (the first SAQ's, for a shared answer).
 */
status: Status, 
/**
 * Every SAQ's status: a shared answer counts for each.
 */
statuses: Array<Status>, };

/**
 * What every door returns on failure: `{code, message, field}`.
 */

export type ApiError = { code: ErrorCode, message: string, 
/**
 * The input field at fault, when there is one.
 */
field: string | null, };

export type AppInfo = { version: string, db_path: string, 
/**
 * The database could only be opened for reading (write-protected file, folder or disk).
 */
read_only: boolean, questionnaire: string, saqs: Array<SaqInfo>, };

/**
 * Which channels an eligibility criterion speaks about.
 */

export type AppliesTo = "all" | "ecommerce" | "moto" | "card-present";

/**
 * An assessment seen through one of its SAQs: what the whole assessment shares (merchant, year,
 * period, scoping, history) and that SAQ's own snapshot, channels, AOC details and status. `saqs`
 * lists every SAQ of the assessment.
 */

export type Assessment = { id: AssessmentId, merchant_id: string, year: number, period_start: string, period_end: string, 
/**
 * The SAQ this view is of.
 */
saq: string, questionnaire: string, snapshot: SaqSnapshot, scope: ScopeRecord | null, details: AssessmentDetails, status: AssessmentState, previous_id: AssessmentId | null, created_at: string, updated_at: string, 
/**
 * The payment channels this SAQ covers (empty when not scoped by channel).
 */
channels: Array<Channel>, 
/**
 * Every SAQ of the assessment, this one included.
 */
saqs: Array<SaqPart>, };

/**
 * AOC Part 1b, Part 2 and Part 3c–3d fields that belong to this year's assessment (of one SAQ)
 * rather than to the merchant. Every field defaults, so details saved by earlier releases load.
 */

export type AssessmentDetails = { 
/**
 * Part 2a: channels left out of this assessment and why (empty: none, or, with one SAQ per
 * channel, where the others are filed).
 */
channels_excluded: string, 
/**
 * Part 2b as one description; `channel_roles` is the form's table, channel by channel.
 */
how_channels_handle_data: string, channel_roles: Array<ChannelRole>, environment_description: string, segmentation_used: boolean, 
/**
 * Part 2e as free text (what earlier releases kept); `products` is the form's table.
 */
validated_products: string, 
/**
 * Part 2e: whether any PCI SSC-listed product or solution is used (`None`: not answered).
 */
uses_validated_products: boolean | null, products: Array<ValidatedProduct>, 
/**
 * Part 2f: whether service providers store, process or transmit account data for the merchant…
 */
providers_handle_account_data: boolean | null, 
/**
 * …manage system components in scope…
 */
providers_manage_components: boolean | null, 
/**
 * …or could otherwise affect the security of the cardholder data environment.
 */
providers_could_affect_security: boolean | null, 
/**
 * Part 1b: the Internal Security Assessors who took part (empty: none).
 */
isa_names: Array<string>, 
/**
 * Part 1b: the QSA company and lead assessor (empty: no QSA took part).
 */
qsa: Assessor, 
/**
 * Part 3c: the QSA performed testing procedures…
 */
qsa_performed_testing: boolean, 
/**
 * …and other assistance it gave, described (empty: none).
 */
qsa_assistance: string, 
/**
 * Part 3d, the same for ISAs.
 */
isa_performed_testing: boolean, isa_assistance: string, 
/**
 * What releases before 0.2 kept for Part 1b, one line each: the QSA company and the ISA's
 * name. [`AssessmentDetails::upgraded`] moves them into `qsa` and `isa_names`.
 */
qsa_involved: string, isa_involved: string, };

/**
 * An assessment's ID (a UUID), as stored.
 */

export type AssessmentId = string;

/**
 * A command about one assessment (its ID or a unique prefix).
 */

export type AssessmentKey = { assessment: string, };

/**
 * The dates the self-assessment covers, both days included.
 */

export type AssessmentPeriod = { start: string, end: string, };

/**
 * Where an assessment stands: being answered, answered with nothing blocking attestation, or
 * attested (and frozen). Only draft and attested are stored; ready is worked out.
 */

export type AssessmentState = "draft" | "ready" | "attested";

export type AssessmentSummary = { id: AssessmentId, merchant_id: string, merchant_name: string, year: number, 
/**
 * The SAQs, joined: "A" or "A + C".
 */
saq: string, 
/**
 * `draft`, `ready` (nothing blocks attestation) or `attested`.
 */
status: AssessmentState, 
/**
 * Rows answered and rows to answer, over every SAQ's form: a requirement two SAQs list is
 * a row of each form and counts in each, whether its answer is shared or given per SAQ.
 */
answered: number, total: number, created_at: string, updated_at: string, attested_on: string | null, previous_id: AssessmentId | null, 
/**
 * Each SAQ with its own progress and state.
 */
saqs: Array<SaqProgress>, };

/**
 * Everything the checklist screen shows for one assessment, read in one call. `assessment`,
 * `responses`, `status` and `attestation` are the first SAQ's; `saqs` holds every SAQ.
 */

export type AssessmentView = { assessment: Assessment, merchant: Merchant, responses: Array<Response>, confirmations: Array<Confirmation>, 
/**
 * Current evidence only; replaced and removed files stay in the history.
 */
evidence: Array<Evidence>, 
/**
 * IDs of evidence older than 12 months today.
 */
stale_evidence: Array<string>, status: Status, attestation: Attestation | null, 
/**
 * Stripe guidance per requirement or criterion, for the methods the assessment was scoped with.
 */
guidance: { [key in string]: Array<string> }, saqs: Array<SaqView>, };

/**
 * AOC Part 1b: the Qualified Security Assessor company and its lead assessor.
 */

export type Assessor = { company_name: string, mailing_address: string, website: string, lead_assessor: string, phone: string, email: string, certificate_number: string, };

/**
 * AOC Part 1b's QSA, field by field.
 */

export type AssessorPatch = { company_name?: string, mailing_address?: string, website?: string, lead_assessor?: string, phone?: string, email?: string, certificate_number?: string, };

export type AttestInput = { name: string, title: string, signed_on?: string, };

export type AttestRequest = { assessment: string, input: AttestInput, 
/**
 * With several SAQs: the SAQ to attest.
 */
saq?: string, };

export type Attestation = { id: string, assessment_id: AssessmentId, signatory_name: string, signatory_title: string, signed_on: string, compliance: Compliance, acknowledgements: Array<string>, pdf_sha256: string | null, created_at: string, created_by: string, 
/**
 * The SAQ signed for.
 */
saq: string, };

export type AuditEntry = { seq: number, at: string, actor: string, assessment_id: string | null, entity: string, entity_id: string, field: string, old_value: string | null, new_value: string | null, };

export type BackupSweep = { file: string, hits: Array<SweepHit>, redacted: boolean, 
/**
 * Why the file could not be checked or cleaned; it may still hold what was found.
 */
error: string | null, };

/**
 * A blank form as SAQ Desk keeps it (its bytes are fetched on their own).
 */

export type BlankForm = { sha256: string, 
/**
 * "A", "A-EP", "C", "C-VT", "D".
 */
saq: string, 
/**
 * "saq-with-aoc" or "aoc".
 */
kind: string, 
/**
 * "SAQ A v4.0.1 Revision 1 (SAQ and AOC)".
 */
title: string, file_name: string, size: number, added_at: string, added_by: string, };

export type BlankFormAdded = { form: BlankForm, 
/**
 * Section 2 rows with boxes (0 for a separate AOC), so the officer sees what was recognised.
 */
answer_rows: number, eligibility_criteria: number, };

/**
 * A kept blank form, by its SHA-256 (or a unique prefix).
 */

export type BlankKey = { sha256: string, };

/**
 * A problem that blocks attestation, tied to the requirement or criterion it concerns.
 */

export type Blocker = { 
/**
 * Requirement ID or eligibility criterion ID.
 */
item: string, code: string, message: string, };

/**
 * One bullet's response in an [`AnswerInput`]; `None` clears it.
 */

export type BulletAnswer = { 
/**
 * 1-based, as the form numbers the bullets. Where the requirement's own row is answered too,
 * that row is the last number (one past the bullets), and 0 names it as well.
 */
bullet: number, response: ResponseKind | null, };

export type BundleRequest = { assessment: string, saq?: string, out: string, };

/**
 * What a requirement's frequency facts and the officer's TRA entry resolve to.
 */

export type Cadence = { "kind": "fixed", frequency: Frequency, every: Interval, } | { "kind": "risk-analysis", every: Interval, } | { "kind": "risk-analysis-pending" } | { "kind": "event-only" };

/**
 * The compliance year moved on: the new assessment's due date and periods, and what last year's
 * record leaves open. Last year's assessment keeps its own calendar and coverage unchanged.
 */

export type CalendarCarried = { 
/**
 * Twelve months after last year's attestation, else the new period's end.
 */
validation_due: ValidationDue, 
/**
 * The TRA periods carried into the new year. 12.3.1 asks for each analysis to be reviewed
 * every twelve months: confirm or change each one.
 */
tra_periods: Array<TraPeriodSetting>, 
/**
 * TRA periods left behind because the new SAQ no longer lets a TRA set the requirement's period.
 */
tra_periods_dropped: Array<string>, 
/**
 * Recurring requirements of the new year.
 */
recurring: number, 
/**
 * Last year's periods that no dated evidence covered, for the officer to explain if asked.
 */
last_year_gaps: Array<Gap>, };

/**
 * One event as written to the calendar; also the JSON form of the calendar for the UI.
 */

export type CalendarEvent = { uid: string, date: string, summary: string, description: string, 
/**
 * Days before the date on which a reminder pops up (at 09:00 local time).
 */
reminders_days_before: Array<number>, kind: DueKind, requirement?: string | null, evidence?: string | null, done: boolean, overdue: boolean, };

export type CalendarExportRequest = { assessment: string, 
/**
 * Only this SAQ's requirements (default: every SAQ of the assessment).
 */
saq?: string, 
/**
 * The .ics file to write.
 */
out: string, };

/**
 * An assessment's calendar as the events an ICS file would hold.
 */

export type CalendarView = { 
/**
 * The calendar's name: "PCI DSS 2026 — Zoë's Café Ltd (SAQ A)".
 */
name: string, events: Array<CalendarEvent>, 
/**
 * What has no date and so is not in the calendar.
 */
reminders: Array<Reminder>, };

export type CalendarWritten = { file: ExportOutcome, events: number, };

/**
 * Compensating Controls Worksheet (SAQ Appendix B): seven explanations, all required. The
 * worksheet asks for the original control's objective and, apart, the objective the compensating
 * controls meet; answers kept before the second was asked for have it empty until completed.
 */

export type Ccw = { constraints: string, definition: string, objective: string, objective_met: string, identified_risk: string, validation: string, maintenance: string, };

/**
 * A payment channel as the AOC (Part 2a) names them.
 */

export type Channel = "ecommerce" | "moto" | "card-present";

/**
 * AOC Part 2b: how one payment channel stores, processes or transmits account data.
 */

export type ChannelRole = { channel: string, how: string, };

export type ChannelScope = { channel: Channel, methods: Array<string>, saq: string, eligibility: Array<Criterion>, };

export type Compliance = "compliant" | "non-compliant" | "compliant-with-legal-exception";

export type ConfirmRequest = { assessment: string, criterion: string, 
/**
 * False declines the criterion: the assessment then cannot be attested as this SAQ.
 */
confirmed: boolean, };

export type ConfirmResult = { status: Status, declined: Declined | null, };

export type Confirmation = { criterion_id: string, confirmed: boolean, by: string, at: string, };

export type CoveringEvidence = { id: string, 
/**
 * The description, or the file name.
 */
name: string, effective_date: string, };

export type Criterion = { id: string, applies_to: AppliesTo, text: string, on_decline: Decline, };

export type Decline = { escalate_to: string | null, ask_qsa: boolean, why: string, };

/**
 * What declining a criterion means for the assessment.
 */

export type Declined = { criterion: string, why: string, 
/**
 * The SAQ the merchant needs instead, when the data names one.
 */
escalate_to: string | null, ask_qsa: boolean, 
/**
 * The sentence the doors show.
 */
message: string, };

export type DeleteResult = { 
/**
 * The copy of the whole database written before the deletion.
 */
backup: string, };

/**
 * AOC Part 1b, Part 2 and Part 3c–3d, field by field: only the fields given change.
 */

export type DetailsPatch = { assessment: string, 
/**
 * With several SAQs: whose AOC this is.
 */
saq?: string, channels_excluded?: string, how_channels_handle_data?: string, channel_roles?: Array<ChannelRole>, environment_description?: string, segmentation_used?: boolean, validated_products?: string, 
/**
 * `Some(None)` clears the answer.
 */
uses_validated_products?: boolean | null, products?: Array<ValidatedProduct>, providers_handle_account_data?: boolean | null, providers_manage_components?: boolean | null, providers_could_affect_security?: boolean | null, isa_names?: Array<string>, qsa?: AssessorPatch, qsa_performed_testing?: boolean, qsa_assistance?: string, isa_performed_testing?: boolean, isa_assistance?: string, 
/**
 * The QSA company alone (what earlier releases asked for): sets `qsa.company_name`.
 */
qsa_involved?: string, 
/**
 * One ISA's name (what earlier releases asked for): sets `isa_names` to it.
 */
isa_involved?: string, };

/**
 * Nothing to return.
 */

export type Done = Record<symbol, never>;

/**
 * The date the officer set, as stored (and carried in assessment files).
 */

export type DueDateSetting = { date: string, reason: string, set_by: string, set_at: string, };

/**
 * Where an assessment's validation due date comes from.
 */

export type DueDateSource = "officer" | "previous-attestation" | "period-end";

/**
 * One due item and the assessment it belongs to.
 */

export type DueEntry = { assessment_id: AssessmentId, merchant: string, year: number, 
/**
 * "A" or "A + C".
 */
saq: string, item: DueItem, };

/**
 * One dated obligation. `requirement`, `evidence` and `period_start` say what it is about and,
 * with the assessment ID, make the calendar UID (see `ics::uid`).
 */

export type DueItem = { kind: DueKind, date: string, 
/**
 * One line, e.g. "11.3.2 Q3: External ASV scans are passed at least quarterly".
 */
what: string, 
/**
 * A sentence or two on what to do.
 */
detail: string, requirement?: string | null, evidence?: string | null, period_start?: string | null, 
/**
 * Length in days of the period a recurring item closes, for the reminder's lead time.
 */
period_days?: number | null, 
/**
 * The date is before `today` and the item is not done.
 */
overdue: boolean, 
/**
 * Already taken care of (a covered period, an attested assessment); kept so that a
 * re-imported calendar updates the event instead of leaving a stale one.
 */
done: boolean, };

export type DueKind = "validation" | "remediation" | "recurring" | "evidence-expires" | "evidence-stale";

/**
 * What is due across every open assessment: the home screen's two lists.
 */

export type DueOverview = { today: string, 
/**
 * Open items dated before today, oldest first.
 */
overdue: Array<DueEntry>, 
/**
 * Open items dated from today to 30 days after it, soonest first.
 */
next_30_days: Array<DueEntry>, 
/**
 * How many assessments were looked at: those not yet attested and not rolled forward.
 */
assessments: number, };

/**
 * The closed set of error codes. A door or a script branches on these, never on a message.
 */

export type ErrorCode = "not_found" | "ambiguous" | "invalid" | "leak_refused" | "blocked" | "frozen" | "not_a_database" | "newer_schema" | "busy" | "read_only" | "io" | "database" | "corrupt" | "questionnaire" | "template" | "report" | "invalid_file" | "wrong_form" | "internal";

export type Escalation = { from: string, to: string, because: string, ask_qsa: boolean, };

export type Evidence = { id: string, assessment_id: AssessmentId, file_name: string, media_type: string, size: number, sha256: string, added_at: string, added_by: string, effective_date: string | null, expires: string | null, description: string, revision_of: string | null, superseded_by: string | null, carried_from: string | null, removed_at: string | null, 
/**
 * Requirement or eligibility-criterion IDs this file supports.
 */
links: Array<string>, };

/**
 * A command about one evidence file.
 */

export type EvidenceKey = { evidence: string, };

export type EvidenceListRequest = { assessment: string, 
/**
 * Also replaced and removed files.
 */
all: boolean, };

export type EvidenceListed = { evidence: Evidence, 
/**
 * Older than 12 months today, by its effective date.
 */
stale: boolean, };

export type EvidenceMeta = { 
/**
 * The date or period end the file proves (not when it was uploaded).
 */
effective_date?: string, expires?: string, description: string, };

export type EvidencePreview = { media_type: string, kind: PreviewKind, 
/**
 * A data URL for an image, the first 64 KiB for text, empty otherwise.
 */
data: string, };

/**
 * What a file is about to be saved as, for the name a save dialog offers.
 */

export type ExportKind = "pdf" | "html" | "md" | "json" | "bundle" | "form" | "calendar";

export type ExportOutcome = { path: string, sha256: string, bytes: number, };

export type ExportRequest = { assessment: string, 
/**
 * With several SAQs: the SAQ whose report this is.
 */
saq?: string, format: Format, out: string, };

/**
 * Which blank to fill: a file (kept for next time), or one kept before, by SHA-256 or a prefix.
 * With neither, the newest kept blank of the SAQ, of `kind` (the SAQ with its AOC by default).
 */

export type FillFormRequest = { assessment: string, saq?: string, form: string, blank?: string, kind?: FormKind, out: string, 
/**
 * Also write `out` with a .pdf extension, by LibreOffice.
 */
pdf: boolean, };

/**
 * One fill of an official form for an SAQ of an assessment.
 */

export type FilledForm = { saq: string, blank_sha256: string, title: string, 
/**
 * Of the filled .docx.
 */
sha256: string, 
/**
 * Of its PDF, when one was made.
 */
pdf_sha256: string | null, 
/**
 * Filled from the attested SAQ (not a draft).
 */
attested: boolean, filled_at: string, filled_by: string, };

/**
 * What the form asked that the assessment did not have, and what the reader should know.
 */

export type FormFill = { docx: ExportOutcome, pdf: ExportOutcome | null, 
/**
 * Why there is no PDF although one was asked for.
 */
pdf_note: string | null, form: BlankForm, saq: string, 
/**
 * Not attested yet: Part 3's status, acknowledgements and date were left blank.
 */
draft: boolean, filled: number, 
/**
 * "Part 1a contact phone", … : asked by the form, not known to the assessment.
 */
missing: Array<string>, 
/**
 * Left blank on purpose or filled with a remark ("Part 3b signature: left blank (signed by hand)").
 */
notes: Array<string>, };

/**
 * Whether the document is the SAQ (with its AOC in Sections 1 and 3) or the separate AOC form.
 */

export type FormKind = "saq-with-aoc" | "aoc";

export type Format = "pdf" | "html" | "md" | "json";

/**
 * One recurring-period fact from a requirement's text, as the catalog YAML spells it.
 */

export type Frequency = "daily" | "weekly" | "monthly" | "quarterly" | "six-months" | "twelve-months" | "after-significant-change" | "targeted-risk-analysis";

/**
 * Periods last year left uncovered: still last year's record, listed so the officer can explain
 * them if the QSA asks.
 */

export type Gap = { requirement: string, title: string, periods: Array<Period>, };

/**
 * A length of time in whole days or calendar months, e.g. the period a TRA chose. Stored as
 * `{"unit": "months", "count": 3}` (two columns: unit, count); out-of-range values do not
 * deserialize.
 */

export type Interval = { unit: Unit, count: number, };

export type LeakKind = "card-number" | "stripe-secret-key" | "stripe-restricted-key" | "stripe-webhook-secret";

export type LinkEvidenceRequest = { evidence: string, item: string, 
/**
 * False removes the link.
 */
linked: boolean, };

export type Location = { facility_type: string, count: number, city_country: string, };

export type Merchant = { id: string, legal_name: string, dba: string, address: string, website: string, contact_name: string, contact_title: string, contact_email: string, contact_phone: string, business_description: string, locations: Array<Location>, service_providers: Array<ServiceProvider>, };

/**
 * A change to a merchant: only the fields given change. Without `id`, the merchant with this
 * legal name is changed, or a new one is made.
 */

export type MerchantPatch = { id?: string, legal_name?: string, dba?: string, address?: string, website?: string, contact_name?: string, contact_title?: string, contact_email?: string, contact_phone?: string, business_description?: string, 
/**
 * Replaces the list when given.
 */
locations?: Array<Location>, 
/**
 * Replaces the list when given.
 */
service_providers?: Array<ServiceProvider>, };

export type Method = { id: string, label: string, explain: string, channel: Channel, saq: string, why: string, 
/**
 * Something the merchant must know that no SAQ of this tool settles (e.g. service-provider
 * validation), shown whenever the method is chosen.
 */
warning: string | null, };

export type NewAssessmentRequest = { 
/**
 * The merchant's ID (or its unique prefix).
 */
merchant: string, year: number, 
/**
 * The SAQ to answer; without it, the scoping answers decide.
 */
saq?: string, 
/**
 * Several SAQs to file, one per payment channel (instead of `saq`).
 */
saqs?: Array<string>, scope?: ScopeInput, 
/**
 * With scoping answers: one SAQ per channel, or one SAQ covering them all (default: the
 * route the scoping recommends).
 */
route?: RouteKind, };

/**
 * A command that takes nothing.
 */

export type NoArgs = Record<symbol, never>;

export type Note = { requirement: string, text: string, };

/**
 * A requirement whose own row this SAQ answers as well as its bullets, and that row's text.
 */

export type OwnRow = { requirement: string, text: string, };

/**
 * `reveal` and `open_path` (door commands): a file the user saved.
 */

export type PathRequest = { path: string, };

/**
 * One stretch of time a recurring activity has to happen in, both days included.
 */

export type Period = { 
/**
 * 1-based, in order.
 */
number: number, 
/**
 * Short name: Q2, H1, Month 5, Year 1, Period 3.
 */
name: string, start: string, end: string, 
/**
 * The period runs past the assessment period's end (see the module notes).
 */
beyond_assessment?: boolean, };

export type PeriodState = { "state": "covered", evidence: Array<string>, } | { "state": "missing" } | { "state": "due", by: string, } | { "state": "upcoming" };

/**
 * One period and the evidence dated inside it.
 */

export type PeriodView = { period: Period, state: PeriodState, 
/**
 * The files whose effective date falls in the period, oldest first.
 */
evidence: Array<CoveringEvidence>, };

export type PreviewKind = "image" | "text" | "none";

export type PrincipalTitle = { id: string, title: string, };

export type Progress = { principal: string, title: string, total: number, answered: number, in_place: number, not_in_place: number, review_needed: number, };

export type Question = { id: string, ask: string, methods: Array<string>, 
/**
 * Asked only when each of these earlier questions has this answer (an unanswered question
 * counts as "no").
 */
only_if: { [key in string]: YesNo }, 
/**
 * Asked only when the chosen methods span at least this many payment channels.
 */
min_channels: number, triggers_on: YesNo, 
/**
 * The SAQ a triggering answer calls for; none when the answer only opens further questions
 * or decides a filing route.
 */
saq: string | null, 
/**
 * A triggering answer adds this payment channel for the method, filed with `saq`, instead of
 * changing the SAQ of the method's own channel.
 */
channel: Channel | null, criterion: string | null, ask_qsa: boolean, 
/**
 * Shown in the result when the answer triggers: an interpretation to agree with a QSA.
 */
warning: string | null, why: string, };

export type QuestionnaireDiff = { from_version: string, to_version: string, added: Array<string>, removed: Array<string>, 
/**
 * Requirements whose title, description, bullets or future-dated flag changed.
 */
changed: Array<string>, };

/**
 * One recurring requirement's year.
 */

export type RecurringRequirement = { requirement: string, title: string, frequencies: Array<Frequency>, cadence: Cadence, 
/**
 * How often, in words: "every three months, and after every significant change".
 */
schedule: string, 
/**
 * A targeted risk analysis sets (or may set) the period: the officer can enter it.
 */
takes_tra_period: boolean, tra_period: TraPeriodSetting | null, answer: ResponseKind | null, periods: Array<PeriodView>, 
/**
 * "Q1 ✓ · Q2 ✓ · Q3 missing · Q4 due by 31 Dec 2026".
 */
summary: string, warning: ScheduleWarning | null, };

/**
 * A standing note with no date, shown next to the calendar rather than in it.
 */

export type Reminder = { requirement: string, kind: ReminderKind, message: string, };

export type ReminderKind = "after-significant-change" | "risk-analysis-period";

export type ReplaceEvidenceRequest = { evidence: string, path: string, };

export type Requirement = { id: string, principal: string, section: string, title: string, description: string, testing: Array<Testing>, future_dated: boolean, 
/**
 * Where only one element of the requirement was future-dated, that element: the label then
 * names it instead of suggesting the whole requirement was new.
 */
future_dated_part?: string | null, 
/**
 * The 1-based bullets that were future-dated, where only some of a per-bullet requirement were.
 */
future_dated_bullets?: Array<number>, evidence: Array<string>, 
/**
 * The rows the form answers one by one under this requirement, in order. With `own_row` the
 * last entry is the requirement's own row (the form prints it first): keeping it last lets an
 * answer saved before the own row existed keep its bullet numbers.
 */
bullets: Array<string>, 
/**
 * The requirement's own row carries response boxes too, above its bullets (SAQ D 12.5.2).
 */
own_row?: boolean, 
/**
 * How often the requirement's text asks for its activity; empty where it sets no period.
 * Absent from snapshots taken before the field existed, which then read as "no period".
 */
frequency?: Array<Frequency>, };

export type Response = { requirement_id: string, response: ResponseKind | null, notes: string, owner: string, 
/**
 * Why N/A, or (SAQ D) what was not tested and why.
 */
explanation: string, remediation_plan: string, remediation_date: string | null, 
/**
 * Set on a Not in Place answer forced by a legal restriction (AOC "legal exception").
 */
legal_restriction: string, ccw: Ccw | null, carried_forward: boolean, review_needed: boolean, updated_by: string, updated_at: string | null, 
/**
 * One entry per bullet for a requirement answered per bullet, else empty. Use
 * [`Response::bullet_responses`] to read them.
 */
bullets?: Array<ResponseKind | null>, 
/**
 * The SAQ this answer is for when the requirement is answered separately per SAQ; absent
 * when it is answered once for every SAQ of the assessment that has it.
 */
saq?: string | null, };

/**
 * The answer given for one requirement, as the SAQ response columns name them.
 */

export type ResponseKind = "in-place" | "in-place-ccw" | "not-applicable" | "not-tested" | "not-in-place";

export type ReviewRequest = { assessment: string, requirement: string, saq?: string, };

export type RollForward = { assessment: Assessment, previous_id: AssessmentId, carried_answers: number, carried_evidence: number, 
/**
 * Evidence carried over whose effective date is more than 12 months old.
 */
stale_evidence: Array<string>, diff: QuestionnaireDiff, calendar: CalendarCarried, };

export type RollForwardRequest = { 
/**
 * Last year's assessment.
 */
from: string, 
/**
 * Default: the year after.
 */
year?: number, 
/**
 * Default: last year's SAQ.
 */
saq?: string, };

export type Route = { kind: RouteKind, 
/**
 * The SAQs filed on this route, in channel order, each once.
 */
saqs: Array<string>, 
/**
 * Who documents or asks for this route, in SAQ Desk's words.
 */
who_asks: string, 
/**
 * Whether the answers allow this route.
 */
valid: boolean, why: string, 
/**
 * Unanswered questions that decide `valid` (it is `false` until they are answered yes).
 */
pending: Array<string>, };

/**
 * The two ways to file: one SAQ per payment channel, or one SAQ covering every channel.
 */

export type RouteKind = "per-channel" | "covering";

/**
 * Who asks for each way of filing when the merchant uses several payment channels.
 */

export type RouteRules = { 
/**
 * The question whose "yes" says the channels are kept apart from each other.
 */
separation_question: string, per_channel: RouteText, covering: RouteText, };

export type RouteText = { who_asks: string, };

export type Saq = { id: string, name: string, version: string, published: string, source: string, summary: string, channels: Array<Channel>, responses: Array<ResponseKind>, part4_rows: Array<string>, eligibility: Array<Criterion>, requirements: Array<string>, notes: Array<Note>, 
/**
 * Requirements whose own row is answered too (absent from snapshots taken before it existed).
 */
own_rows?: Array<OwnRow>, };

export type SaqInfo = { saq: string, name: string, version: string, requirements: number, eligibility_criteria: number, summary: string, };

/**
 * A command about one SAQ of an assessment (`saq` may be left out when it has one).
 */

export type SaqKey = { assessment: string, saq?: string, };

/**
 * One SAQ of an assessment, in brief.
 */

export type SaqPart = { saq: string, 
/**
 * The payment channels this SAQ covers; empty when the assessment was not scoped by channel.
 */
channels: Array<Channel>, status: AssessmentState, };

/**
 * One SAQ of an assessment in the list: where it stands.
 */

export type SaqProgress = { saq: string, channels: Array<Channel>, status: AssessmentState, answered: number, total: number, attested_on: string | null, };

/**
 * The year of one SAQ of an assessment, as the schedule screen shows it.
 */

export type SaqSchedule = { assessment_id: AssessmentId, saq: string, year: number, period: AssessmentPeriod, 
/**
 * The day the period states are worked out for: the actor's.
 */
today: string, validation_due: ValidationDue, 
/**
 * Every requirement of the SAQ whose text sets a frequency, in SAQ order.
 */
requirements: Array<RecurringRequirement>, 
/**
 * Standing notes without a date: activities due after each significant change, TRA periods
 * still to enter.
 */
reminders: Array<Reminder>, 
/**
 * The In Place answers with uncovered past periods (the status carries the same).
 */
warnings: Array<ScheduleWarning>, 
/**
 * The SAQ is attested: this is the year's record, no longer changed.
 */
attested: boolean, };

/**
 * The questionnaire as it was when the assessment started.
 */

export type SaqSnapshot = { questionnaire: string, version: string, saq: Saq, principals: Array<PrincipalTitle>, requirements: Array<Requirement>, };

/**
 * One SAQ of the assessment on the checklist: its questionnaire, AOC details and state.
 */

export type SaqView = { saq: string, channels: Array<Channel>, snapshot: SaqSnapshot, details: AssessmentDetails, status: Status, attestation: Attestation | null, 
/**
 * The answers that count for this SAQ.
 */
responses: Array<Response>, };

/**
 * `save_form` (a door command): ask where to save, then fill the official form from a kept
 * blank (the newest of the SAQ's when `blank` is left out). `path` skips the question.
 */

export type SaveFormRequest = { assessment: string, saq?: string, blank?: string, kind?: FormKind, pdf: boolean, path?: string, };

/**
 * `save_report` (a door command): ask where to save, then export. `path` skips the question.
 */

export type SaveReportRequest = { assessment: string, saq?: string, kind: ExportKind, path?: string, };

/**
 * An explainable flag on an In Place answer; it never blocks attestation.
 */

export type ScheduleWarning = { requirement: string, kind: WarningKind, 
/**
 * The uncovered past periods (empty for `RiskAnalysisPeriodNotSet`).
 */
periods: Array<Period>, message: string, };

/**
 * What the merchant told the wizard.
 */

export type ScopeInput = { methods: Array<string>, answers: { [key in string]: YesNo }, 
/**
 * Eligibility criteria the merchant says it cannot confirm.
 */
declined: Array<string>, };

/**
 * How the SAQ was chosen: the wizard's answers and the engine's result, kept as they were.
 */

export type ScopeRecord = { input: ScopeInput, result: ScopeResult, };

/**
 * The engine's answer: the covering SAQ (`saq`), the per-channel SAQs, both filing routes with
 * the one recommended, and the reasons. Fields added after the first release default, so scope
 * records stored by older versions still load.
 */

export type ScopeResult = { saq: string, per_channel: Array<ChannelScope>, rationale: Array<string>, eligibility: Array<Criterion>, escalations: Array<Escalation>, ask_qsa: boolean, 
/**
 * Follow-up questions that apply to these answers but were left unanswered (taken as "no").
 */
unanswered: Array<string>, 
/**
 * Every follow-up question that applies to these methods and answers, in the order to ask them.
 */
asked: Array<string>, 
/**
 * Per-channel route first, then covering.
 */
routes: Array<Route>, recommended: RouteKind, 
/**
 * Points no SAQ settles, to take to Stripe, the acquirer or a QSA.
 */
warnings: Array<string>, };

export type ScopingRules = { questionnaire: string, fallback: string, routes: RouteRules, methods: Array<Method>, questions: Array<Question>, };

export type ServiceProvider = { name: string, services: string, };

export type SetTraPeriodRequest = { assessment: string, requirement: string, 
/**
 * The period the analysis chose; left out, the entry is cleared (the requirement then uses
 * the period its text gives, or has none until one is entered).
 */
every?: TraPeriodInput, 
/**
 * Where the analysis is documented (title, reference, date).
 */
reference: string, 
/**
 * With several SAQs: whose schedule to return (default: the first that lists the requirement).
 */
saq?: string, };

export type SetValidationDueRequest = { assessment: string, 
/**
 * The date the SAQ and AOC are due (e.g. the acquirer's deadline); left out, the default
 * applies again.
 */
date?: string, 
/**
 * Why this date, in the officer's words.
 */
reason: string, };

/**
 * A requirement two SAQs of the assessment share, to answer per SAQ (split) or once (join).
 */

export type SplitRequest = { assessment: string, requirement: string, 
/**
 * Joining: the SAQ whose answer becomes the one answer.
 */
keep?: string, };

export type Status = { assessment_id: AssessmentId, saq: string, status: AssessmentState, total: number, answered: number, progress: Array<Progress>, blockers: Array<Blocker>, 
/**
 * What the answers amount to now; final only once `blockers` is empty.
 */
compliance: Compliance, ready: boolean, 
/**
 * Flags for the officer that never block attestation: an In Place answer to a recurring
 * requirement whose past periods no dated evidence covers, or whose TRA period is not entered.
 * Each can be settled with the record, or explained to the QSA.
 */
warnings: Array<ScheduleWarning>, };

export type SuggestRequest = { assessment: string, saq?: string, kind: ExportKind, };

/**
 * One place that holds a card number or a secret. Never holds the value itself.
 */

export type SweepHit = { assessment_id: string | null, 
/**
 * "2025 SAQ A, Zoë's Café Ltd", when the place belongs to an assessment.
 */
assessment: string | null, 
/**
 * The requirement or field: "12.8.1 notes", "merchant profile: contact_name",
 * "evidence providers.txt: content, line 3", "audit trail entry 57: old value".
 */
place: string, kind: LeakKind, 
/**
 * "card ending 1111", "sk_live_…Ab12".
 */
masked: string, };

export type SweepReport = { database: string, hits: Array<SweepHit>, 
/**
 * True when the hits above were masked in place by this run.
 */
redacted: boolean, backups: Array<BackupSweep>, };

/**
 * How a requirement is verified, as in the SAQ's "expected testing" column.
 */

export type Testing = "examine" | "interview" | "observe";

/**
 * The interval a targeted risk analysis chose, as entered (checked by [`TraPeriodInput::interval`]).
 */

export type TraPeriodInput = { unit: Unit, count: number, };

/**
 * The period a targeted risk analysis chose for one requirement, as the officer entered it.
 */

export type TraPeriodSetting = { requirement: string, every: Interval, 
/**
 * Where the analysis is written down (title, reference, date), for the QSA to ask for it.
 */
reference: string, set_by: string, set_at: string, };

export type Unit = "days" | "months";

/**
 * AOC Part 2e: one item from the PCI SSC Lists of Validated Products and Solutions.
 */

export type ValidatedProduct = { name: string, version: string, 
/**
 * The PCI SSC standard it was validated against ("P2PE", "PTS POI"…).
 */
standard: string, listing_reference: string, expiry?: string, };

/**
 * When the self-assessment and attestation are due, and why that date.
 */

export type ValidationDue = { date: string, source: DueDateSource, 
/**
 * What the date would be without the officer's: the date `reset` goes back to.
 */
default_date: string, 
/**
 * Last year's attestation the default counts from, when there is one.
 */
previous_attestation: string | null, 
/**
 * The officer's date, with the reason given for it.
 */
set: DueDateSetting | null, };

export type WarningKind = "uncovered-periods" | "risk-analysis-period-not-set";

export type YesNo = "yes" | "no";

/** Every command: its arguments and its result. */
export interface Commands {
  /** Version, database path and whether it is read-only, the SAQs. */
  app_info: { args: NoArgs; result: AppInfo };
  /** The integration methods and follow-up questions of the scoping wizard. */
  scoping_rules: { args: NoArgs; result: ScopingRules };
  /** Which SAQ, and why, for the methods and answers given. */
  scope: { args: ScopeInput; result: ScopeResult };
  list_merchants: { args: NoArgs; result: Array<Merchant> };
  /** Creates or changes a merchant; only the fields given change. */
  set_merchant: { args: MerchantPatch; result: Merchant };
  list_assessments: { args: NoArgs; result: Array<AssessmentSummary> };
  new_assessment: { args: NewAssessmentRequest; result: Assessment };
  /** Everything the checklist shows for one assessment. */
  open_assessment: { args: AssessmentKey; result: AssessmentView };
  answer: { args: AnswerRequest; result: AnswerResult };
  review: { args: ReviewRequest; result: Status };
  /** Answers a requirement two SAQs share separately for each. */
  split: { args: SplitRequest; result: Array<Response> };
  /** Answers it once again for every SAQ, keeping one SAQ's answer. */
  join: { args: SplitRequest; result: Response };
  confirm: { args: ConfirmRequest; result: ConfirmResult };
  set_details: { args: DetailsPatch; result: Assessment };
  add_evidence: { args: AddEvidenceRequest; result: Evidence };
  list_evidence: { args: EvidenceListRequest; result: Array<EvidenceListed> };
  evidence_preview: { args: EvidenceKey; result: EvidencePreview };
  link_evidence: { args: LinkEvidenceRequest; result: Evidence };
  remove_evidence: { args: EvidenceKey; result: Done };
  replace_evidence: { args: ReplaceEvidenceRequest; result: Evidence };
  status: { args: SaqKey; result: Status };
  attest: { args: AttestRequest; result: Attestation };
  export: { args: ExportRequest; result: ExportOutcome };
  bundle: { args: BundleRequest; result: ExportOutcome };
  /** The blank official PCI SSC forms kept, newest first. */
  blank_forms: { args: NoArgs; result: Array<BlankForm> };
  /** Recognises a blank official form and keeps it for this and later years. */
  add_blank_form: { args: AddBlankFormRequest; result: BlankFormAdded };
  remove_blank_form: { args: BlankKey; result: Done };
  /** Fills the official SAQ (or AOC) form of an SAQ of the assessment. */
  fill_form: { args: FillFormRequest; result: FormFill };
  /** Every fill of the SAQ's official forms, with the hashes written. */
  filled_forms: { args: SaqKey; result: Array<FilledForm> };
  /** The compliance year of one SAQ: each recurring requirement's periods on the actor's day,  the validation due date and the In Place warnings. */
  schedule: { args: SaqKey; result: SaqSchedule };
  /** Enters (or without `every` clears) the period a targeted risk analysis chose for a requirement. */
  set_tra_period: { args: SetTraPeriodRequest; result: SaqSchedule };
  /** Sets the date the self-assessment is due (without `date`, back to the default). */
  set_validation_due: { args: SetValidationDueRequest; result: ValidationDue };
  /** Overdue and due in the next 30 days across every open assessment: the home screen, and what  the app shows when it starts. */
  due: { args: NoArgs; result: DueOverview };
  /** An assessment's calendar (or one SAQ's) as events, with the reminders that have no date. */
  calendar: { args: SaqKey; result: CalendarView };
  /** Writes the calendar as an RFC 5545 .ics file for Outlook, Google or Apple Calendar. */
  export_calendar: { args: CalendarExportRequest; result: CalendarWritten };
  /** The file name a save dialog offers for a report or bundle. */
  suggested_file_name: { args: SuggestRequest; result: string };
  roll_forward: { args: RollForwardRequest; result: RollForward };
  delete_assessment: { args: AssessmentKey; result: DeleteResult };
  history: { args: AssessmentKey; result: Array<AuditEntry> };
  /** What an earlier version let in, once after an upgrade and while it is still there. */
  sweep_on_start: { args: NoArgs; result: SweepReport | null };
  sweep_redact: { args: NoArgs; result: SweepReport };
  /** Served by the door itself. */
  pick_evidence: { args: NoArgs; result: Array<string> };
  /** Served by the door itself. */
  save_report: { args: SaveReportRequest; result: ExportOutcome | null };
  /** Served by the door itself. */
  pick_blank_form: { args: NoArgs; result: string | null };
  /** Served by the door itself. */
  save_form: { args: SaveFormRequest; result: FormFill | null };
  /** Served by the door itself. */
  reveal: { args: PathRequest; result: Done };
  /** Served by the door itself. */
  open_path: { args: PathRequest; result: Done };
}

export type CommandName = keyof Commands;

/** Every error code, as `ApiError.code` carries it. */
export const ERROR_CODES: readonly ErrorCode[] = [
  'not_found',
  'ambiguous',
  'invalid',
  'leak_refused',
  'blocked',
  'frozen',
  'not_a_database',
  'newer_schema',
  'busy',
  'read_only',
  'io',
  'database',
  'corrupt',
  'questionnaire',
  'template',
  'report',
  'invalid_file',
  'wrong_form',
  'internal',
];
