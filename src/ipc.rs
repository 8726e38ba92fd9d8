//! The contract between the core and the windows that call it: every command by name, with its
//! argument and result types. One table gives both the dispatcher (the desktop app and the
//! development server call [`dispatch`]) and the TypeScript the UI is typed against
//! ([`typescript`], checked in as `ui/src/lib/contract.ts` and compared by a test), so the two
//! cannot drift.

use crate::desk::*;
use crate::report::{ExportOutcome, Format};
use crate::scoping::{ScopeInput, ScopeResult, ScopingRules};
use crate::store::{
    Actor, Assessment, AssessmentSummary, Attestation, AuditEntry, BlankForm, Evidence, FilledForm, Merchant, Response,
    RollForward, Status, SweepReport, ValidationDue,
};
use serde::{Deserialize, Serialize};
use std::any::TypeId;
use std::collections::BTreeMap;
use ts_rs::TS;

/// A command that takes nothing.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct NoArgs {}

/// A command about one assessment (its ID or a unique prefix).
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct AssessmentKey {
    pub assessment: String,
}

/// A command about one SAQ of an assessment (`saq` may be left out when it has one).
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct SaqKey {
    pub assessment: String,
    pub saq: Option<String>,
}

/// A command about one evidence file.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct EvidenceKey {
    pub evidence: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(optional_fields)]
pub struct SuggestRequest {
    pub assessment: String,
    #[serde(default)]
    pub saq: Option<String>,
    pub kind: ExportKind,
}

/// `save_report` (a door command): ask where to save, then export. `path` skips the question.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(optional_fields)]
pub struct SaveReportRequest {
    pub assessment: String,
    pub saq: Option<String>,
    pub kind: ExportKind,
    pub path: Option<String>,
}

/// `save_form` (a door command): ask where to save, then fill the official form from a kept
/// blank (the newest of the SAQ's when `blank` is left out). `path` skips the question.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct SaveFormRequest {
    pub assessment: String,
    pub saq: Option<String>,
    pub blank: Option<String>,
    pub kind: Option<crate::forms::FormKind>,
    pub pdf: bool,
    pub path: Option<String>,
}

impl SaveFormRequest {
    /// The core's request once the door knows where to write.
    pub fn fill(self, out: std::path::PathBuf) -> FillFormRequest {
        FillFormRequest {
            assessment: self.assessment,
            saq: self.saq,
            form: None,
            blank: self.blank,
            kind: self.kind,
            out,
            pdf: self.pdf,
        }
    }
}

/// A kept blank form, by its SHA-256 (or a unique prefix).
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct BlankKey {
    pub sha256: String,
}

/// `reveal` and `open_path` (door commands): a file the user saved.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct PathRequest {
    pub path: String,
}

/// Nothing to return.
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct Done {}

