// Creating what the wizard worked out. One assessment for the covering SAQ; on the per-channel
// route, for now, one assessment per SAQ of that route (to be replaced by one assessment holding
// several SAQs). Kept apart from the screens so that change stays in one place.

import * as api from './api';
import type { ScopeInput } from './api';
import { confirmedOf, type CriterionDecision, type PlannedAssessment } from './scoping';

export interface CreateRequest {
  merchant: string;
  year: number;
  /** The input the shown result was worked out from. */
  scope: ScopeInput;
  plan: PlannedAssessment[];
  decisions: Record<string, CriterionDecision>;
}

/** Creates the planned assessments and records the criteria confirmed for each; returns their IDs. */
export async function createAssessments(req: CreateRequest): Promise<string[]> {
  const ids: string[] = [];
  const several = req.plan.length > 1;
  for (const p of req.plan) {
    // The covering SAQ is what the scoping answers decide; a per-channel SAQ is named.
    const a = await api.newAssessment(
      several ? { merchant: req.merchant, year: req.year, saq: p.saq, scope: req.scope } : { merchant: req.merchant, year: req.year, scope: req.scope },
    );
    ids.push(a.id);
    for (const c of confirmedOf(p.eligibility, req.decisions)) await api.confirm(a.id, c, true);
  }
  return ids;
}
