// A small, hand-made AssessmentView (SAQ A, four requirements) shared by the tests.

import type { AssessmentView, Criterion, Evidence, Question, Requirement, Response, Route, ScopeResult, ScopingRules, Status } from '../src/lib/api';

export const requirements: Requirement[] = [
  {
    id: '8.2.1',
    principal: '8',
    section: '8.2',
    title: 'Every user has a unique ID',
    description: 'Each person is given their own user ID.',
    testing: ['examine', 'interview'],
    future_dated: false,
    evidence: ['User list export'],
    bullets: [],
  },
  {
    id: '8.3.6',
    principal: '8',
    section: '8.3',
    title: 'Passwords have 12+ characters',
    description: 'Where passwords are used they are long.',
    testing: ['examine'],
    future_dated: true,
    evidence: ['Password policy'],
    bullets: [],
  },
  {
    id: '12.8.1',
    principal: '12',
    section: '12.8',
    title: 'A list of service providers is kept',
    description: 'The business maintains a list of every third-party service provider.',
    testing: ['examine'],
    future_dated: false,
    evidence: ['Provider list'],
    bullets: [],
  },
  {
    id: '12.8.4',
    principal: '12',
    section: '12.8',
    title: 'Provider compliance is checked every year',
    description: 'At least once a year the business checks each provider still meets PCI DSS.',
    testing: ['examine', 'interview'],
    future_dated: false,
    evidence: ['Current attestations of compliance'],
    bullets: [],
  },
];

export const criterionA1: Criterion = {
  id: 'A.1',
  applies_to: 'all',
  text: 'You accept card payments only when the card is not present.',
  on_decline: { escalate_to: 'D', ask_qsa: false, why: 'SAQ A does not cover face-to-face payments.' },
};
export const criterionA7: Criterion = {
  id: 'A.7',
  applies_to: 'ecommerce',
  text: 'Your website is not open to script attacks.',
  on_decline: { escalate_to: 'A-EP', ask_qsa: true, why: 'Control scripts on the payment page or move to SAQ A-EP.' },
};

export function response(id: string, r: Partial<Response> = {}): Response {
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
    updated_by: 'Tester',
    updated_at: '2026-11-01T10:00:00Z',
    ...r,
  };
}

export function status(over: Partial<Status> = {}): Status {
  return {
    assessment_id: 'a1',
    saq: 'A',
    status: 'draft',
    total: 4,
    answered: 2,
    progress: [
      { principal: '8', title: 'Identify users', total: 2, answered: 1, in_place: 1, not_in_place: 0, review_needed: 0 },
      { principal: '12', title: 'Policies', total: 2, answered: 1, in_place: 0, not_in_place: 1, review_needed: 1 },
    ],
    blockers: [],
    compliance: 'non-compliant',
    ready: false,
    warnings: [],
    ...over,
  };
}

export function evidence(id: string, links: string[], over: Partial<Evidence> = {}): Evidence {
  return {
    id,
    assessment_id: 'a1',
    file_name: `${id}.pdf`,
    media_type: 'application/pdf',
    size: 2048,
    sha256: 'ab'.repeat(32),
    added_at: '2026-10-01T10:00:00Z',
    added_by: 'Tester',
    effective_date: '2026-10-01',
    expires: null,
    description: '',
    revision_of: null,
    superseded_by: null,
    carried_from: null,
    removed_at: null,
    links,
    ...over,
  };
}

