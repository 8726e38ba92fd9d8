// Application state shared by the screens: which screen shows, the open assessment, and the
// item (requirement or criterion) a screen should jump to.

import * as api from './api';
import type { AnswerResult, ApiError, AssessmentDetails, AssessmentView, Evidence, Response, SaqView, Status } from './api';
import { isAttested, isMulti, partsOf } from './saqs';

export type View = 'home' | 'wizard' | 'checklist' | 'attest' | 'export';

class AppState {
  view = $state<View>('home');
  current = $state<AssessmentView | null>(null);
  /** A requirement or criterion ID the next screen should select / scroll to. */
  focus = $state<string | null>(null);
  info = $state<api.AppInfo | null>(null);
  /** The start-up sweep's findings, when an earlier version let card data in. */
  sweep = $state<api.SweepReport | null>(null);
  loading = $state(false);
  error = $state<ApiError | null>(null);
  /**
   * With several SAQs: the one the user chose (the checklist's filter, the attestation and export
   * screens' SAQ); null for all of them.
   */
  saq = $state<string | null>(null);
  /** With several SAQs: the SAQ the attestation and export screens show (null: not chosen yet). */
  docSaq = $state<string | null>(null);
  /** Set by the checklist: saves what is pending; false when a refused field must be fixed first. */
  flushPending: (() => Promise<boolean>) | null = null;

  get frozen(): boolean {
    return this.current?.assessment.status === 'attested' || this.current?.status.status === 'attested';
  }

  /** The open assessment holds several SAQs. */
  get multi(): boolean {
    return isMulti(this.current);
  }

  /** Every SAQ of the open assessment (with one SAQ, the view's own fields). */
  get parts(): SaqView[] {
    return this.current ? partsOf(this.current) : [];
  }

  /** An answer that counts for these SAQs can no longer change (one of them is attested). */
  frozenFor(saqs: string[]): boolean {
    if (!this.multi) return this.frozen;
    return this.parts.some((p) => saqs.includes(p.saq) && isAttested(p));
  }

  async go(view: View, focus: string | null = null) {
    if (this.flushPending && !(await this.flushPending().catch(() => true))) return;
    if (view !== 'home' && view !== 'wizard' && !this.current) view = 'home';
    this.focus = focus;
    this.view = view;
    this.error = null;
  }

  async open(id: string, view: View = 'checklist', focus: string | null = null) {
    this.loading = true;
    this.error = null;
    try {
      const opened = await api.openAssessment(id);
      if (opened.assessment.id !== this.current?.assessment.id) {
        this.saq = null;
        this.docSaq = null;
      }
      this.current = opened;
      await this.go(view, focus);
    } catch (e) {
      this.error = api.toApiError(e);
    } finally {
      this.loading = false;
    }
  }

  /** Re-reads the open assessment (after attesting, for example). */
  async reload() {
    if (!this.current) return;
    try {
      this.current = await api.openAssessment(this.current.assessment.id);
    } catch (e) {
      this.error = api.toApiError(e);
    }
  }

  close() {
    this.current = null;
    this.view = 'home';
  }

  setStatus(s: Status) {
    const cur = this.current;
    if (!cur || s.assessment_id !== cur.assessment.id) return;
    if (!isMulti(cur)) {
      cur.status = s;
      return;
    }
    const i = cur.saqs.findIndex((p) => p.saq === s.saq);
    if (i === -1) return;
    cur.saqs[i].status = s;
    // The top-level fields are the first SAQ's.
    if (i === 0) cur.status = s;
  }

  /** Re-reads the status of every SAQ (with one SAQ, of the assessment). */
  async refreshStatus() {
    const cur = this.current;
    if (!cur) return;
    try {
      if (!isMulti(cur)) this.setStatus(await api.status(cur.assessment.id));
      else for (const p of cur.saqs.map((x) => x.saq)) this.setStatus(await api.status(cur.assessment.id, p));
    } catch {
      /* the next successful call refreshes it */
    }
  }

  /** What an `answer` returned: the answer, and every SAQ's status (a shared answer counts for each). */
  applyAnswer(res: AnswerResult) {
    this.upsertResponse(res.response);
    if (this.multi && res.statuses?.length) for (const s of res.statuses) this.setStatus(s);
    else this.setStatus(res.status);
  }

  /**
   * Puts an answer where it counts: with several SAQs, a SAQ's own answer in that SAQ, the shared
   * one in every SAQ that has the requirement.
   */
  upsertResponse(r: Response) {
    const cur = this.current;
    if (!cur) return;
    const put = (list: Response[]) => {
      const i = list.findIndex((x) => x.requirement_id === r.requirement_id);
      if (i === -1) list.push(r);
      else list[i] = r;
    };
    if (!isMulti(cur)) {
      put(cur.responses);
      return;
    }
    cur.saqs.forEach((p, i) => {
      const counts = r.saq ? p.saq === r.saq : p.snapshot.requirements.some((q) => q.id === r.requirement_id);
      if (!counts) return;
      put(p.responses);
      if (i === 0) put(cur.responses);
    });
  }

  /** AOC Part 2 of one SAQ (with one SAQ, of the assessment) as the core stored it. */
  setDetails(saq: string | null, details: AssessmentDetails) {
    const cur = this.current;
    if (!cur) return;
    if (!isMulti(cur) || saq === null) {
      cur.assessment.details = details;
      return;
    }
    const i = cur.saqs.findIndex((p) => p.saq === saq);
    if (i === -1) return;
    cur.saqs[i].details = details;
    if (i === 0) cur.assessment.details = details;
  }

  upsertEvidence(e: Evidence) {
    if (!this.current) return;
    const list = this.current.evidence;
    if (e.revision_of) {
      const old = list.findIndex((x) => x.id === e.revision_of);
      if (old !== -1) list.splice(old, 1);
    }
    const i = list.findIndex((x) => x.id === e.id);
    if (i === -1) list.push(e);
    else list[i] = e;
  }

  dropEvidence(id: string) {
    if (!this.current) return;
    this.current.evidence = this.current.evidence.filter((e) => e.id !== id);
  }
}

export const app = new AppState();
