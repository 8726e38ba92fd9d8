// Creating what the wizard worked out: one assessment, holding the covering SAQ or, on the
// per-channel route, one SAQ per channel (the core files each for its channels).

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
  // One assessment either way: with several SAQs (one per channel) it holds each of them, and
  // the core files each SAQ for the channels it covers.
  const route = req.plan.length > 1 ? 'per-channel' : 'covering';
  const a = await api.newAssessment({ merchant: req.merchant, year: req.year, scope: req.scope, route });
  for (const p of req.plan) {
    for (const c of confirmedOf(p.eligibility, req.decisions)) await api.confirm(a.id, c, true);
  }
  return [a.id];
}
