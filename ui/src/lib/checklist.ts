// Which requirements the checklist shows: principal, filter and search, plus per-principal
// counts and navigation between neighbours. Pure functions over the AssessmentView data.

import type { Evidence, Progress, Requirement, Response, Status } from './api';

export type Filter = 'all' | 'unanswered' | 'not-in-place' | 'review' | 'missing-evidence';

export const FILTERS: { id: Filter; label: string; help: string }[] = [
  { id: 'all', label: 'All', help: 'Every requirement of this SAQ' },
  { id: 'unanswered', label: 'Unanswered', help: 'No response chosen yet' },
  { id: 'not-in-place', label: 'Not in Place', help: 'Answered Not in Place: needs remediation' },
  { id: 'review', label: 'Needs review', help: 'Carried forward from last year and not yet reviewed' },
  { id: 'missing-evidence', label: 'Missing evidence', help: 'Answered In Place, but no current evidence file is linked (none, or only stale files)' },
];

export interface ChecklistData {
  requirements: Requirement[];
  responses: Map<string, Response>;
  evidence: Evidence[];
  /** IDs of evidence older than 12 months. */
  stale: Set<string>;
  /**
   * Several SAQs shown together: each SAQ's own data. A requirement then matches a filter when
   * it does in any SAQ that has it, and counts as answered when it is answered for each.
   */
  parts?: PartData[];
}

/** One SAQ's requirements and the answers that count for it. */
export interface PartData extends ChecklistData {
  saq: string;
  ids: Set<string>;
}

export function partData(saq: string, requirements: Requirement[], responses: Response[], evidence: Evidence[], stale: Set<string>): PartData {
  return { saq, requirements, responses: responsesById(responses), evidence, stale, ids: new Set(requirements.map((r) => r.id)) };
}

/** The SAQs of `data` that have the requirement, with the answer that counts for each. */
export function answersOf(req: Pick<Requirement, 'id'>, data: ChecklistData): { saq: string; response: Response | undefined }[] {
  if (!data.parts) return [];
  return data.parts.filter((p) => p.ids.has(req.id)).map((p) => ({ saq: p.saq, response: p.responses.get(req.id) }));
}

export interface Selection {
  /** Principal requirement ID ("1" … "12", "A2"), or null for all. */
  principal: string | null;
  filter: Filter;
  query: string;
}

export function responsesById(responses: Response[]): Map<string, Response> {
  return new Map(responses.map((r) => [r.requirement_id, r]));
}

export function isCurrent(e: Evidence): boolean {
  return !e.superseded_by && !e.removed_at;
}

export function evidenceFor(evidence: Evidence[], item: string): Evidence[] {
  return evidence.filter((e) => isCurrent(e) && e.links.includes(item));
}

export function isAnswered(r: Response | undefined): boolean {
  return !!r?.response;
}

// Items with at least one current, fresh evidence file, per data object: one pass over the
// evidence instead of one per requirement (an assessment can hold hundreds of files, and the filter
// counts ask for every requirement on each render).
const coveredCache = new WeakMap<ChecklistData, Set<string>>();

function coveredItems(data: ChecklistData): Set<string> {
  let covered = coveredCache.get(data);
  if (!covered) {
    covered = new Set();
    for (const e of data.evidence) {
      if (isCurrent(e) && !data.stale.has(e.id)) for (const item of e.links) covered.add(item);
    }
    coveredCache.set(data, covered);
  }
  return covered;
}

export function needsEvidence(req: Requirement, data: ChecklistData): boolean {
  const r = data.responses.get(req.id);
  if (r?.response !== 'in-place' && r?.response !== 'in-place-ccw') return false;
  return !coveredItems(data).has(req.id);
}

export function matchesFilter(req: Requirement, filter: Filter, data: ChecklistData): boolean {
  if (data.parts) return filter === 'all' || data.parts.some((p) => p.ids.has(req.id) && matchesFilter(req, filter, p));
  const r = data.responses.get(req.id);
  switch (filter) {
    case 'all':
      return true;
    case 'unanswered':
      return !isAnswered(r);
    case 'not-in-place':
      return r?.response === 'not-in-place';
    case 'review':
      return !!r?.review_needed;
    case 'missing-evidence':
      return needsEvidence(req, data);
  }
}