export function view(over: Partial<AssessmentView> = {}): AssessmentView {
  const v: AssessmentView = {
    assessment: {
      id: 'a1',
      merchant_id: 'm1',
      year: 2026,
      period_start: '2026-01-01',
      period_end: '2026-12-31',
      saq: 'A',
      questionnaire: 'PCI DSS v4.0.1',
      snapshot: {
        questionnaire: 'PCI DSS',
        version: 'v4.0.1',
        saq: {
          id: 'A',
          name: 'SAQ A',
          version: 'v4.0.1 r1',
          published: '2025-01',
          source: '',
          summary: 'For remote-only merchants.',
          channels: ['ecommerce', 'moto'],
          responses: ['in-place', 'in-place-ccw', 'not-applicable', 'not-in-place'],
          part4_rows: [],
          eligibility: [criterionA1, criterionA7],
          requirements: requirements.map((r) => r.id),
          notes: [{ requirement: '8.2.1', text: 'Applies to your web server accounts.' }],
        },
        principals: [
          { id: '8', title: 'Identify users' },
          { id: '12', title: 'Policies' },
        ],
        requirements,
      },
      scope: null,
      details: {
        channels_excluded: '',
        how_channels_handle_data: '',
        environment_description: '',
        segmentation_used: false,
        validated_products: '',
        channel_roles: [],
        uses_validated_products: null,
        products: [],
        providers_handle_account_data: null,
        providers_manage_components: null,
        providers_could_affect_security: null,
        isa_names: [],
        qsa: { company_name: '', mailing_address: '', website: '', lead_assessor: '', phone: '', email: '', certificate_number: '' },
        qsa_performed_testing: false,
        qsa_assistance: '',
        isa_performed_testing: false,
        isa_assistance: '',
        qsa_involved: '',
        isa_involved: '',
      },
      status: 'draft',
      previous_id: null,
      created_at: '2026-10-01T10:00:00Z',
      updated_at: '2026-10-01T10:00:00Z',
      channels: [],
      saqs: [{ saq: 'A', channels: [], status: 'draft' }],
    },
    merchant: {
      id: 'm1',
      legal_name: 'Test Merchant Ltd',
      dba: '',
      address: '',
      website: '',
      contact_name: '',
      contact_title: '',
      contact_email: '',
      contact_phone: '',
      business_description: '',
      locations: [],
      service_providers: [],
    },
    responses: [
      response('8.2.1', { response: 'in-place' }),
      response('12.8.1', { response: 'not-in-place', review_needed: true, carried_forward: true }),
    ],
    confirmations: [],
    evidence: [evidence('e1', ['8.2.1'])],
    stale_evidence: [],
    status: status(),
    attestation: null,
    guidance: { '8.2.1': ['Give every person their own Stripe Dashboard login.'] },
    saqs: [],
    ...over,
  };
  // One SAQ, seen the way the core lists it, unless the test gives its own.
  if (!over.saqs) {
    v.saqs = [
      {
        saq: v.assessment.saq,
        channels: v.assessment.channels,
        snapshot: v.assessment.snapshot,
        details: v.assessment.details,
        status: v.status,
        attestation: v.attestation,
        responses: v.responses,
      },
    ];
  }
  return v;
}

export const rules: ScopingRules = {
  questionnaire: 'pci-dss-v4.0.1',
  fallback: 'D',
  routes: {
    separation_question: 'channels-separated',
    per_channel: { who_asks: 'Stripe prepares one SAQ per channel.' },
    covering: { who_asks: 'An acquirer that wants a single form.' },
  },
  methods: [
    { id: 'checkout', label: 'Stripe Checkout', explain: 'Hosted by Stripe.', channel: 'ecommerce', saq: 'A', why: 'Outsourced.', warning: null },
    { id: 'elements', label: 'Stripe Elements', explain: 'Iframes served by Stripe.', channel: 'ecommerce', saq: 'A', why: 'Iframes.', warning: null },
    { id: 'terminal', label: 'Stripe Terminal', explain: 'Card readers.', channel: 'card-present', saq: 'C', why: 'Terminal.', warning: null },
  ],
  questions: [
    question({ id: 'third-party-scripts', ask: 'Does the payment page load third-party scripts?', methods: ['elements'], criterion: 'A.7', why: 'Scripts could tamper with the form.' }),
    question({
      id: 'scripts-managed',
      ask: 'Are those scripts listed and watched?',
      methods: ['elements'],
      only_if: { 'third-party-scripts': 'yes' },
      triggers_on: 'no',
      saq: 'A-EP',
      criterion: 'A.7',
      ask_qsa: true,
      why: 'FAQ 1588.',
    }),
    question({ id: 'terminal-connected', ask: 'Is the reader connected to other systems?', methods: ['terminal'], saq: 'D', why: 'Segmentation.' }),
    question({ id: 'channels-separated', ask: 'Are the channels kept apart from each other?', methods: ['elements', 'terminal'], min_channels: 2, triggers_on: 'no', why: 'PCI SSC FAQ.' }),
  ],
};

export function question(q: Partial<Question> & Pick<Question, 'id' | 'ask' | 'methods' | 'why'>): Question {
  return { only_if: {}, min_channels: 0, triggers_on: 'yes', saq: null, channel: null, criterion: null, ask_qsa: false, warning: null, ...q };
}

export function route(kind: Route['kind'], saqs: string[], over: Partial<Route> = {}): Route {
  return { kind, saqs, who_asks: kind === 'per-channel' ? 'Stripe prepares one SAQ per channel.' : 'An acquirer that wants a single form.', valid: true, why: `${saqs.join(' + ')}.`, pending: [], ...over };
}

export function scopeResult(saq: string, over: Partial<ScopeResult> = {}): ScopeResult {
  return {
    saq,
    per_channel: [{ channel: 'ecommerce', methods: ['elements'], saq, eligibility: [] }],
    rationale: [`Stripe Elements → SAQ ${saq}`],
    eligibility: [],
    escalations: [],
    ask_qsa: false,
    unanswered: [],
    asked: ['third-party-scripts'],
    routes: [route('per-channel', [saq]), route('covering', [saq])],
    recommended: 'covering',
    warnings: [],
    ...over,
  };
}

