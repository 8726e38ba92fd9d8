// Home screen grouping: merchants alphabetically, each with its assessments newest year first.

import type { AssessmentSummary, DueEntry, DueKind } from './api';
import type { View } from './state.svelte';

export interface MerchantGroup {
  merchant_id: string;
  merchant_name: string;
  years: { year: number; assessments: AssessmentSummary[] }[];
}

export function groupAssessments(list: AssessmentSummary[]): MerchantGroup[] {
  const byMerchant = new Map<string, MerchantGroup>();
  for (const a of list) {
    let g = byMerchant.get(a.merchant_id);
    if (!g) {
      g = { merchant_id: a.merchant_id, merchant_name: a.merchant_name, years: [] };
      byMerchant.set(a.merchant_id, g);
    }
    let y = g.years.find((y) => y.year === a.year);
    if (!y) {
      y = { year: a.year, assessments: [] };
      g.years.push(y);
    }
    y.assessments.push(a);
  }
  const groups = [...byMerchant.values()];
  for (const g of groups) {
    g.years.sort((a, b) => b.year - a.year);
    for (const y of g.years) y.assessments.sort((a, b) => b.created_at.localeCompare(a.created_at));
  }
  return groups.sort((a, b) => a.merchant_name.localeCompare(b.merchant_name, undefined, { sensitivity: 'base' }));
}

export function statusLabel(s: string): string {
  switch (s) {
    case 'draft':
      return 'Draft';
    case 'ready':
      return 'Ready to attest';
    case 'attested':
      return 'Attested';
    default:
      return s;
  }
}

// ---- What is due (the core's `due`) ------------------------------------------------------------


export const DUE_KIND_LABELS: Record<DueKind, string> = {
  validation: 'Validation due',
  remediation: 'Remediation target date',
  recurring: 'Recurring activity',
  'evidence-expires': 'Evidence expires',
  'evidence-stale': 'Evidence to renew',
};

/**
 * Where a due item is dealt with: the validation due date on the Attestation screen, anything
 * about a requirement in the checklist with that requirement selected.
 */
export function dueTarget(e: DueEntry): { view: View; focus: string | null } {
  if (e.item.kind === 'validation') return { view: 'attest', focus: null };
  return { view: 'checklist', focus: e.item.requirement ?? null };
}
