// Scenario 1, the flow of the issue: a merchant taking cards with Stripe Elements and by manual
// entry in the Dashboard scopes to SAQ D, answers every requirement, attaches evidence, attests
// and exports the evidence PDF, all in the real window on a fresh database.

import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, answerPart2eAnd2f, blockerCount, scenario, scrollTo, tid, today, waitSaved } from './helpers.mjs';

const MERCHANT = 'Zoë Łódź Ærøskøbing Ltd';
const EMAIL = 'compliance@zoe-lodz.example';
const NA_REQ = '9.4.1'; // answered Not Applicable, with an explanation
const NA_TEXT = 'Zoë’s shop keeps no media with card data: cards are only keyed into the Stripe Dashboard or entered in Stripe Elements.';
const NIP_REQ = '12.10.1'; // answered Not in Place, with a remediation plan and date
const NIP_PLAN = 'Write and test the incident response plan with the Stripe contacts.';
const NIP_DATE = today(90);
const EVIDENCE_REQ = '12.8.1';
const BULLET_REQ = '12.5.2'; // answered per bullet: bullet 3 Not Applicable, the other six and the requirement's own row In Place
const BULLET_NA_TEXT = 'Account data exists only in the Stripe-hosted fields and the Dashboard; no other location holds it.';

describe('SAQ D: Elements + Dashboard, answer everything, attest, export the PDF', () => {
  const app = scenario('saq-d');
  const st = { id: null, ids: [], blockersBefore: null, blockersMid: null };

  app.step('Home shows the empty state of a new database', async () => {
    const { s } = app;
    await s.byTestId('empty-state');
    const info = await s.text('app-info');
    assert.match(info, /PCI DSS v4\.0\.1/);
    assert.ok(info.includes(app.db), `the window uses the test database (${info})`);
    await app.shot('home');
  });

  app.step('Wizard step 1: merchant profile with accents, contact e-mail and Stripe as provider', async () => {
    const { s } = app;
    await s.click('new-assessment');
    const name = await s.type('merchant-legal-name', MERCHANT);
    assert.equal(await name.prop('value'), MERCHANT, 'the legal name is typed exactly, accents included');
    await s.type('merchant-contact-name', 'Zoë Ærøskøbing');
    await s.type('merchant-contact-email', EMAIL);
    // Stripe is filled in as the first service provider of a new merchant; say what it does here.
    assert.equal(await (await s.byTestId('provider-0-name')).prop('value'), 'Stripe');
    await s.type('provider-0-services', 'Payment processing: Elements on the website, Dashboard for phone orders');
    await app.shot('wizard-1-merchant-providers');
    await scrollTo(s, name);
    await app.shot('wizard-1-merchant');
    await s.click('wizard-next');
  });

  app.step('Wizard step 2: Elements and manual entry in the Dashboard', async () => {
    const { s } = app;
    await s.click('method-elements');
    await s.click('method-dashboard');
    assert.ok(await (await s.byTestId('method-elements')).selected());
    assert.ok(await (await s.byTestId('method-dashboard')).selected());
    await s.waitFor(async () => /SAQ D/.test(await s.text('scope-preview')), { what: 'the live result to show SAQ D' });
    await app.shot('wizard-2-methods');
    await s.click('wizard-next');
  });

  app.step('Wizard step 3: every follow-up question answered "no"', async () => {
    const { s } = app;
    await s.find('[data-testid^="question-"][data-testid$="-no"]');
    const noes = await s.findAll('[data-testid^="question-"][data-testid$="-no"]');
    const ids = await Promise.all(noes.map((e) => e.attr('data-testid')));
    // Elements asks about third-party scripts, the Dashboard about the computer and batch entry,
    // every method about stored card data, and two channels whether they are kept apart.
    for (const q of ['third-party-scripts', 'dashboard-computer-connected', 'dashboard-batch-entry', 'stores-card-data', 'channels-separated']) {
      assert.ok(ids.includes(`question-${q}-no`), `question ${q} is asked (${ids.join(', ')})`);
    }
    for (const e of noes) await e.click();
    for (const e of noes) assert.ok(await e.selected());
    await app.shot('wizard-3-questions');
    await s.click('wizard-next');
  });

  app.step('Wizard step 4: SAQ D covering SAQ A (e-commerce) and SAQ C-VT (MOTO), both routes, with the rationale', async () => {
    const { s } = app;
    const saq = await s.byTestId('scope-result-saq');
    await s.waitFor(async () => (await saq.attr('data-saq')) === 'D', { what: 'the result SAQ D' });
    assert.match(await saq.text(), /SAQ D/);
    const rows = await s.execute(
      'return [...arguments[0].querySelectorAll("tbody tr")].map((tr) => [...tr.cells].map((c) => c.innerText.trim()));',
      await s.byTestId('per-channel'),
    );
    assert.deepEqual(rows, [
      ['E-commerce', 'Stripe Elements / Payment Element', 'SAQ A'],
      ['Mail order / telephone order (MOTO)', 'Manual card entry in the Stripe Dashboard', 'SAQ C-VT'],
    ]);
    const rationale = await s.findAll(`${tid('rationale')} li`);
    assert.ok(rationale.length >= 3, 'the rationale explains the result step by step');
    const why = await s.text('rationale');
    assert.match(why, /SAQ A/);
    assert.match(why, /SAQ C-VT/);
    assert.match(why, /one SAQ for everything/i);
    // Channels not kept apart: one SAQ per channel is shown, with why it is not available, and the
    // covering SAQ is recommended.
    assert.equal(await (await s.byTestId('route-per-channel')).attr('data-valid'), 'false');
    assert.match(await s.text('route-per-channel'), /SAQ A[\s\S]*SAQ C-VT[\s\S]*not kept apart/);
    assert.match(await s.text('route-per-channel'), /Stripe/);
    await s.byTestId('route-covering-recommended');
    assert.ok(await (await s.byTestId('route-covering-choose')).selected());
    assert.doesNotMatch(await s.text('routes'), /single SAQ covering all methods/i);
    assert.equal((await s.present(tid('unanswered-warning'))).length, 0, 'no question is left unanswered');
    assert.equal((await s.present(tid('ask-qsa'))).length, 0, 'nothing here needs a QSA');
    await app.shot('wizard-4-result');
    await scrollTo(s, await s.byTestId('routes'));
    await app.shot('wizard-4-result-routes');
    await scrollTo(s, await s.byTestId('per-channel'));
    await app.shot('wizard-4-result-channels');
  });

  app.step('Create: the checklist of SAQ D opens on its first requirement', async () => {
    const { s } = app;
    await s.click('create-assessment');
    const detail = await s.byTestId('req-detail');
    assert.equal(await detail.attr('data-req-id'), '1.1.1');
    const ctx = await s.text('context');
    assert.ok(ctx.includes(MERCHANT), ctx);
    assert.match(ctx, /SAQ D/);
    st.ids = await s.execute('return [...document.querySelectorAll(\'[data-testid="req-list"] [data-req]\')].map((e) => e.dataset.req);');
    assert.equal(st.ids.length, 233, 'SAQ D has 233 requirements');
    assert.equal(await s.text('overall-progress'), '0/233');
    const list = await s.call('list_assessments');
    assert.equal(list.length, 1);
    st.id = list[0].id;
    assert.equal(list[0].saq, 'D');
    await app.shot('checklist-new');
  });

  app.step('Attestation before answering: every requirement and the empty AOC Part 2b, 2c, 2e, 2f block', async () => {
    const { s } = app;
    await s.click('nav-attest');
    st.blockersBefore = await blockerCount(s);
    assert.equal(st.blockersBefore, 233 + 4);
    assert.match(await s.text('blocker-group-aoc_incomplete'), /AOC executive summary incomplete/);
    assert.match(await s.text('compliance'), /not determined yet/, 'no compliance verdict before any answer');
    assert.match(await s.text('attest'), /Attest/);
    assert.equal(await (await s.byTestId('attest')).enabled(), false, 'cannot attest yet');
    await app.shot('attestation-before');
    await s.click('nav-checklist');
    await s.byTestId('req-detail');
  });

  app.step(
    'Checklist: answer all 233 requirements with the keyboard (one Not Applicable, one Not in Place)',
    async () => {
      const { s } = app;
      const ids = st.ids;
      const half = Math.floor(ids.length / 2);
      let refocus = true; // put the focus on the list item (not in a text field) before typing keys
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        if (refocus) {
          await s.click(`req-${id}`);
          refocus = false;
        }
        await s.find(`[data-testid="req-detail"][data-req-id="${id}"]`);
        if (id === NA_REQ) {
          await s.keys('3'); // SAQ D: 1 In Place, 2 CCW, 3 Not Applicable, 4 Not Tested, 5 Not in Place
          assert.ok(await (await s.byTestId('response-not-applicable')).selected());
          await s.byTestId('hint-explanation'); // the form says an explanation is needed
          await s.type('explanation', NA_TEXT);
          await waitSaved(s);
          await app.shot('checklist-not-applicable');
          refocus = true;
        } else if (id === NIP_REQ) {
          await s.keys('5');
          assert.ok(await (await s.byTestId('response-not-in-place')).selected());
          await s.type('remediation-plan', NIP_PLAN);
          await setDate(s, 'remediation-date', NIP_DATE);
          await waitSaved(s);
          await app.shot('checklist-not-in-place');
          refocus = true;
        } else {
          await s.keys(i === half || i === ids.length - 1 ? '1' : '1j');
        }
        if (i === half) {
          // Half-way: the Attestation screen already lists fewer blockers.
          await waitSaved(s);
          await s.click('nav-attest');
          st.blockersMid = await blockerCount(s);
          await app.shot('attestation-halfway');
          await s.click('nav-checklist');
          refocus = true;
        }
      }
      await waitSaved(s);
      await s.waitFor(async () => (await s.text('overall-progress')) === '233/233', { what: 'all 233 answered' });
      assert.ok(st.blockersMid > 0 && st.blockersMid < st.blockersBefore, `blockers shrank half-way: ${st.blockersBefore} → ${st.blockersMid}`);

      const view = await s.call('open_assessment', { assessment: st.id });
      const byId = new Map(view.responses.map((r) => [r.requirement_id, r]));
      assert.equal(view.status.answered, 233);
      assert.equal(byId.get(NA_REQ).response, 'not-applicable');
      assert.equal(byId.get(NA_REQ).explanation, NA_TEXT);
      assert.equal(byId.get(NIP_REQ).response, 'not-in-place');
      assert.equal(byId.get(NIP_REQ).remediation_plan, NIP_PLAN);
      assert.equal(byId.get(NIP_REQ).remediation_date, NIP_DATE);
      const others = view.responses.filter((r) => r.requirement_id !== NA_REQ && r.requirement_id !== NIP_REQ);
      assert.equal(others.length, 231);
      assert.ok(
        others.every((r) => r.response === 'in-place' && r.updated_by === 'e2e-saq-d'),
        'every other requirement is In Place, by the test user',
      );
      await app.shot('checklist-all-answered');
    },
    { timeout: 240000 },
  );

  app.step('Per bullet: 12.5.2 answers each of its seven bullets and its own row; an N/A bullet asks for Appendix C', async () => {
    const { s } = app;
    await scrollTo(s, await s.byTestId(`req-${BULLET_REQ}`));
    await s.click(`req-${BULLET_REQ}`);
    await s.find(`[data-testid="req-detail"][data-req-id="${BULLET_REQ}"]`);
    await scrollTo(s, await s.byTestId('bullets'));
    // Seven bullets, then the requirement's own row (the form prints it first; the core numbers it last).
    for (let n = 1; n <= 8; n++) assert.ok(await (await s.byTestId(`bullet-${n}-in-place`)).selected(), `bullet ${n} took the whole-requirement answer`);
    await scrollTo(s, await s.byTestId('bullet-3-not-applicable'));
    await s.click('bullet-3-not-applicable');
    assert.ok(await (await s.byTestId('response-in-place')).selected(), 'still In Place overall: N/A bullets do not lower it');
    await s.byTestId('hint-explanation');
    await s.type('explanation', BULLET_NA_TEXT);
    await waitSaved(s);
    await app.shot('checklist-bullets');
    const view = await s.call('open_assessment', { assessment: st.id });
    const r = view.responses.find((x) => x.requirement_id === BULLET_REQ);
    assert.deepEqual(r.bullets, ['in-place', 'in-place', 'not-applicable', 'in-place', 'in-place', 'in-place', 'in-place', 'in-place']);
    assert.equal(r.response, 'in-place');
    assert.equal(r.explanation, BULLET_NA_TEXT);
    assert.ok(!view.status.blockers.some((b) => b.item === BULLET_REQ), 'nothing left to do on 12.5.2');
  });

  app.step('Evidence: a file attached to 12.8.1 shows in the checklist and previews', async () => {
    const { s } = app;
    // The "Attach files…" button opens the OS file dialog, which WebDriver cannot drive. The test
    // writes a file and calls the same `add_evidence` command the panel calls after the dialog,
    // then opens the assessment again from Home (as a user would) so the checklist re-reads it.
    const file = join(app.dir, 'service-providers-2026.txt');
    writeFileSync(file, `Service providers of ${MERCHANT}\nStripe, Inc. — payment processing — AOC checked ${today()}\n`);
    const ev = await s.call('add_evidence', {
      assessment: st.id,
      items: [EVIDENCE_REQ],
      path: file,
      meta: { effective_date: today(), description: 'List of service providers with their AOC dates' },
    });
    assert.equal(ev.file_name, 'service-providers-2026.txt');
    await s.click('nav-home');
    const row = await s.byTestId(`assessment-${st.id}`);
    assert.match(await row.text(), /SAQ D[\s\S]*233 \/ 233/);
    await app.shot('home-list');
    await s.click(`open-${st.id}`);
    await s.byTestId('req-detail');
    await s.click(`req-${EVIDENCE_REQ}`);
    await s.find(`[data-testid="req-detail"][data-req-id="${EVIDENCE_REQ}"]`);
    const item = await s.byTestId(`evidence-${ev.id}`);
    assert.match(await item.text(), /service-providers-2026\.txt/);
    await scrollTo(s, item);
    await app.shot('checklist-evidence');
    await (await item.find('button.name')).click();
    const preview = await s.byTestId('evidence-preview');
    await s.waitFor(async () => /Stripe, Inc\./.test(await preview.text()), { what: 'the text preview' });
    await app.shot('evidence-preview');
    await (await preview.find('button.close')).click();
  });

  app.step('Attestation after answering: fill in AOC Part 2b and 2c, then nothing blocks; sign and attest', async () => {
    const { s } = app;
    await s.click('nav-attest');
    assert.equal(await blockerCount(s), 4, 'only the AOC executive summary is left (Parts 2b, 2c, 2e, 2f)');
    await s.click('blocker-AOC-2b');
    // Part 2b: a row per payment channel the scoping found, each described on its own.
    const channels = [];
    for (const i of [0, 1]) channels.push(await (await s.byTestId(`details-channel_roles[${i}].channel`)).prop('value'));
    assert.deepEqual([...channels].sort(), ['E-commerce', 'Mail order / telephone order (MOTO)'], 'a row for each channel');
    const how = {
      'E-commerce': 'Customers type card data into Stripe Elements; the shop never receives it.',
      'Mail order / telephone order (MOTO)': 'Staff key phone orders into the Stripe Dashboard; nothing is written down or stored.',
    };
    for (const [i, c] of channels.entries()) await s.type(`details-channel_roles[${i}].how`, how[c]);
    await s.type('details-environment_description', 'The shop web server that serves the Elements page, and two staff laptops used for the Stripe Dashboard.');
    await answerPart2eAnd2f(s);
    await s.waitFor(async () => (await s.text('details-save-state')).startsWith('Saved'), { what: 'the executive summary to be saved' });
    await s.waitFor(async () => (await blockerCount(s)) === 0, { what: 'the AOC blockers to clear' });
    const after = await blockerCount(s);
    assert.equal(after, 0, `blockers: ${st.blockersBefore} → ${st.blockersMid} → ${after}`);
    assert.match(await s.text('blocker-list'), /Every requirement is answered/);
    assert.match(await s.text('compliance'), /Non-Compliant/, 'one requirement is Not in Place');
    await app.shot('attestation-after');
    await s.type('signatory-name', 'Zoë Ærøskøbing');
    await s.type('signatory-title', 'Managing Director');
    for (const i of [1, 2, 3]) await s.click(`ack-${i}`);
    const btn = await s.byTestId('attest');
    await s.waitFor(() => btn.enabled(), { what: 'the Attest button to enable' });
    await app.shot('attestation-signing');
    await btn.click();
    const done = await s.byTestId('attested');
    assert.equal(await s.text('signed-name'), 'Zoë Ærøskøbing');
    assert.match(await done.text(), /Non-Compliant/);
    await app.shot('attestation-attested');
  });

  app.step('Export: the evidence PDF holds the merchant, Section 2, the requirements and Not Applicable', async () => {
    const { s } = app;
    await s.click('nav-export');
    await s.byTestId('export-pdf');
    assert.equal((await s.present(tid('export-draft'))).length, 0, 'no draft warning once attested');
    // "Save Evidence PDF…" asks for the file name in the OS save dialog, which WebDriver cannot
    // drive; the test calls the same `save_report` command with the path the dialog would return.
    const pdf = join(app.dir, 'report.pdf');
    const out = await s.door('save_report', { assessment: st.id, kind: 'pdf', path: pdf });
    assert.equal(out.path, pdf);
    assert.match(out.sha256, /^[0-9a-f]{64}$/);
    assert.ok(existsSync(pdf) && statSync(pdf).size === out.bytes);
    copyFileSync(pdf, join(ARTIFACTS, 'saq-d-report.pdf'));
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const flat = text.replace(/\s+/g, ' ');
    assert.ok(flat.includes(MERCHANT), 'the merchant name, accents intact');
    assert.match(flat, /Section 2/);
    for (const id of ['1.1.1', NA_REQ, NIP_REQ, EVIDENCE_REQ, '12.10.7']) assert.ok(flat.includes(id), `requirement ${id} is in the PDF`);
    assert.match(flat, /Not Applicable/);
    assert.ok(flat.includes(NA_TEXT.replace(/\s+/g, ' ').slice(0, 40)), 'the Not Applicable explanation is in the PDF');
    assert.ok(flat.includes(`${BULLET_REQ} bullet 3`), 'the per-bullet row is in the PDF');
    assert.ok(flat.includes(BULLET_NA_TEXT.slice(0, 40)), 'the N/A bullet is explained in Appendix C');
    // The name may wrap in its cell after a hyphen, which pdftotext then drops.
    assert.match(flat, /service-providers-? ?2026/, 'the evidence file is in the evidence index');
    assert.ok(flat.includes('Zoë Ærøskøbing'), 'the signatory is in the PDF');
    await app.shot('export');
  });
});

/** Sets an <input type=date>: types the date, or sets it like the user would if typing does not take. */
async function setDate(s, testid, iso) {
  const el = await s.byTestId(testid);
  await el.click();
  await el.type(iso);
  if ((await el.prop('value')) === iso) return;
  await s.execute(
    `const [el, v] = arguments;
     Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, v);
     el.dispatchEvent(new Event('input', { bubbles: true }));
     el.dispatchEvent(new Event('change', { bubbles: true }));`,
    el,
    iso,
  );
  assert.equal(await el.prop('value'), iso);
}