// ---- One assessment, two SAQs: SAQ A (e-commerce) and SAQ C (card-present) ------------------
// 8.2.1 is shared and answered once; 12.8.1 is answered separately (N/A for A, In Place for C);
// 3.2.1 only SAQ A has; 1.3.1 only SAQ C has (unanswered).

export const req321: Requirement = {
  id: '3.2.1',
  principal: '3',
  section: '3.2',
  title: 'Stored account data is kept to a minimum',
  description: 'Keep as little account data as possible.',
  testing: ['examine'],
  future_dated: false,
  evidence: [],
  bullets: [],
};
export const req131: Requirement = {
  id: '1.3.1',
  principal: '1',
  section: '1.3',
  title: 'Inbound traffic to the CDE is limited',
  description: 'Only traffic that is needed reaches the cardholder data environment.',
  testing: ['examine'],
  future_dated: false,
  evidence: [],
  bullets: [],
};
export const criterionC1: Criterion = {
  id: 'C.1',
  applies_to: 'all',
  text: 'Your payment application and Internet connection sit on one device or local network.',
  on_decline: { escalate_to: 'D', ask_qsa: false, why: 'SAQ C needs that.' },
};

export function multiView(over: { attestedA?: boolean } = {}): AssessmentView {
  const base = view();
  const reqs = (ids: string[]) => ids.map((id) => [...requirements, req321, req131].find((r) => r.id === id)!);
  const snapA = {
    ...base.assessment.snapshot,
    saq: { ...base.assessment.snapshot.saq, id: 'A', name: 'SAQ A', channels: ['ecommerce' as const], requirements: ['3.2.1', '8.2.1', '12.8.1'] },
    principals: [
      { id: '3', title: 'Protect stored data' },
      { id: '8', title: 'Identify users' },
      { id: '12', title: 'Policies' },
    ],
    requirements: reqs(['3.2.1', '8.2.1', '12.8.1']),
  };
  const snapC = {
    ...base.assessment.snapshot,
    saq: {
      ...base.assessment.snapshot.saq,
      id: 'C',
      name: 'SAQ C',
      channels: ['card-present' as const],
      eligibility: [criterionC1],
      requirements: ['1.3.1', '8.2.1', '12.8.1'],
      notes: [{ requirement: '8.2.1', text: 'Not aimed at the login of a point-of-sale terminal.' }],
    },
    principals: [
      { id: '1', title: 'Network security' },
      { id: '8', title: 'Identify users' },
      { id: '12', title: 'Policies' },
    ],
    requirements: reqs(['1.3.1', '8.2.1', '12.8.1']),
  };
  const shared = response('8.2.1', { response: 'in-place' });
  const ownA = response('12.8.1', { response: 'not-applicable', explanation: 'No providers online.', saq: 'A' });
  const ownC = response('12.8.1', { response: 'in-place', saq: 'C' });
  const aOnly = response('3.2.1', { response: 'in-place' });
  const details = base.assessment.details;
  const attestation = over.attestedA
    ? {
        id: 't1',
        assessment_id: 'a1',
        signatory_name: 'Ruth Pascoe',
        signatory_title: 'Partner',
        signed_on: '2026-11-10',
        compliance: 'compliant' as const,
        acknowledgements: [],
        pdf_sha256: null,
        created_at: '2026-11-10T10:00:00Z',
        created_by: 'Ruth',
        saq: 'A',
      }
    : null;
  const statusA = status({ saq: 'A', total: 3, answered: 3, progress: [], status: over.attestedA ? 'attested' : 'ready', ready: true, compliance: 'compliant' });
  const statusC = status({
    saq: 'C',
    total: 3,
    answered: 2,
    progress: [],
    blockers: [
      { item: 'C.1', code: 'eligibility_unconfirmed', message: 'eligibility criterion not confirmed: one device' },
      { item: '1.3.1', code: 'unanswered', message: 'no response yet' },
    ],
    compliance: 'compliant',
  });
  const partA = { saq: 'A', channels: ['ecommerce' as const], snapshot: snapA, details, status: statusA, attestation, responses: [aOnly, shared, ownA] };
  const partC = { saq: 'C', channels: ['card-present' as const], snapshot: snapC, details: { ...details }, status: statusC, attestation: null, responses: [shared, ownC] };
  return {
    ...base,
    assessment: {
      ...base.assessment,
      saq: 'A',
      snapshot: snapA,
      status: over.attestedA ? 'attested' : 'draft',
      channels: ['ecommerce'],
      saqs: [
        { saq: 'A', channels: ['ecommerce'], status: statusA.status },
        { saq: 'C', channels: ['card-present'], status: 'draft' },
      ],
    },
    responses: [...partA.responses],
    status: { ...statusA },
    attestation,
    evidence: [],
    saqs: [partA, partC],
  };
}
