// Browser demo: an in-memory stand-in for the Rust core, wired through @tauri-apps/api's mockIPC.
// Loaded only when the page runs outside Tauri with ?demo in the address (see main.ts), so the
// screens can be looked at and screenshotted with realistic data. It follows docs/ipc.md and
// mirrors the core's rules (scoping engine, status/blockers, leak guard) closely enough for that;
// it is not the source of truth for any of them.

import { mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import raw from './demo-data.json';
import type {
  AnswerInput,
  AppInfo,
  Assessment,
  AssessmentSummary,
  AssessmentView,
  Attestation,
  Blocker,
  Channel,
  ChannelScope,
  Compliance,
  Confirmation,
  Criterion,
  Escalation,
  Evidence,
  Merchant,
  MerchantProfile,
  Progress,
  Requirement,
  Response,
  ResponseKind,
  Saq,
  ScopeInput,
  ScopeResult,
  ScopingRules,
  Status,
} from './api';
import { CHANNEL_LABELS } from './format';
import { bulletResponses, combineBullets, usedKinds } from './answer';
import type { WizardState } from './wizard.svelte';

const data = raw as unknown as {
  questionnaire: { name: string; version: string };
  scoping: ScopingRules;
  principals: { id: string; title: string }[];
  requirements: Requirement[];
  saqs: Saq[];
};

const rules = data.scoping;
const REQ = new Map(data.requirements.map((r) => [r.id, r]));
const saqById = (id: string): Saq => {
  const s = data.saqs.find((x) => x.id.toLowerCase() === id.toLowerCase());
  if (!s) throw fail('questionnaire', `unknown SAQ '${id}'`, 'saq');
  return s;
};

// ---------------------------------------------------------------------------------------------
// Helpers

function fail(code: string, message: string, field: string | null = null) {
  return { code, message, field };
}

const now = new Date();
const YEAR = now.getFullYear();
const iso = (d: Date) => d.toISOString();
const daysAgo = (n: number) => new Date(now.getTime() - n * 86400000);
const dateOnly = (d: Date) => d.toISOString().slice(0, 10);
let idCounter = 1000;
const newId = () => `0192${(idCounter++).toString(16).padStart(4, '0')}-demo-7${Math.random().toString(16).slice(2, 5)}-${Math.random().toString(16).slice(2, 14)}`;
const fakeSha = (seed: string) => {
  let h = 0x811c9dc5;
  let out = '';
  for (let i = 0; out.length < 64; i++) {
    h ^= seed.charCodeAt(i % seed.length) + i;
    h = Math.imul(h, 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 64);
};
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

// ---------------------------------------------------------------------------------------------
// Scoping engine (port of src/scoping/engine.rs)

const CHANNEL_ORDER: Channel[] = ['ecommerce', 'moto', 'card-present'];
const covers = (applies: string, channels: Channel[]) => applies === 'all' || channels.includes(applies as Channel);

function smallestCover(needed: Saq[], channels: Channel[], declined: Set<string>): Saq | undefined {
  const bySize = [...data.saqs].sort((a, b) => a.requirements.length - b.requirements.length || a.id.localeCompare(b.id));
  return bySize.find(
    (cand) =>
      channels.every((c) => cand.channels.includes(c)) &&
      needed.every((n) => n.requirements.every((r) => cand.requirements.includes(r))) &&
      !cand.eligibility.some((c) => declined.has(c.id) && covers(c.applies_to, channels)),
  );
}

const criteriaFor = (saq: Saq, channels: Channel[]): Criterion[] => saq.eligibility.filter((c) => covers(c.applies_to, channels));
const joinAnd = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

export function runScope(input: ScopeInput): ScopeResult {
  if (!input.methods.length) throw fail('scope', `choose at least one way you take cards (${rules.methods.map((m) => m.id).join(', ')})`, 'methods');
  for (const m of input.methods) if (!rules.methods.some((x) => x.id === m)) throw fail('scope', `unknown method '${m}'`, 'methods');
  const fallback = saqById(rules.fallback);
  const methods = rules.methods.filter((m) => input.methods.includes(m.id));
  const declined = new Set(input.declined);
  const rationale: string[] = [];
  const escalations: Escalation[] = [];
  const unanswered: string[] = [];
  const byChannel = new Map<Channel, { ids: string[]; saqs: Saq[] }>();

  for (const m of methods) {
    const base = saqById(m.saq);
    rationale.push(`${m.label} (${CHANNEL_LABELS[m.channel]}) → ${base.name}: ${m.why}`);
    let current = base;
    for (const q of rules.questions.filter((q) => q.methods.includes(m.id))) {
      const a = input.answers[q.id];
      if (a === undefined) {
        if (!unanswered.includes(q.id)) unanswered.push(q.id);
      } else if (a === q.triggers_on) {
        const next = smallestCover([current, saqById(q.saq)], [m.channel], new Set()) ?? fallback;
        if (next.id !== current.id) {
          rationale.push(`${m.label}: you answered ${a} to "${q.ask}" → ${next.name}. ${q.why}`);
          escalations.push({ from: current.id, to: next.id, because: q.why, ask_qsa: q.ask_qsa });
          current = next;
        }
      }
    }
    const e = byChannel.get(m.channel) ?? { ids: [], saqs: [] };
    e.ids.push(m.id);
    e.saqs.push(current);
    byChannel.set(m.channel, e);
  }

  const perChannel: ChannelScope[] = [];
  for (const channel of CHANNEL_ORDER.filter((c) => byChannel.has(c))) {
    const { ids, saqs } = byChannel.get(channel)!;
    let current = smallestCover(saqs, [channel], new Set()) ?? fallback;
    if (saqs.length > 1 && saqs.some((s) => s.id !== current.id)) {
      rationale.push(`${CHANNEL_LABELS[channel]}: your methods need ${joinAnd(saqs.map((s) => s.name))}; the smallest SAQ that contains all of them is ${current.name}.`);
    }
    for (let i = 0; i < data.saqs.length; i++) {
      const c = current.eligibility.find((c) => declined.has(c.id) && covers(c.applies_to, [channel]));
      if (!c) break;
      const target = c.on_decline.escalate_to ? saqById(c.on_decline.escalate_to) : fallback;
      const next = smallestCover([current, target], [channel], declined) ?? fallback;
      rationale.push(
        `${CHANNEL_LABELS[channel]}: you cannot confirm criterion ${c.id} of ${current.name} → ${next.name}. ${c.on_decline.why}${c.on_decline.ask_qsa ? ' Confirm this with your acquirer or a QSA.' : ''}`,
      );
      escalations.push({ from: current.id, to: next.id, because: c.on_decline.why, ask_qsa: c.on_decline.ask_qsa });
      if (next.id === current.id) break;
      current = next;
    }
    perChannel.push({ channel, methods: ids, saq: current.id, eligibility: criteriaFor(current, [channel]) });
  }

  const channels = perChannel.map((c) => c.channel);
  const covering = smallestCover(perChannel.map((c) => saqById(c.saq)), channels, declined) ?? fallback;
  if (perChannel.length > 1) {
    if (perChannel.every((c) => c.saq === covering.id)) {
      rationale.push(`Every channel you use fits ${covering.name}, so one questionnaire covers them all.`);
    } else {
      rationale.push(
        `You use ${perChannel.length} channels (${perChannel.map((c) => `${c.saq} for ${CHANNEL_LABELS[c.channel]}`).join('; ')}). The smallest single SAQ whose eligibility admits all of them and that contains all their requirements is ${covering.name}.`,
      );
      rationale.push(
        'PCI SSC also accepts one SAQ per channel when each channel meets its own SAQ’s criteria and the channels are segmented from each other. Stripe asks for a single SAQ covering all methods, so the single SAQ is the safe default; ask your acquirer before filing per channel.',
      );
    }
  }
  const eligibility = criteriaFor(covering, channels);
  rationale.push(
    eligibility.length
      ? `To use ${covering.name} you must confirm each of its ${eligibility.length} eligibility criteria below; a criterion you cannot confirm moves you to a larger SAQ.`
      : `${covering.name} has no eligibility criteria: it applies to any merchant that does not qualify for a shorter SAQ.`,
  );
  if (unanswered.length) rationale.push(`Not yet answered, so taken as "no": ${unanswered.join(', ')}. Answer them before relying on this result.`);
  return { saq: covering.id, per_channel: perChannel, rationale, eligibility, escalations, ask_qsa: escalations.some((e) => e.ask_qsa), unanswered };
}

// ---------------------------------------------------------------------------------------------
// Leak guard (the core refuses card numbers and Stripe secret keys in any text)

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function guard(field: string, text: string) {
  if (/\b[rs]k_(live|test)_[A-Za-z0-9]{8,}/.test(text)) {
    throw fail('leak_refused', `${field} refused: it contains what looks like a Stripe secret key. Never paste API keys into SAQ Desk; remove it and roll the key in the Stripe Dashboard.`, field);
  }
  for (const m of text.matchAll(/\d[\d -]{11,22}\d/g)) {
    const digits = m[0].replace(/\D/g, '');
    for (let len = 19; len >= 13; len--) {
      for (let i = 0; i + len <= digits.length; i++) {
        const cand = digits.slice(i, i + len);
        if (/^[2-6]/.test(cand) && luhn(cand)) {
          throw fail(
            'leak_refused',
            `${field} refused: it contains what looks like a card number (${cand.slice(0, 4)}…${cand.slice(-4)}). SAQ Desk never stores card numbers; remove it or keep only the last four digits.`,
            field,
          );
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// In-memory store

interface DB {
  merchants: Merchant[];
  assessments: Assessment[];
  responses: Map<string, Map<string, Response>>;
  confirmations: Map<string, Confirmation[]>;
  evidence: Evidence[];
  attestations: Map<string, Attestation>;
  previews: Map<string, { kind: 'image' | 'text' | 'none'; data: string }>;
}

const db: DB = {
  merchants: [],
  assessments: [],
  responses: new Map(),
  confirmations: new Map(),
  evidence: [],
  attestations: new Map(),
  previews: new Map(),
};

const GUIDANCE_A: Record<string, string[]> = {
  '2.2.2': ['Covers the server that hosts your checkout page, not Stripe’s systems.'],
  '6.3.1': ['Load Stripe.js directly from js.stripe.com and never self-host or bundle it, so Stripe’s security fixes reach your page at once.'],
  '6.3.3': ['Load Stripe.js directly from js.stripe.com and never self-host or bundle it, so Stripe’s security fixes reach your page at once.'],
  '8.2.1': ['Give every person their own Stripe Dashboard login (Settings → Team) instead of sharing one account.'],
  '8.3.1': ['Require two-step authentication for every Stripe Dashboard user.'],
  '11.3.2': ['Scan the web server that serves the page embedding Stripe Elements or redirecting to Checkout; Stripe’s own systems are outside your scope.'],
  '12.8.1': ['List Stripe as the provider that processes card payments for you, plus every provider that can change your payment page (hosting, CDN, e-commerce platform).'],
  '12.8.4': ['Stripe publishes its PCI DSS Attestation of Compliance; download the current one from the Stripe Dashboard each year and attach it here.'],
};

function snapshotFor(saq: Saq) {
  const requirements = saq.requirements.map((id) => REQ.get(id)!).filter(Boolean);
  const principals = data.principals.filter((p) => requirements.some((r) => r.principal === p.id));
  return { questionnaire: data.questionnaire.name, version: data.questionnaire.version, saq: clone(saq), principals, requirements: clone(requirements) };
}

function emptyResponse(id: string): Response {
  return {
    requirement_id: id,
    response: null,
    notes: '',
    owner: '',
    explanation: '',
    remediation_plan: '',
    remediation_date: null,
    legal_restriction: '',
    ccw: null,
    carried_forward: false,
    review_needed: false,
    updated_by: '',
    updated_at: null,
  };
}

function addMerchant(profile: MerchantProfile): Merchant {
  const m = { id: newId(), ...clone(profile) };
  db.merchants.push(m);
  return m;
}

function addAssessment(merchant: Merchant, year: number, saqId: string, scopeInput: ScopeInput | null, created: Date, previous: string | null = null): Assessment {
  const saq = saqById(saqId);
  const a: Assessment = {
    id: newId(),
    merchant_id: merchant.id,
    year,
    period_start: `${year}-01-01`,
    period_end: `${year}-12-31`,
    saq: saq.id,
    questionnaire: `${data.questionnaire.name} ${data.questionnaire.version}`,
    snapshot: snapshotFor(saq),
    scope: scopeInput ? { input: scopeInput, result: runScope(scopeInput) } : null,
    details: {
      channels_excluded: '',
      how_channels_handle_data: '',
      environment_description: '',
      segmentation_used: false,
      validated_products: '',
      qsa_involved: '',
      isa_involved: '',
    },
    status: 'draft',
    previous_id: previous,
    created_at: iso(created),
    updated_at: iso(created),
  };
  db.assessments.push(a);
  db.responses.set(a.id, new Map());
  db.confirmations.set(a.id, []);
  return a;
}

function setAnswer(a: Assessment, id: string, r: Partial<Response>, by = 'Dana Whitfield', at = daysAgo(3)) {
  const map = db.responses.get(a.id)!;
  map.set(id, { ...emptyResponse(id), ...map.get(id), ...r, requirement_id: id, updated_by: by, updated_at: iso(at) });
}

function addEvidenceRecord(a: Assessment, name: string, media: string, size: number, effective: Date, links: string[], extra: Partial<Evidence> = {}, preview?: { kind: 'image' | 'text' | 'none'; data: string }): Evidence {
  const e: Evidence = {
    id: newId(),
    assessment_id: a.id,
    file_name: name,
    media_type: media,
    size,
    sha256: fakeSha(name + a.id),
    added_at: iso(daysAgo(2)),
    added_by: 'Dana Whitfield',
    effective_date: dateOnly(effective),
    expires: null,
    description: '',
    revision_of: null,
    superseded_by: null,
    carried_from: null,
    removed_at: null,
    links,
    ...extra,
  };
  db.evidence.push(e);
  if (preview) db.previews.set(e.id, preview);
  return e;
}

const svgPreview = (title: string, lines: string[]) =>
  'data:image/svg+xml;charset=utf-8,' +
  encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" width="720" height="360" viewBox="0 0 720 360"><rect width="720" height="360" fill="#f6f8fa"/><rect width="720" height="44" fill="#635bff"/><text x="20" y="29" font-family="DejaVu Sans, sans-serif" font-size="17" fill="#fff">${title}</text>${lines
      .map(
        (l, i) =>
          `<rect x="20" y="${66 + i * 44}" width="680" height="36" rx="4" fill="#fff" stroke="#d0d7de"/><text x="34" y="${90 + i * 44}" font-family="DejaVu Sans, sans-serif" font-size="14" fill="#1f2328">${l}</text>`,
      )
      .join('')}</svg>`,
  );

function seed(mode: string) {
  if (mode === 'empty') return;

  // 1. Brightwater: last year attested, this year rolled forward and under way.
  const brightwater = addMerchant({
    legal_name: 'Brightwater Coffee Roasters Ltd',
    dba: 'Brightwater Coffee',
    address: '14 Harbour Street\nBristol BS1 4RN\nUnited Kingdom',
    website: 'https://brightwater.coffee',
    contact_name: 'Dana Whitfield',
    contact_title: 'Finance & Compliance Manager',
    contact_email: 'dana@brightwater.coffee',
    contact_phone: '+44 117 496 0321',
    business_description: 'Roasts and sells coffee beans and equipment online; subscriptions are billed through Stripe Checkout and Stripe Billing.',
    locations: [{ facility_type: 'Head office and roastery', count: 1, city_country: 'Bristol, United Kingdom' }],
    service_providers: [
      { name: 'Stripe', services: 'Payment processing' },
      { name: 'Shopify', services: 'E-commerce platform and hosting of the shop' },
    ],
  });
  const scopeA: ScopeInput = { methods: ['checkout', 'elements'], answers: { 'third-party-scripts': 'no', 'stores-card-data': 'no' }, declined: [] };
  const prev = addAssessment(brightwater, YEAR - 1, 'A', scopeA, daysAgo(420));
  const lastYear: Record<string, Partial<Response>> = {};
  const na = (explanation: string): Partial<Response> => ({ response: 'not-applicable', explanation });
  const ip = (notes: string, owner = 'Dana Whitfield'): Partial<Response> => ({ response: 'in-place', notes, owner });
  Object.assign(lastYear, {
    '2.2.2': ip('The shop runs on Shopify; our only admin accounts are named staff logins. No vendor default accounts exist.', 'Sam Okafor'),
    '3.1.1': na('We never print, write down or keep card data on paper; all card entry happens on Stripe Checkout.'),
    '3.2.1': na('No account data is stored anywhere in the business; Stripe stores it on our behalf.'),
    '6.3.1': ip('Shopify and Stripe handle platform vulnerabilities; we track theme and app advisories monthly.', 'Sam Okafor'),
    '6.3.3': ip('Shopify apps auto-update; theme reviewed monthly.', 'Sam Okafor'),
    '8.2.1': ip('Every staff member has their own Shopify and Stripe login.'),
    '8.2.2': ip('No shared accounts.'),
    '8.2.5': ip('Leaver checklist removes Shopify and Stripe access on the last day.'),
    '8.3.1': ip('Passwords plus two-step authentication on Shopify and Stripe.'),
    '8.3.5': ip('Invitations force the user to set their own password.'),
    '8.3.6': ip('Shopify enforces 12+ characters.'),
    '8.3.7': ip('Enforced by Shopify.'),
    '8.3.9': ip('MFA is on for every account, so periodic changes are not required.'),
    '9.4.1': na('No media with card data exists: we do not print or store card data.'),
    '9.4.1.1': na('No backups contain card data.'),
    '9.4.2': na('No media with card data exists.'),
    '9.4.3': na('No media with card data is ever sent offsite.'),
    '9.4.4': na('No media with card data exists.'),
    '9.4.6': na('No paper with card data is ever produced.'),
    '11.3.2': ip('Quarterly ASV scans of brightwater.coffee by SecureScan Ltd, all passed.', 'Sam Okafor'),
    '11.3.2.1': ip('Rescanned after the theme migration in June.', 'Sam Okafor'),
    '12.8.1': ip('Provider list kept in the compliance folder: Stripe, Shopify.'),
    '12.8.2': ip('Stripe Services Agreement and Shopify terms acknowledge their PCI DSS responsibility.'),
    '12.8.3': ip('Both providers checked for a current AOC before onboarding.'),
    '12.8.4': ip('Current AOCs downloaded in January.'),
    '12.8.5': ip('Responsibility matrix maintained (Stripe and Shopify versus us).'),
    '12.10.1': ip('Incident response plan v2 approved by the directors.'),
  });
  for (const [id, r] of Object.entries(lastYear)) setAnswer(prev, id, r, 'Dana Whitfield', daysAgo(380));
  for (const c of saqById('A').eligibility) db.confirmations.get(prev.id)!.push({ criterion_id: c.id, confirmed: true, by: 'Dana Whitfield', at: iso(daysAgo(370)) });
  prev.status = 'attested';
  db.attestations.set(prev.id, {
    id: newId(),
    assessment_id: prev.id,
    signatory_name: 'Oliver Brandt',
    signatory_title: 'Managing Director',
    signed_on: dateOnly(daysAgo(365)),
    compliance: 'compliant',
    acknowledgements: [],
    pdf_sha256: fakeSha('prev-pdf'),
    created_at: iso(daysAgo(365)),
    created_by: 'Dana Whitfield',
  });
  const aocOld = addEvidenceRecord(prev, 'stripe-aoc.pdf', 'application/pdf', 412_331, daysAgo(410), ['12.8.1', '12.8.2', '12.8.4']);
  const irpOld = addEvidenceRecord(prev, 'incident-response-plan-v2.pdf', 'application/pdf', 188_204, daysAgo(500), ['12.10.1']);

  const cur = addAssessment(brightwater, YEAR, 'A', scopeA, daysAgo(25), prev.id);
  for (const [id, r] of Object.entries(lastYear)) setAnswer(cur, id, { ...r, carried_forward: true, review_needed: true }, 'Dana Whitfield', daysAgo(25));
  const reviewed = ['2.2.2', '3.1.1', '3.2.1', '6.3.1', '6.3.3', '8.2.1', '8.2.2', '8.2.5', '9.4.1', '9.4.1.1', '9.4.2', '9.4.3', '9.4.4', '9.4.6'];
  for (const id of reviewed) setAnswer(cur, id, { review_needed: false }, 'Dana Whitfield', daysAgo(4));
  setAnswer(cur, '11.3.2', {
    response: 'not-in-place',
    review_needed: false,
    notes: 'The Q3 scan failed on an outdated TLS configuration of the marketing site that shares the domain.',
    remediation_plan: 'Move the marketing site to the shop’s hosting and rescan; SecureScan booked.',
    remediation_date: `${YEAR + 1}-01-31`,
    owner: 'Sam Okafor',
  });
  setAnswer(cur, '8.3.6', {
    response: 'in-place-ccw',
    review_needed: false,
    notes: 'The legacy wholesale portal still accepts 10-character passwords.',
    ccw: {
      constraints: 'The wholesale portal vendor cannot raise the minimum length before its Q2 release.',
      definition: 'Portal logins require a hardware key as a second factor and lock after five failures.',
      objective: '',
      identified_risk: '',
      validation: '',
      maintenance: '',
    },
  });
  db.responses.get(cur.id)!.set('12.8.4', { ...emptyResponse('12.8.4') });
  for (const c of saqById('A').eligibility.filter((c) => c.id !== 'A.7')) {
    db.confirmations.get(cur.id)!.push({ criterion_id: c.id, confirmed: true, by: 'Dana Whitfield', at: iso(daysAgo(20)) });
  }
  cur.details = {
    ...cur.details,
    how_channels_handle_data: 'E-commerce only: customers pay on Stripe Checkout (redirect from the Shopify shop); subscriptions renew through Stripe Billing. We never see card numbers.',
    environment_description: 'Shopify-hosted shop at brightwater.coffee; marketing site on a separate host; office laptops used for admin.',
  };
  addEvidenceRecord(cur, 'stripe-aoc.pdf', 'application/pdf', 412_331, daysAgo(410), ['12.8.1', '12.8.2', '12.8.4'], { carried_from: aocOld.id });
  addEvidenceRecord(cur, 'incident-response-plan-v2.pdf', 'application/pdf', 188_204, daysAgo(500), ['12.10.1'], { carried_from: irpOld.id });
  addEvidenceRecord(cur, 'asv-scan-q3-failed.pdf', 'application/pdf', 1_284_991, daysAgo(40), ['11.3.2'], { description: 'SecureScan Q3 report (failed: TLS 1.0 on marketing site)' });
  addEvidenceRecord(
    cur,
    'shopify-staff-accounts.png',
    'image/png',
    96_512,
    daysAgo(6),
    ['8.2.1', '8.2.2', '8.2.5'],
    { description: 'Shopify → Settings → Users, exported' },
    {
      kind: 'image',
      data: svgPreview('Staff accounts', ['Dana Whitfield · Owner · 2-step ✓', 'Sam Okafor · Staff · 2-step ✓', 'Priya Nair · Staff · 2-step ✓', 'Tom Hale · Staff (deactivated 3 Oct)']),
    },
  );
  addEvidenceRecord(cur, 'password-policy.txt', 'text/plain', 2_113, daysAgo(12), ['8.3.5', '8.3.6', '8.3.7'], {}, {
    kind: 'text',
    data: 'Brightwater Coffee — Password and login policy (v3)\n\n1. Every person has their own account; no shared logins.\n2. Passwords: at least 12 characters, letters and digits, not one of the last four.\n3. Two-step authentication is required on Shopify, Stripe and Google Workspace.\n4. New accounts get a one-time link; the user sets their own password.\n5. Leavers lose all access on their last working day (see leaver checklist).\n',
  });

  // 2. Harbour Lane Books: everything answered and confirmed — ready to attest.
  const harbour = addMerchant({
    legal_name: 'Harbour Lane Books LLP',
    dba: '',
    address: '2 Harbour Lane, Falmouth TR11 3AA, United Kingdom',
    website: 'https://harbourlanebooks.co.uk',
    contact_name: 'Ruth Pascoe',
    contact_title: 'Partner',
    contact_email: 'ruth@harbourlanebooks.co.uk',
    contact_phone: '',
    business_description: 'Independent bookshop selling online through Stripe Payment Links.',
    locations: [],
    service_providers: [{ name: 'Stripe', services: 'Payment processing' }],
  });
  const hb = addAssessment(harbour, YEAR, 'A', { methods: ['checkout'], answers: { 'stores-card-data': 'no' }, declined: [] }, daysAgo(60));
  for (const id of hb.snapshot.saq.requirements) setAnswer(hb, id, id.startsWith('9.') ? na('No paper or electronic media with card data exists.') : ip('In place; see evidence.'), 'Ruth Pascoe', daysAgo(9));
  for (const c of saqById('A').eligibility) db.confirmations.get(hb.id)!.push({ criterion_id: c.id, confirmed: true, by: 'Ruth Pascoe', at: iso(daysAgo(50)) });

  // 3. Northwind Outdoor: phone orders keyed into the Dashboard, barely started.
  const northwind = addMerchant({
    legal_name: 'Northwind Outdoor GmbH',
    dba: 'Northwind',
    address: 'Talstraße 8, 79102 Freiburg, Germany',
    website: 'https://northwind-outdoor.de',
    contact_name: 'Jonas Keller',
    contact_title: 'Head of Operations',
    contact_email: 'jonas.keller@northwind-outdoor.de',
    contact_phone: '+49 761 555 0142',
    business_description: 'Outdoor equipment; telephone orders from business customers are keyed into the Stripe Dashboard.',
    locations: [{ facility_type: 'Office and call desk', count: 1, city_country: 'Freiburg, Germany' }],
    service_providers: [{ name: 'Stripe', services: 'Payment processing' }],
  });
  const nw = addAssessment(
    northwind,
    YEAR,
    'C-VT',
    { methods: ['dashboard'], answers: { 'dashboard-shared-computer': 'no', 'dashboard-batch-entry': 'no', 'stores-card-data': 'no' }, declined: [] },
    daysAgo(8),
  );
  for (const id of nw.snapshot.saq.requirements.slice(0, 11)) setAnswer(nw, id, ip('Reviewed with IT.', 'Jonas Keller'), 'Jonas Keller', daysAgo(2));

  // 4. Lumen Prints: legacy Stripe.js v2 card fields on its own page, so SAQ A-EP, whose 4.2.1,
  // 6.2.4, 6.4.3 and 11.6.1 are answered bullet by bullet.
  const lumen = addMerchant({
    legal_name: 'Lumen Prints Ltd',
    dba: '',
    address: '14 Mill Street, Bristol BS1 4DJ, United Kingdom',
    website: 'https://lumenprints.co.uk',
    contact_name: 'Aisha Rahman',
    contact_title: 'Director',
    contact_email: 'aisha@lumenprints.co.uk',
    contact_phone: '',
    business_description: 'Art prints sold online; the checkout page still uses Stripe.js v2 card fields.',
    locations: [],
    service_providers: [{ name: 'Stripe', services: 'Payment processing' }],
  });
  const lp = addAssessment(lumen, YEAR, 'A-EP', { methods: ['stripejs-v2'], answers: { 'stores-card-data': 'no' }, declined: [] }, daysAgo(5));
  setAnswer(lp, '6.4.3', { response: null, bullets: ['in-place', 'in-place', null], notes: 'Scripts on /checkout are pinned with SRI hashes; the inventory is still being written.' }, 'Aisha Rahman', daysAgo(1));
  setAnswer(lp, '4.2.1', { response: 'in-place', bullets: ['in-place', 'in-place', 'in-place', 'in-place'], notes: 'TLS 1.2+ only at the CDN; certificates auto-renewed.' }, 'Aisha Rahman', daysAgo(1));
}

// ---------------------------------------------------------------------------------------------
// Status (port of src/store/status.rs evaluate)

function evaluate(a: Assessment): Status {
  const responses = db.responses.get(a.id)!;
  const confirmed = new Set(db.confirmations.get(a.id)!.filter((c) => c.confirmed).map((c) => c.criterion_id));
  const blockers: Blocker[] = [];
  const block = (item: string, code: string, message: string) => blockers.push({ item, code, message });
  for (const c of a.snapshot.saq.eligibility) {
    const applies = a.scope ? a.scope.result.eligibility.some((e) => e.id === c.id) || a.snapshot.saq.id !== a.scope.result.saq : true;
    if (applies && !confirmed.has(c.id)) block(c.id, 'eligibility_unconfirmed', `eligibility criterion not confirmed: ${c.text}`);
  }
  if (!a.details.how_channels_handle_data.trim()) block('AOC-2b', 'aoc_incomplete', 'AOC Part 2b is empty: describe how each payment channel stores, processes or transmits card data');
  if (!a.details.environment_description.trim()) block('AOC-2c', 'aoc_incomplete', 'AOC Part 2c is empty: describe the systems, networks and locations this assessment covers');
  const progress: Progress[] = a.snapshot.principals.map((p) => ({ principal: p.id, title: p.title, total: 0, answered: 0, in_place: 0, not_in_place: 0, review_needed: 0 }));
  let answered = 0;
  for (const req of a.snapshot.requirements) {
    const r = responses.get(req.id);
    const p = progress.find((x) => x.principal === req.principal);
    if (p) {
      p.total++;
      if (r?.response) {
        p.answered++;
        if (r.response === 'not-in-place') p.not_in_place++;
        if (r.response === 'in-place' || r.response === 'in-place-ccw') p.in_place++;
      }
      if (r?.review_needed) p.review_needed++;
    }
    if (!r) {
      block(req.id, 'unanswered', 'no response yet');
      continue;
    }
    if (r.review_needed) block(req.id, 'review_needed', 'carried forward from last year; review and save it');
    if (!r.response) {
      block(req.id, 'unanswered', 'no response yet');
      continue;
    }
    answered++;
    for (const k of usedKinds({ response: r.response, bullets: r.bullets ?? [] })) {
      if (k === 'not-applicable' && !r.explanation.trim()) block(req.id, 'explanation_missing', 'Not Applicable needs an explanation (Appendix C)');
      else if (k === 'not-tested' && !r.explanation.trim()) block(req.id, 'explanation_missing', 'Not Tested needs a description of what was not tested and why (Appendix D)');
      else if (k === 'not-tested' && !a.snapshot.saq.responses.includes('not-tested')) block(req.id, 'not_tested_not_allowed', `Not Tested is not an option in SAQ ${a.saq}`);
      else if (k === 'in-place-ccw') {
        const ccw = r.ccw ?? { constraints: '', definition: '', objective: '', identified_risk: '', validation: '', maintenance: '' };
        const missing = Object.entries(ccw)
          .filter(([, v]) => !String(v).trim())
          .map(([key]) => `ccw.${key}`);
        if (missing.length) block(req.id, 'ccw_incomplete', `the Compensating Controls Worksheet lacks: ${missing.join(', ')}`);
      } else if (k === 'not-in-place' && !r.remediation_date) block(req.id, 'remediation_date_missing', 'Not in Place needs a target date for remediation');
    }
    if (req.future_dated && usedKinds({ response: r.response, bullets: r.bullets ?? [] }).includes('not-applicable') && r.explanation.toLowerCase().includes('future')) {
      block(req.id, 'future_dated_na', 'since 31 March 2025 a requirement cannot be Not Applicable just for being future-dated');
    }
  }
  const nip = [...responses.values()].filter((r) => r.response === 'not-in-place');
  const compliance: Compliance = nip.length === 0 ? 'compliant' : nip.every((r) => r.legal_restriction.trim()) ? 'compliant-with-legal-exception' : 'non-compliant';
  const ready = blockers.length === 0;
  return {
    assessment_id: a.id,
    saq: a.saq,
    status: a.status === 'attested' ? 'attested' : ready ? 'ready' : 'draft',
    total: a.snapshot.requirements.length,
    answered,
    progress,
    blockers,
    compliance,
    ready,
  };
}

// ---------------------------------------------------------------------------------------------
// Commands

function assessment(id: string): Assessment {
  // Demo convenience: "brightwater-2026" (first word of the merchant's name and the year) also works.
  const alias = (x: Assessment) => `${(db.merchants.find((m) => m.id === x.merchant_id)?.legal_name ?? '').split(' ')[0].toLowerCase()}-${x.year}`;
  const a = db.assessments.find((x) => x.id === id || x.id.startsWith(id) || alias(x) === id.toLowerCase());
  if (!a) throw fail('not_found', `assessment '${id}' not found`);
  return a;
}

function ensureOpen(a: Assessment) {
  if (a.status === 'attested') throw fail('frozen', `assessment ${a.id} is attested; its answers are frozen (roll it forward to start the next year)`);
}

const stale = (a: Assessment) =>
  db.evidence
    .filter((e) => e.assessment_id === a.id && !e.removed_at && !e.superseded_by)
    .filter((e) => new Date(e.effective_date ?? e.added_at).getTime() < daysAgo(365).getTime())
    .map((e) => e.id);

function viewOf(a: Assessment): AssessmentView {
  return clone({
    assessment: a,
    merchant: db.merchants.find((m) => m.id === a.merchant_id)!,
    responses: [...db.responses.get(a.id)!.values()],
    confirmations: db.confirmations.get(a.id)!,
    evidence: db.evidence.filter((e) => e.assessment_id === a.id && !e.removed_at && !e.superseded_by),
    stale_evidence: stale(a),
    status: evaluate(a),
    attestation: db.attestations.get(a.id) ?? null,
    guidance: a.saq === 'A' ? GUIDANCE_A : {},
  });
}

function summary(a: Assessment): AssessmentSummary {
  const s = evaluate(a);
  return {
    id: a.id,
    merchant_id: a.merchant_id,
    merchant_name: db.merchants.find((m) => m.id === a.merchant_id)?.legal_name ?? '',
    year: a.year,
    saq: a.saq,
    status: a.status === 'attested' ? a.status : s.status,
    answered: s.answered,
    total: s.total,
    created_at: a.created_at,
    updated_at: a.updated_at,
    attested_on: db.attestations.get(a.id)?.signed_on ?? null,
    previous_id: a.previous_id,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DEMO_DIR = '/home/dana/Documents/SAQ Desk';
const sample = ['firewall-rules-review.pdf', 'asv-scan-q4-passed.pdf', 'screenshot-2fa-settings.png'];

type Args = Record<string, unknown>;

async function handle(cmd: string, args: Args): Promise<unknown> {
  switch (cmd) {
    case 'app_info':
      return {
        version: '0.1.0 (demo)',
        db_path: '/home/dana/.local/share/saqdesk/saqdesk.db',
        read_only: false,
        questionnaire: `${data.questionnaire.name} ${data.questionnaire.version}`,
        saqs: data.saqs.map((s) => ({ saq: s.id, name: s.name, requirements: s.requirements.length, summary: s.summary })),
      } satisfies AppInfo;
    case 'scoping_rules':
      return clone(rules);
    case 'scope':
      await sleep(60);
      return runScope(args.input as ScopeInput);
    case 'list_merchants':
      return clone(db.merchants);
    case 'save_merchant': {
      const profile = args.profile as MerchantProfile;
      if (!profile.legal_name?.trim()) throw fail('invalid', 'legal_name: the merchant’s legal name is required', 'legal_name');
      if (profile.contact_email && !profile.contact_email.includes('@')) throw fail('invalid', 'contact_email: not an e-mail address', 'contact_email');
      for (const [k, v] of Object.entries(profile)) if (typeof v === 'string') guard(k, v);
      const id = args.id as string | null;
      const existing = db.merchants.find((m) => (id ? m.id === id : m.legal_name === profile.legal_name));
      if (existing) {
        Object.assign(existing, clone(profile));
        return clone(existing);
      }
      return clone(addMerchant(profile));
    }
    case 'list_assessments':
      return db.assessments
        .map(summary)
        .sort((a, b) => a.merchant_name.localeCompare(b.merchant_name) || b.year - a.year);
    case 'create_assessment': {
      const merchant = db.merchants.find((m) => m.id === args.merchant || m.legal_name === args.merchant);
      if (!merchant) throw fail('not_found', `merchant '${String(args.merchant)}' not found`);
      const input = args.scope as ScopeInput | null;
      const saq = (args.saq as string | null) ?? (input ? runScope(input).saq : null);
      if (!saq) throw fail('invalid', 'saq: name the SAQ, or give the scoping answers that decide it', 'saq');
      return clone(addAssessment(merchant, Number(args.year), saq, input, now));
    }
    case 'open_assessment':
      await sleep(80);
      return viewOf(assessment(args.id as string));
    case 'answer': {
      const a = assessment(args.id as string);
      ensureOpen(a);
      const req = args.requirement as string;
      if (!a.snapshot.requirements.some((r) => r.id === req)) throw fail('invalid', `requirement: '${req}' is not a requirement of SAQ ${a.saq}`, 'requirement');
      const input = args.input as AnswerInput;
      if (input.response && !a.snapshot.saq.responses.includes(input.response)) throw fail('invalid', `response: not an option in SAQ ${a.saq}`, 'response');
      const map = db.responses.get(a.id)!;
      const next: Response = { ...emptyResponse(req), ...clone(map.get(req) ?? {}) };
      const count = a.snapshot.requirements.find((r) => r.id === req)?.bullets.length ?? 0;
      for (const b of input.bullets ?? []) {
        if (count === 0) throw fail('invalid', `bullets: ${req} is answered as a whole: the form gives it no bullets to answer one by one`, 'bullets');
        if (b.bullet < 1 || b.bullet > count) throw fail('invalid', `bullets: ${req} has ${count} bullets, numbered 1 to ${count}; there is no bullet ${b.bullet}`, 'bullets');
      }
      if (count > 0) {
        let bullets = bulletResponses(next, count);
        if (input.response) bullets = bullets.map(() => input.response as ResponseKind);
        for (const b of input.bullets ?? []) bullets[b.bullet - 1] = b.response;
        next.bullets = bullets;
        next.response = combineBullets(bullets);
      } else if (input.response) next.response = input.response as ResponseKind;
      for (const k of ['notes', 'owner', 'explanation', 'remediation_plan', 'legal_restriction'] as const) if (input[k] !== undefined) next[k] = String(input[k]).trim();
      if (input.remediation_date !== undefined) next.remediation_date = input.remediation_date;
      if (input.ccw !== undefined) next.ccw = input.ccw;
      for (const k of ['notes', 'owner', 'explanation', 'remediation_plan', 'legal_restriction'] as const) guard(k, next[k]);
      if (next.ccw) for (const [k, v] of Object.entries(next.ccw)) guard(`ccw.${k}`, v);
      next.review_needed = false;
      next.updated_by = 'Dana Whitfield';
      next.updated_at = iso(new Date());
      await sleep(120);
      map.set(req, next);
      a.updated_at = iso(new Date());
      return { response: clone(next), status: evaluate(a) };
    }
    case 'review': {
      const a = assessment(args.id as string);
      ensureOpen(a);
      const r = db.responses.get(a.id)!.get(args.requirement as string);
      if (r) r.review_needed = false;
      return evaluate(a);
    }
    case 'confirm': {
      const a = assessment(args.id as string);
      ensureOpen(a);
      const id = args.criterion as string;
      if (!a.snapshot.saq.eligibility.some((c) => c.id === id)) throw fail('invalid', `criterion: '${id}' is not an eligibility criterion of SAQ ${a.saq}`, 'criterion');
      const list = db.confirmations.get(a.id)!.filter((c) => c.criterion_id !== id);
      list.push({ criterion_id: id, confirmed: Boolean(args.confirmed), by: 'Dana Whitfield', at: iso(new Date()) });
      db.confirmations.set(a.id, list);
      return evaluate(a);
    }
    case 'set_details': {
      const a = assessment(args.id as string);
      ensureOpen(a);
      const d = args.details as Assessment['details'];
      for (const [k, v] of Object.entries(d)) if (typeof v === 'string') guard(k, v);
      a.details = clone(d);
      await sleep(100);
      return clone(a);
    }
    case 'pick_evidence':
      await sleep(150);
      return [`/home/dana/Documents/PCI/${sample[Math.floor(Math.random() * sample.length)]}`];
    case 'add_evidence': {
      const a = assessment(args.id as string);
      ensureOpen(a);
      const path = args.path as string;
      const name = path.split(/[\\/]/).pop() ?? path;
      guard('file_name', name);
      const meta = (args.meta ?? {}) as { effective_date?: string | null; description?: string };
      const media = name.endsWith('.png') ? 'image/png' : name.endsWith('.pdf') ? 'application/pdf' : name.endsWith('.txt') ? 'text/plain' : 'application/octet-stream';
      await sleep(200);
      return clone(
        addEvidenceRecord(a, name, media, 50_000 + Math.floor(Math.random() * 900_000), meta.effective_date ? new Date(meta.effective_date) : new Date(), [...(args.items as string[])], {
          description: meta.description ?? '',
          added_at: iso(new Date()),
        }),
      );
    }
    case 'evidence_preview': {
      const e = db.evidence.find((x) => x.id === args.evidenceId);
      if (!e) throw fail('not_found', 'evidence not found');
      const p = db.previews.get(e.id);
      return { media_type: e.media_type, kind: p?.kind ?? 'none', data: p?.data ?? '' };
    }
    case 'link_evidence': {
      const e = db.evidence.find((x) => x.id === args.evidenceId);
      if (!e) throw fail('not_found', 'evidence not found');
      const a = assessment(e.assessment_id);
      ensureOpen(a);
      const item = args.item as string;
      if (args.linked) {
        if (!a.snapshot.requirements.some((r) => r.id === item) && !a.snapshot.saq.eligibility.some((c) => c.id === item)) throw fail('invalid', `requirement: '${item}' is not in SAQ ${a.saq}`, 'requirement');
        if (!e.links.includes(item)) e.links = [...e.links, item].sort();
      } else {
        if (e.links.length === 1 && e.links[0] === item) throw fail('invalid', 'requirement: evidence must stay linked to at least one requirement; remove the file instead', 'requirement');
        e.links = e.links.filter((l) => l !== item);
      }
      return clone(e);
    }
    case 'remove_evidence': {
      const e = db.evidence.find((x) => x.id === args.evidenceId);
      if (!e) throw fail('not_found', 'evidence not found');
      ensureOpen(assessment(e.assessment_id));
      e.removed_at = iso(new Date());
      return null;
    }
    case 'replace_evidence': {
      const old = db.evidence.find((x) => x.id === args.evidenceId);
      if (!old) throw fail('not_found', 'evidence not found');
      const a = assessment(old.assessment_id);
      ensureOpen(a);
      const path = args.path as string;
      const name = path.split(/[\\/]/).pop() ?? path;
      const next = addEvidenceRecord(a, name, old.media_type, old.size + 1024, new Date(old.effective_date ?? old.added_at), [...old.links], {
        revision_of: old.id,
        description: old.description,
        added_at: iso(new Date()),
      });
      old.superseded_by = next.id;
      await sleep(200);
      return clone(next);
    }
    case 'status':
      return evaluate(assessment(args.id as string));
    case 'attest': {
      const a = assessment(args.id as string);
      ensureOpen(a);
      const input = args.input as { name: string; title: string; signed_on?: string | null };
      if (!input.name?.trim()) throw fail('invalid', 'name: the signatory’s name is required', 'name');
      if (!input.title?.trim()) throw fail('invalid', 'title: the signatory’s title is required', 'title');
      const s = evaluate(a);
      if (s.blockers.length) throw fail('blocked', `cannot attest: ${s.blockers.length} blocking problem(s), first: ${s.blockers[0].item} — ${s.blockers[0].message}`);
      await sleep(300);
      const att: Attestation = {
        id: newId(),
        assessment_id: a.id,
        signatory_name: input.name,
        signatory_title: input.title,
        signed_on: input.signed_on ?? dateOnly(new Date()),
        compliance: s.compliance,
        acknowledgements: [],
        pdf_sha256: null,
        created_at: iso(new Date()),
        created_by: 'Dana Whitfield',
      };
      db.attestations.set(a.id, att);
      a.status = 'attested';
      return clone(att);
    }
    case 'export_report':
    case 'export_bundle': {
      const a = assessment(args.id as string);
      const m = db.merchants.find((x) => x.id === a.merchant_id)!;
      const ext = cmd === 'export_bundle' ? 'zip' : (args.format as string);
      await sleep(cmd === 'export_bundle' ? 2200 : 1400);
      const base = `${m.legal_name.replace(/[^A-Za-z0-9]+/g, '-')}-SAQ-${a.saq}-${a.year}`;
      return { path: `${DEMO_DIR}/${base}${cmd === 'export_bundle' ? '-qsa-bundle' : ''}.${ext}`, sha256: fakeSha(base + ext + Date.now()), bytes: cmd === 'export_bundle' ? 3_912_448 : 684_220 };
    }
    case 'reveal':
    case 'open_path':
      return null;
    case 'roll_forward': {
      const prev = assessment(args.id as string);
      const year = (args.year as number | null) ?? prev.year + 1;
      if (year <= prev.year) throw fail('invalid', `year: the new assessment's year must come after ${prev.year}`, 'year');
      const m = db.merchants.find((x) => x.id === prev.merchant_id)!;
      const a = addAssessment(m, year, prev.saq, prev.scope?.input ?? null, new Date(), prev.id);
      let carried = 0;
      for (const r of db.responses.get(prev.id)!.values()) {
        db.responses.get(a.id)!.set(r.requirement_id, { ...clone(r), carried_forward: true, review_needed: true });
        carried++;
      }
      const ev = db.evidence.filter((e) => e.assessment_id === prev.id && !e.removed_at);
      for (const e of ev) addEvidenceRecord(a, e.file_name, e.media_type, e.size, new Date(e.effective_date ?? e.added_at), [...e.links], { carried_from: e.id });
      await sleep(400);
      return clone({
        assessment: a,
        previous_id: prev.id,
        carried_answers: carried,
        carried_evidence: ev.length,
        stale_evidence: stale(a),
        diff: { from_version: `PCI DSS v4.0.1 SAQ ${prev.saq}`, to_version: `PCI DSS v4.0.1 SAQ ${a.saq}`, added: [], removed: [], changed: [] },
      });
    }
    case 'delete_assessment': {
      const a = assessment(args.id as string);
      db.assessments = db.assessments.filter((x) => x.id !== a.id);
      await sleep(300);
      return `/home/dana/.local/share/saqdesk/backups/saqdesk-${dateOnly(new Date())}-before-delete.db`;
    }
    case 'sweep_on_start':
      return null;
    case 'history':
      return [];
    default:
      throw fail('unknown', `the demo does not know the command '${cmd}'`);
  }
}

export function installDemo(mode = 'full') {
  seed(mode);
  mockWindows('main');
  mockIPC((cmd, payload) => handle(cmd, (payload ?? {}) as Args), { shouldMockEvents: true });
}

/** Fills the wizard with a realistic set of answers (for ?demo&view=wizard&preset=…&step=…). */
export function applyWizardPreset(ws: WizardState, preset: string) {
  ws.profile = {
    legal_name: 'Alpine Trail Gear AG',
    dba: 'Alpine Trail',
    address: 'Bahnhofstrasse 21, 8001 Zürich, Switzerland',
    website: 'https://alpinetrail.ch',
    contact_name: 'Mara Steiner',
    contact_title: 'CFO',
    contact_email: 'mara.steiner@alpinetrail.ch',
    contact_phone: '+41 44 555 01 20',
    business_description: 'Sells hiking equipment online and takes phone orders from clubs.',
    locations: [{ facility_type: 'Head office', count: 1, city_country: 'Zürich, Switzerland' }],
    service_providers: [{ name: 'Stripe', services: 'Payment processing' }],
  };
  if (preset === 'multi') {
    ws.methods = ['elements', 'dashboard'];
    ws.answers = { 'third-party-scripts': 'no', 'dashboard-shared-computer': 'no', 'stores-card-data': 'no' };
    return;
  }
  ws.methods = ['checkout', 'elements'];
  ws.answers = { 'third-party-scripts': 'no', 'stores-card-data': 'no' };
  ws.decisions = { 'A.1': 'confirm', 'A.2': 'confirm', 'A.3': 'confirm', 'A.4': 'confirm' };
  if (preset === 'declined') ws.decide(saqById('A').eligibility.find((c) => c.id === 'A.7')!, 'decline');
}
