// The official PCI SSC forms as the Export screen shows them. Which file is which form, what a fill
// left out and what it noted are the core's answers (`add_blank_form`, `save_form`); these helpers
// only arrange them for reading.

import type { BlankForm, FormKind } from './api';

/** What each kind of kept blank is, in the words of the card. */
export const FORM_KIND_LABELS: Record<FormKind, string> = {
  'saq-with-aoc': 'SAQ with its Attestation of Compliance',
  aoc: 'Attestation of Compliance on its own',
};

export function formKindLabel(kind: string): string {
  return FORM_KIND_LABELS[kind as FormKind] ?? kind;
}

/**
 * The kept blanks of one SAQ: the SAQ forms first (what most acquirers want), then the separate
 * AOCs, each kind in the core's order (newest first).
 */
export function blanksFor(blanks: BlankForm[], saq: string): BlankForm[] {
  const mine = blanks.filter((b) => b.saq === saq);
  const rank = (b: BlankForm) => (b.kind === 'saq-with-aoc' ? 0 : 1);
  return mine.map((b, i) => ({ b, i })).sort((x, y) => rank(x.b) - rank(y.b) || x.i - y.i).map(({ b }) => b);
}

// The form's own part names, as headings of what a fill still lacks.
const PART_TITLES: Record<string, string> = {
  'Part 1a': 'Merchant',
  'Part 1b': 'Assessor',
  'Part 2a': 'Payment channels',
  'Part 2b': 'How each channel handles account data',
  'Part 2c': 'Environment',
  'Part 2d': 'Locations',
  'Part 2e': 'Validated products and solutions',
  'Part 2f': 'Service providers',
  'Part 2g': 'Summary of responses',
  'Part 2h': 'Eligibility',
  'Section 2': 'Requirement rows',
  'Part 3': 'Validation',
  'Part 3a': 'Acknowledgement',
  'Part 3b': 'Signature',
  'Part 3c': 'QSA acknowledgement',
  'Part 3d': 'ISA involvement',
  'Part 4': 'Action plan',
  'Appendix A': 'Additional requirements',
  'Appendix B': 'Compensating controls worksheets',
  'Appendix C': 'Not Applicable explanations',
  'Appendix D': 'Not Tested explanations',
};

export interface MissingGroup {
  /** "Part 1a", "Section 2", "Appendix B"; "Other" for a line without one. */
  part: string;
  /** The form's name for the part, when known ("Merchant"). */
  title: string;
  /** What the form asks, without the part ("contact phone", "8.3.6"). */
  items: string[];
}

// The core writes each line as "<part> <what the form asks>".
const PART = /^(Part \d+[a-z]?|Section \d+|Appendix [A-Z])(?:\s+(.*))?$/;

/** The lines of a fill (missing fields or notes), grouped under their part in the order given. */
export function groupByPart(lines: string[]): MissingGroup[] {
  const groups = new Map<string, MissingGroup>();
  for (const line of lines) {
    const m = PART.exec(line.trim());
    const part = m ? m[1] : 'Other';
    const item = m ? (m[2] ?? '').trim() || line.trim() : line.trim();
    let g = groups.get(part);
    if (!g) {
      g = { part, title: PART_TITLES[part] ?? '', items: [] };
      groups.set(part, g);
    }
    g.items.push(item);
  }
  return [...groups.values()];
}

/** The file name of a path, for a short label (the whole path is shown beside it). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