/** A query that looks like a requirement ID ("8", "8.3", "A2.1.1", "12.10."). */
export function isIdQuery(q: string): boolean {
  return /^(A\d+|\d+)(\.\d+)*\.?$/i.test(q.trim());
}

/**
 * ID queries match the requirement and everything under it ("1.2" finds 1.2.1 but not 1.20);
 * other text matches ID, title, description, bullets and evidence list, case-insensitively.
 */
export function matchesQuery(req: Requirement, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const id = req.id.toLowerCase();
  if (isIdQuery(q)) {
    const base = q.replace(/\.$/, '');
    return id === base || id.startsWith(`${base}.`);
  }
  const words = q.split(/\s+/).filter(Boolean);
  const hay = [req.id, req.title, req.description, ...req.bullets, ...req.evidence].join('\n').toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** The requirements the list shows. A search looks across all principals. */
export function visibleRequirements(data: ChecklistData, sel: Selection): Requirement[] {
  const searching = sel.query.trim() !== '';
  return data.requirements.filter(
    (req) =>
      (searching || sel.principal === null || req.principal === sel.principal) &&
      matchesFilter(req, sel.filter, data) &&
      matchesQuery(req, sel.query),
  );
}

/** How many requirements each filter holds, within the selected principal (or all). */
export function filterCounts(data: ChecklistData, principal: string | null): Record<Filter, number> {
  const counts: Record<Filter, number> = { all: 0, unanswered: 0, 'not-in-place': 0, review: 0, 'missing-evidence': 0 };
  for (const req of data.requirements) {
    if (principal !== null && req.principal !== principal) continue;
    for (const f of FILTERS) if (matchesFilter(req, f.id, data)) counts[f.id]++;
  }
  return counts;
}

/** Progress per principal computed from the answers (used until/unless Status has it). */
export function computeProgress(principals: { id: string; title: string }[], data: ChecklistData): Progress[] {
  if (data.parts) {
    // Several SAQs: answered (in place) once answered (in place) for each SAQ that has it.
    return principals.map((p) => {
      const each = data.requirements.filter((r) => r.principal === p.id).map((r) => answersOf(r, data).map((a) => a.response));
      const every = (f: (r: Response | undefined) => boolean) => each.filter((rs) => rs.length > 0 && rs.every(f)).length;
      const some = (f: (r: Response | undefined) => boolean) => each.filter((rs) => rs.some(f)).length;
      return {
        principal: p.id,
        title: p.title,
        total: each.length,
        answered: every(isAnswered),
        in_place: every((r) => r?.response === 'in-place' || r?.response === 'in-place-ccw'),
        not_in_place: some((r) => r?.response === 'not-in-place'),
        review_needed: some((r) => !!r?.review_needed),
      };
    });
  }
  return principals.map((p) => {
    const reqs = data.requirements.filter((r) => r.principal === p.id);
    const rs = reqs.map((r) => data.responses.get(r.id));
    return {
      principal: p.id,
      title: p.title,
      total: reqs.length,
      answered: rs.filter(isAnswered).length,
      in_place: rs.filter((r) => r?.response === 'in-place' || r?.response === 'in-place-ccw').length,
      not_in_place: rs.filter((r) => r?.response === 'not-in-place').length,
      review_needed: rs.filter((r) => r?.review_needed).length,
    };
  });
}

/** Status.progress when present, otherwise computed. */
export function progressFor(principals: { id: string; title: string }[], data: ChecklistData, status: Status | null): Progress[] {
  if (status?.progress?.length) return status.progress;
  return computeProgress(principals, data);
}

/** The neighbour of `current` in `list` (wrapping is deliberately off: the ends stay put). */
export function neighbour(list: Requirement[], current: string | null, step: 1 | -1): string | null {
  if (list.length === 0) return null;
  const i = current === null ? -1 : list.findIndex((r) => r.id === current);
  if (i === -1) return step === 1 ? list[0].id : list[list.length - 1].id;
  const j = Math.max(0, Math.min(list.length - 1, i + step));
  return list[j].id;
}