macro_rules! commands {
    ($( $(#[doc = $doc:literal])* $name:ident ( $args:ty ) -> $out:ty = $call:expr ; )*) => {
        /// Every command the core serves, by name.
        pub const COMMANDS: &[&str] = &[$(stringify!($name)),*];

        /// Runs command `name` with its JSON arguments. The door supplies who acts and when.
        pub fn dispatch(desk: &mut Desk, name: &str, args: serde_json::Value, who: &Actor) -> Result<serde_json::Value, ApiError> {
            let args = if args.is_null() { serde_json::Value::Object(Default::default()) } else { args };
            match name {
                $( stringify!($name) => {
                    let a: $args = serde_json::from_value(args).map_err(|e| bad_args(name, e))?;
                    let f: fn(&mut Desk, $args, &Actor) -> Result<$out, DeskError> = $call;
                    let out = f(desk, a, who).map_err(ApiError::from)?;
                    serde_json::to_value(out).map_err(|e| ApiError::from(DeskError::Contract(e.to_string())))
                } )*
                _ => Err(ApiError::from(DeskError::Contract(format!("unknown command '{name}'")))),
            }
        }

        fn command_types(out: &mut Types) -> Vec<(&'static str, String, String, String)> {
            let cfg = config();
            vec![$( {
                out.add::<$args>();
                out.add::<$out>();
                (stringify!($name), concat!($($doc, "\n"),*).trim().to_string(), <$args as TS>::name(&cfg), <$out as TS>::name(&cfg))
            } ),*]
        }
    };
}

commands! {
    /// Version, database path and whether it is read-only, the SAQs.
    app_info(NoArgs) -> AppInfo = |d, _, _| Ok(d.app_info());
    /// The integration methods and follow-up questions of the scoping wizard.
    scoping_rules(NoArgs) -> ScopingRules = |d, _, _| Ok(d.scoping_rules());
    /// Which SAQ, and why, for the methods and answers given.
    scope(ScopeInput) -> ScopeResult = |d, a, _| d.scope(a);
    list_merchants(NoArgs) -> Vec<Merchant> = |d, _, _| d.merchants();
    /// Creates or changes a merchant; only the fields given change.
    set_merchant(MerchantPatch) -> Merchant = |d, a, w| d.set_merchant(a, w);
    list_assessments(NoArgs) -> Vec<AssessmentSummary> = |d, _, _| d.assessments();
    new_assessment(NewAssessmentRequest) -> Assessment = |d, a, w| d.new_assessment(a, w);
    /// Everything the checklist shows for one assessment.
    open_assessment(AssessmentKey) -> AssessmentView = |d, a, w| d.open_assessment(&a.assessment, w);
    answer(AnswerRequest) -> AnswerResult = |d, a, w| d.answer(a, w);
    review(ReviewRequest) -> Status = |d, a, w| d.review(a, w);
    /// Answers a requirement two SAQs share separately for each.
    split(SplitRequest) -> Vec<Response> = |d, a, w| d.split(a, w);
    /// Answers it once again for every SAQ, keeping one SAQ's answer.
    join(SplitRequest) -> Response = |d, a, w| d.join(a, w);
    confirm(ConfirmRequest) -> ConfirmResult = |d, a, w| d.confirm(a, w);
    set_details(DetailsPatch) -> Assessment = |d, a, w| d.set_details(a, w);
    add_evidence(AddEvidenceRequest) -> Evidence = |d, a, w| d.add_evidence(a, w);
    list_evidence(EvidenceListRequest) -> Vec<EvidenceListed> = |d, a, w| d.evidence_list(a, w);
    evidence_preview(EvidenceKey) -> EvidencePreview = |d, a, _| d.evidence_preview(&a.evidence);
    link_evidence(LinkEvidenceRequest) -> Evidence = |d, a, w| d.link_evidence(a, w);
    remove_evidence(EvidenceKey) -> Done = |d, a, w| d.remove_evidence(&a.evidence, w).map(|_| Done {});
    replace_evidence(ReplaceEvidenceRequest) -> Evidence = |d, a, w| d.replace_evidence(a, w);
    status(SaqKey) -> Status = |d, a, w| d.status(&a.assessment, a.saq.as_deref(), w);
    attest(AttestRequest) -> Attestation = |d, a, w| d.attest(a, w);
    export(ExportRequest) -> ExportOutcome = |d, a, w| d.export(a, w);
    bundle(BundleRequest) -> ExportOutcome = |d, a, w| d.bundle(a, w);
    /// The blank official PCI SSC forms kept, newest first.
    blank_forms(NoArgs) -> Vec<BlankForm> = |d, _, _| d.blank_forms();
    /// Recognises a blank official form and keeps it for this and later years.
    add_blank_form(AddBlankFormRequest) -> BlankFormAdded = |d, a, w| d.add_blank_form(a, w);
    remove_blank_form(BlankKey) -> Done = |d, a, w| d.remove_blank_form(&a.sha256, w).map(|_| Done {});
    /// Fills the official SAQ (or AOC) form of an SAQ of the assessment.
    fill_form(FillFormRequest) -> FormFill = |d, a, w| d.fill_form(a, w);
    /// Every fill of the SAQ's official forms, with the hashes written.
    filled_forms(SaqKey) -> Vec<FilledForm> = |d, a, _| d.filled_forms(&a.assessment, a.saq.as_deref());
    /// The compliance year of one SAQ: each recurring requirement's periods on the actor's day,
    /// the validation due date and the In Place warnings.
    schedule(SaqKey) -> SaqSchedule = |d, a, w| d.schedule(&a.assessment, a.saq.as_deref(), w);
    /// Enters (or without `every` clears) the period a targeted risk analysis chose for a requirement.
    set_tra_period(SetTraPeriodRequest) -> SaqSchedule = |d, a, w| d.set_tra_period(a, w);
    /// Sets the date the self-assessment is due (without `date`, back to the default).
    set_validation_due(SetValidationDueRequest) -> ValidationDue = |d, a, w| d.set_validation_due(a, w);
    /// Overdue and due in the next 30 days across every open assessment: the home screen, and what
    /// the app shows when it starts.
    due(NoArgs) -> DueOverview = |d, _, w| d.due(w);
    /// An assessment's calendar (or one SAQ's) as events, with the reminders that have no date.
    calendar(SaqKey) -> CalendarView = |d, a, w| d.calendar(&a.assessment, a.saq.as_deref(), w);
    /// Writes the calendar as an RFC 5545 .ics file for Outlook, Google or Apple Calendar.
    export_calendar(CalendarExportRequest) -> CalendarWritten = |d, a, w| d.export_calendar(a, w);
    /// The file name a save dialog offers for a report or bundle.
    suggested_file_name(SuggestRequest) -> String = |d, a, _| d.suggested_file_name(&a.assessment, a.saq.as_deref(), a.kind);
    roll_forward(RollForwardRequest) -> RollForward = |d, a, w| d.roll_forward(a, w);
    delete_assessment(AssessmentKey) -> DeleteResult = |d, a, w| d.delete_assessment(&a.assessment, w);
    history(AssessmentKey) -> Vec<AuditEntry> = |d, a, _| d.history(&a.assessment);
    /// What an earlier version let in, once after an upgrade and while it is still there.
    sweep_on_start(NoArgs) -> Option<SweepReport> = |d, _, w| d.sweep_after_upgrade(w);
    sweep_redact(NoArgs) -> SweepReport = |d, _, w| d.sweep_redact(w);
}

/// Commands a door serves itself, because they open the window's own dialogs or the desktop's
/// file manager: (name, arguments, result).
const DOOR_COMMANDS: &[(&str, &str, &str)] = &[
    ("pick_evidence", "NoArgs", "Array<string>"),
    ("save_report", "SaveReportRequest", "ExportOutcome | null"),
    ("pick_blank_form", "NoArgs", "string | null"),
    ("save_form", "SaveFormRequest", "FormFill | null"),
    ("reveal", "PathRequest", "Done"),
    ("open_path", "PathRequest", "Done"),
];

fn bad_args(name: &str, e: serde_json::Error) -> ApiError {
    ApiError::from(DeskError::Contract(format!("{name}: the arguments do not fit the command ({e})")))
}

/// JSON carries every integer as a number; none the contract uses comes near 2^53.
fn config() -> ts_rs::Config {
    ts_rs::Config::default().with_large_int("number")
}

/// Type declarations reachable from the commands, each once, by name.
struct Types {
    cfg: ts_rs::Config,
    seen: BTreeMap<TypeId, ()>,
    decls: BTreeMap<String, String>,
}

impl Types {
    fn add<T: TS + 'static + ?Sized>(&mut self) {
        T::visit_dependencies(self);
        T::visit_generics(self);
        if T::output_path().is_some() && self.seen.insert(TypeId::of::<T>(), ()).is_none() {
            let docs = T::docs().map(|d| format!("{d}\n")).unwrap_or_default();
            self.decls.insert(T::ident(&self.cfg), format!("{docs}export {}", T::decl(&self.cfg)));
        }
    }
}

impl ts_rs::TypeVisitor for Types {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if !self.seen.contains_key(&TypeId::of::<T>()) {
            self.add::<T>();
        }
    }
}

