// Application state shared by the screens: which screen shows, the open assessment, and the
// item (requirement or criterion) a screen should jump to.

import * as api from './api';
import type { ApiError, AssessmentView, Evidence, Response, Status } from './api';

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
  /** Set by the checklist: saves what is pending; false when a refused field must be fixed first. */
  flushPending: (() => Promise<boolean>) | null = null;

  get frozen(): boolean {
    return this.current?.assessment.status === 'attested' || this.current?.status.status === 'attested';
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
      this.current = await api.openAssessment(id);
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
    if (this.current && s.assessment_id === this.current.assessment.id) this.current.status = s;
  }

  async refreshStatus() {
    if (!this.current) return;
    try {
      this.setStatus(await api.status(this.current.assessment.id));
    } catch {
      /* the next successful call refreshes it */
    }
  }

  upsertResponse(r: Response) {
    if (!this.current) return;
    const list = this.current.responses;
    const i = list.findIndex((x) => x.requirement_id === r.requirement_id);
    if (i === -1) list.push(r);
    else list[i] = r;
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
