// Scenario 2: Stripe Elements alone is SAQ A; declining criterion A.7 (scripts on the payment page)
// moves the result to SAQ A-EP live, with the advice to ask a QSA, and confirming it again brings
// SAQ A back. In the checklist a note holding a card number is refused next to the Notes field and
// never stored.

import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { scenario, scrollTo, tid, waitSaved } from './helpers.mjs';

const MERCHANT = 'Brightwater Cycles Ltd';
const NOTE = 'Stripe Elements renders every card field in an iframe served by Stripe.';
const CARD_NOTE = 'Tested checkout with 4242 4242 4242 4242, exp 12/34';

describe('SAQ A: escalation to A-EP when A.7 is declined; a card number in a note is refused', () => {
  const app = scenario('saq-a');
  const st = { id: null, req: null };

  app.step('Scope Stripe Elements alone: SAQ A', async () => {
    const { s } = app;
    await s.click('new-assessment');
    await s.type('merchant-legal-name', MERCHANT);
    await s.type('merchant-contact-email', 'ops@brightwater.example');
    await s.click('wizard-next');
    await s.click('method-elements');
    await s.click('wizard-next');
    const noes = await s.findAll('[data-testid^="question-"][data-testid$="-no"]');
    assert.ok(noes.length >= 2);
    for (const e of noes) await e.click();
    await s.click('wizard-next');
    const saq = await s.byTestId('scope-result-saq');
    await s.waitFor(async () => (await saq.attr('data-saq')) === 'A', { what: 'the result SAQ A' });
    const criteria = await s.findAll('[data-testid^="criterion-A."][data-testid$="-confirm"]');
    assert.equal(criteria.length, 7, 'SAQ A has seven eligibility criteria');
    assert.equal((await s.present(tid('ask-qsa'))).length, 0);
    await app.shot('result-saq-a');
  });

  app.step('Decline A.7: the result becomes SAQ A-EP with the advice to ask a QSA, live', async () => {
    const { s } = app;
    await s.click('criterion-A.7-decline');
    const saq = await s.byTestId('scope-result-saq');
    await s.waitFor(async () => (await saq.attr('data-saq')) === 'A-EP', { what: 'the escalation to A-EP' });
    assert.match(await saq.text(), /SAQ A-EP/);
    assert.match(await s.text('ask-qsa'), /QSA/);
    const esc = await s.text('escalations');
    assert.match(esc, /SAQ A\b[\s\S]*SAQ A-EP/);
    assert.match(esc, /QSA/);
    const declined = await s.text('declined-A.7');
    assert.match(declined, /A\.7/);
    assert.match(declined, /QSA/);
    assert.match(await s.text('create-assessment'), /SAQ A-EP/);
    await app.shot('result-declined-a-ep');
    await scrollTo(s, await s.byTestId('ask-qsa'));
    await app.shot('result-declined-ask-qsa');
    await scrollTo(s, await s.byTestId('declined-A.7'));
    await app.shot('result-declined-why');
  });

  app.step('Confirm A.7 after all: back to SAQ A; confirm every criterion and create', async () => {
    const { s } = app;
    await s.click('undo-decline-A.7');
    const saq = await s.byTestId('scope-result-saq');
    await s.waitFor(async () => (await saq.attr('data-saq')) === 'A', { what: 'SAQ A again' });
    assert.equal((await s.present(tid('ask-qsa'))).length, 0, 'the QSA advice is gone');
    assert.equal((await s.present(tid('escalations'))).length, 0);
    for (const c of ['A.1', 'A.2', 'A.3', 'A.4', 'A.5', 'A.6', 'A.7']) await s.click(`criterion-${c}-confirm`);
    assert.ok(await (await s.byTestId('criterion-A.7-confirm')).selected());
    await app.shot('result-saq-a-confirmed');
    assert.match(await s.text('create-assessment'), /SAQ A\b/);
    await s.click('create-assessment');
    await s.byTestId('req-detail');
    assert.equal(await s.text('overall-progress'), '0/27');
    const [a] = await s.call('list_assessments');
    assert.equal(a.saq, 'A');
    st.id = a.id;
    const view = await s.call('open_assessment', { assessment: st.id });
    assert.deepEqual(view.confirmations.filter((c) => c.confirmed).map((c) => c.criterion_id).sort(), ['A.1', 'A.2', 'A.3', 'A.4', 'A.5', 'A.6', 'A.7']);
    await app.shot('checklist-saq-a');
  });

  app.step('A note with a card number is refused next to Notes; the stored note is unchanged', async () => {
    const { s } = app;
    st.req = await (await s.byTestId('req-detail')).attr('data-req-id');
    await s.click('response-in-place');
    await s.type('notes', NOTE);
    await waitSaved(s);
    await s.type('notes', CARD_NOTE); // replaces the note
    const err = await s.byTestId('field-error-notes');
    await s.waitFor(async () => /card/i.test(await err.text()), { what: 'the refusal message' });
    assert.equal(await (await s.byTestId('notes')).attr('aria-invalid'), 'true');
    assert.match(await s.text('save-state'), /^Not saved/);
    await app.shot('checklist-note-refused');

    const view = await s.call('open_assessment', { assessment: st.id });
    const r = view.responses.find((x) => x.requirement_id === st.req);
    assert.equal(r.notes, NOTE, 'the stored note is the one saved before');
    assert.equal(r.response, 'in-place');
    // Nothing of the card number reached the database or its journal.
    for (const f of readdirSync(dirname(app.db)).filter((n) => n.startsWith('saqdesk.sqlite3'))) {
      const bytes = readFileSync(`${dirname(app.db)}/${f}`).toString('latin1');
      assert.ok(!bytes.includes('4242 4242') && !bytes.includes('4242424242424242'), `${f} holds no card number`);
    }
    // Fixing the note saves it and the refusal goes away.
    await s.type('notes', `${NOTE} Checked with Stripe's test card.`);
    await waitSaved(s);
    assert.equal((await s.present(tid('field-error-notes'))).length, 0, 'the refusal disappears once fixed');
  });
});