/// The UI's contract in TypeScript: every type the commands use, the commands, the error codes.
pub fn typescript() -> String {
    let mut types = Types { cfg: config(), seen: BTreeMap::new(), decls: BTreeMap::new() };
    let commands = command_types(&mut types);
    types.add::<ApiError>();
    types.add::<SaveReportRequest>();
    types.add::<PathRequest>();
    types.add::<SaveFormRequest>();
    types.add::<Format>();
    let mut s = String::from(
        "// Generated from the Rust types by `cargo test` (src/ipc.rs, test `contract_is_current`): do not edit.\n\
         // Regenerate with `UPDATE_CONTRACT=1 cargo test --test it contract`.\n\n",
    );
    for decl in types.decls.values() {
        s.push_str(decl);
        s.push_str("\n\n");
    }
    s.push_str("/** Every command: its arguments and its result. */\nexport interface Commands {\n");
    for (name, doc, args, out) in &commands {
        if !doc.is_empty() {
            s.push_str(&format!("  /** {} */\n", doc.replace('\n', " ")));
        }
        s.push_str(&format!("  {name}: {{ args: {args}; result: {out} }};\n"));
    }
    for (name, args, out) in DOOR_COMMANDS {
        s.push_str(&format!("  /** Served by the door itself. */\n  {name}: {{ args: {args}; result: {out} }};\n"));
    }
    s.push_str("}\n\nexport type CommandName = keyof Commands;\n\n");
    s.push_str(
        "/** Every error code, as `ApiError.code` carries it. */\nexport const ERROR_CODES: readonly ErrorCode[] = [\n",
    );
    for c in ErrorCode::ALL {
        s.push_str(&format!("  '{}',\n", c.as_str()));
    }
    s.push_str("];\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_in_the_contract() {
        let ts = typescript();
        for c in COMMANDS.iter().chain(DOOR_COMMANDS.iter().map(|(n, _, _)| n)) {
            assert!(ts.contains(&format!("  {c}: {{ args: ")), "{c} missing");
        }
        assert!(ts.contains("export type ErrorCode ="), "{ts}");
    }
}
