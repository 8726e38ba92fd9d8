// Attestation screen logic: blockers grouped by code, in the order a user should fix them.

import type { Blocker } from './api';

export const BLOCKER_GROUPS: { code: string; title: string; help: string }[] = [
  { code: 'eligibility_unconfirmed', title: 'Eligibility criteria not confirmed', help: 'Confirm each criterion below, or decline it and move to the larger SAQ it points to.' },
  { code: 'aoc_incomplete', title: 'AOC executive summary incomplete', help: 'Parts 2b and 2c of the Attestation of Compliance say how card data flows and what is in scope, and Parts 2e and 2f which listed products and which service providers are involved; fill them in under “Executive summary” below.' },
  { code: 'unanswered', title: 'Requirements without a response', help: 'Every requirement needs one of the response options.' },
  { code: 'review_needed', title: 'Carried forward, not yet reviewed', help: 'Check last year’s answer still holds, then mark it reviewed or change it.' },
  { code: 'explanation_missing', title: 'Missing explanations', help: 'Not Applicable and Not Tested answers need an explanation.' },
  { code: 'not_tested_not_allowed', title: 'Not Tested is not allowed here', help: 'Only SAQ D accepts Not Tested; choose another response.' },
  { code: 'ccw_incomplete', title: 'Incomplete compensating controls worksheets', help: 'All six parts of the worksheet are required.' },
  { code: 'remediation_date_missing', title: 'Not in Place without a target date', help: 'Give the date by which each gap will be closed.' },
  { code: 'future_dated_na', title: 'Future-dated requirements marked Not Applicable', help: 'Since 31 March 2025 these requirements are in force; answer them on their merits.' },
];

export interface BlockerGroup {
  code: string;
  title: string;
  help: string;
  items: Blocker[];
  /** The one message all items share, when they do (shown once instead of per item). */
  sharedMessage: string | null;
}

export function groupBlockers(blockers: Blocker[]): BlockerGroup[] {
  const known = new Map(BLOCKER_GROUPS.map((g, i) => [g.code, i]));
  const groups = new Map<string, Blocker[]>();
  for (const b of blockers) {
    const list = groups.get(b.code) ?? [];
    list.push(b);
    groups.set(b.code, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (known.get(a) ?? 99) - (known.get(b) ?? 99) || a.localeCompare(b))
    .map(([code, items]) => {
      const meta = BLOCKER_GROUPS.find((g) => g.code === code);
      const first = items[0]?.message ?? '';
      const shared = items.every((i) => i.message === first) && code !== 'eligibility_unconfirmed' ? first : null;
      return { code, title: meta?.title ?? code.replace(/_/g, ' '), help: meta?.help ?? '', items, sharedMessage: shared };
    });
}

/** The Part 2 form field an `AOC-…` blocker points at. */
export const AOC_FIELDS: Record<string, string> = {
  'AOC-2b': 'channel_roles',
  'AOC-2c': 'environment_description',
  'AOC-2e': 'uses_validated_products',
  'AOC-2f': 'providers_handle_account_data',
};

/** The three acknowledgements of AOC Part 3, as the core records them. */
export const ACKNOWLEDGEMENTS = [
  'The self-assessment questionnaire named in this report was completed following its instructions.',
  'The information in this questionnaire and attestation fairly represents the results of the assessment.',
  'The controls reported in place will be maintained at all times.',
];
