// Scenario: one assessment holding two SAQs, as Stripe's guide files a web shop on Elements and
// Terminal readers in a shop kept apart from it: SAQ A (e-commerce) and SAQ C (card-present). The
// wizard creates it on the per-channel route; a requirement both SAQs share is answered once and
// moves both SAQs' progress; one is answered separately (Not Applicable for the web shop, In Place
// in the shop); the rest is answered with the CLI on the same database; each SAQ gets its own AOC
// Part 2, is attested on its own, and exports its own PDF, whose Part 2a names the other SAQ.

import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, CLI, answerPart2eAnd2f, blockerCount, scenario, scrollTo, tid } from './helpers.mjs';

const MERCHANT = 'Fjell & Fjord Sport AS';
const SHARED = '8.2.1'; // in both SAQs: answered once
const SPLIT = '9.4.1'; // in both SAQs: Not Applicable for the web shop, In Place in the shop
const NA_TEXT = 'The web shop never has card data on paper or any other media: customers type it into Stripe Elements.';
const C_NOTE = 'Signed reader receipts are kept in the locked office safe until the monthly shred.';

/** Waits until the autosave indicator inside `scope` (a CSS selector) says "Saved". */
async function waitSavedIn(s, scope, what = 'the answer to be saved') {
  return s.waitFor(
    async () => {
      const t = await (await s.find(`${scope} ${tid('save-state')}`)).text();
      if (t.startsWith('Not saved')) throw new Error(t);
      return t.startsWith('Saved') ? t : null;
    },
    { what, timeoutMs: 10000 },
  );
}

async function select(s, id) {
  await scrollTo(s, await s.byTestId(`req-${id}`));
  await s.click(`req-${id}`);
  await s.find(`[data-testid="req-detail"][data-req-id="${id}"]`);
}

describe('Two SAQs in one assessment: Elements (SAQ A) + Terminal (SAQ C), kept apart', () => {
  const app = scenario('multi-saq');
  const st = { id: null };

  app.step('Wizard: Elements and Terminal, channels kept apart: one SAQ per channel, A and C', async () => {
    const { s } = app;
    await s.click('new-assessment');
    await s.type('merchant-legal-name', MERCHANT);
    await s.click('wizard-next');
    await s.click('method-elements');
    await s.click('method-terminal');
    await s.click('wizard-next');
    await s.byTestId('question-channels-separated');
    for (const e of await s.findAll('[data-testid^="question-"][data-testid$="-no"]')) {
      if ((await e.attr('data-testid')) !== 'question-channels-separated-no') await e.click();
    }
    await s.click('question-channels-separated-yes');
    await s.click('wizard-next');
    const saq = await s.byTestId('scope-result-saq');
    await s.waitFor(async () => (await saq.attr('data-saq')) === 'A,C', { what: 'one SAQ per channel: A and C' });
    assert.equal(await saq.attr('data-route'), 'per-channel');
    for (const c of await s.findAll('[data-testid^="criterion-"][data-testid$="-confirm"]')) await c.click();
    assert.match(await s.text('create-assessment'), /SAQ A and SAQ C/);
    await app.shot('wizard-result');
  });

  app.step('Create: one assessment holding SAQ A (e-commerce) and SAQ C (card-present); the checklist shows both', async () => {
    const { s } = app;
    await s.click('create-assessment');
    await s.byTestId('req-detail');
    const list = await s.call('list_assessments');
    assert.equal(list.length, 1, 'one assessment');
    st.id = list[0].id;
    assert.equal(list[0].saq, 'A + C');
    assert.deepEqual(
      list[0].saqs.map((p) => [p.saq, p.channels.join(','), p.answered, p.total]),
      [
        ['A', 'ecommerce', 0, 27],
        ['C', 'card-present', 0, 123],
      ],
    );
    const v = await s.call('open_assessment', { assessment: st.id });
    assert.ok(v.confirmations.length > 0 && v.confirmations.every((c) => c.confirmed), 'the wizard confirmed the criteria of each SAQ');
    assert.ok(v.confirmations.some((c) => c.criterion_id.startsWith('A.')) && v.confirmations.some((c) => c.criterion_id.startsWith('C.')));
    await s.byTestId('saq-switcher');
    assert.equal(await s.text('saq-progress-A'), '0/27');
    assert.equal(await s.text('saq-progress-C'), '0/123');
    const ids = await s.execute('return [...document.querySelectorAll(\'[data-testid="req-list"] [data-req]\')].map((e) => e.dataset.req);');
    assert.equal(ids.length, 124, 'every requirement of either SAQ, once (26 shared, 1 only in A, 97 only in C)');
    assert.match(await s.text(`req-saqs-${SHARED}`), /A · C/);
    assert.match(await s.text('req-saqs-3.2.1'), /^A$/);
    assert.match(await s.text('context'), /SAQ A[\s\S]*0\/27[\s\S]*SAQ C[\s\S]*0\/123/);
    await app.shot('checklist-new');
  });

  app.step(`A shared requirement (${SHARED}) is answered once and moves both SAQs' progress`, async () => {
    const { s } = app;
    await select(s, SHARED);
    assert.equal(await (await s.byTestId('answer-scope')).attr('data-scope'), 'shared');
    assert.match(await s.text('answer-counts'), /One answer counts for SAQ A and SAQ C/);
    await s.click('response-in-place');
    await waitSavedIn(s, tid('req-detail'));
    await s.waitFor(async () => (await s.text('saq-progress-A')) === '1/27' && (await s.text('saq-progress-C')) === '1/123', {
      what: 'both SAQs to count the one answer',
    });
    const v = await s.call('open_assessment', { assessment: st.id });
    for (const p of v.saqs) {
      const r = p.responses.find((x) => x.requirement_id === SHARED);
      assert.equal(r?.response, 'in-place', `${SHARED} counts for SAQ ${p.saq}`);
      assert.ok(!r.saq, 'one shared answer');
    }
    assert.equal(v.saqs[0].status.answered, 1);
    assert.equal(v.saqs[1].status.answered, 1);
    await app.shot('checklist-shared');
  });

  app.step(`Split ${SPLIT}: Not Applicable for SAQ A with an explanation, In Place for SAQ C`, async () => {
    const { s } = app;
    await select(s, SPLIT);
    assert.equal(await (await s.byTestId('answer-scope')).attr('data-scope'), 'shared');
    await s.click('split');
    await s.waitFor(async () => (await (await s.byTestId('answer-scope')).attr('data-scope')) === 'split', { what: 'one answer per SAQ' });
    const formA = tid('answer-form-A');
    const formC = tid('answer-form-C');
    assert.match(await (await s.find(formA)).text(), /Answer for SAQ A — e-commerce/);
    assert.match(await (await s.find(formC)).text(), /Answer for SAQ C — card-present/);
    await (await s.find(`${formA} ${tid('response-not-applicable')}`)).click();
    await s.find(`${formA} ${tid('hint-explanation')}`); // the form says an explanation is needed
    const expl = await s.find(`${formA} ${tid('explanation')}`);
    await expl.type(NA_TEXT);
    await s.waitFor(async () => (await expl.prop('value')) === NA_TEXT, { what: 'the explanation to be typed' });
    await waitSavedIn(s, formA);
    await (await s.find(`${formC} ${tid('response-in-place')}`)).click();
    const notes = await s.find(`${formC} ${tid('notes')}`);
    await notes.type(C_NOTE);
    await s.waitFor(async () => (await notes.prop('value')) === C_NOTE, { what: 'the note to be typed' });
    await waitSavedIn(s, formC);
    await s.waitFor(async () => /A: N\/A[\s\S]*C: In Place/.test(await s.text(`req-${SPLIT}`)), { what: 'the list to show each SAQ’s answer' });
    const v = await s.call('open_assessment', { assessment: st.id });
    const [a, c] = v.saqs.map((p) => p.responses.find((x) => x.requirement_id === SPLIT));
    assert.equal(a.saq, 'A');
    assert.equal(a.response, 'not-applicable');
    assert.equal(a.explanation, NA_TEXT);
    assert.equal(c.saq, 'C');
    assert.equal(c.response, 'in-place');
    assert.equal(c.notes, C_NOTE);
    await scrollTo(s, await s.byTestId('answer-scope'));
    await app.shot('checklist-split');
    await s.click('saq-tab-C');
    await s.waitFor(async () => (await s.present(formA)).length === 0, { what: 'only SAQ C’s form' });
    await s.byTestId('other-saq-answers');
    await app.shot('checklist-split-saq-c');
    await s.click('saq-tab-all');
  });

  app.step('The rest is answered with the CLI on the same database; Home shows both SAQs complete', async () => {
    const { s } = app;
    const v = await s.call('open_assessment', { assessment: st.id });
    const done = new Set([SHARED, SPLIT]);
    const todo = [...new Set(v.saqs.flatMap((p) => p.snapshot.requirements.map((r) => r.id)))].filter((id) => !done.has(id));
    assert.equal(todo.length, 122);
    for (const req of todo) {
      execFileSync(CLI, ['answer', st.id, req, '--response', 'in-place', '--owner', 'Kari Nilsen'], {
        env: { ...process.env, SAQDESK_DB: app.db, SAQDESK_USER: 'e2e-cli' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    }
    await s.click('nav-home');
    const a = await s.byTestId(`assessment-${st.id}-saq-A`);
    const c = await s.byTestId(`assessment-${st.id}-saq-C`);
    assert.match(await a.text(), /SAQ A[\s\S]*e-commerce[\s\S]*27 \/ 27/);
    assert.match(await c.text(), /SAQ C[\s\S]*card-present[\s\S]*123 \/ 123/);
    assert.match(await (await s.byTestId(`assessment-${st.id}`)).text(), /SAQ A[\s\S]*SAQ C[\s\S]*2 SAQs/);
    await app.shot('home-complete');
    await s.click(`open-${st.id}`);
    await s.byTestId('req-detail');
    assert.equal(await s.text('saq-progress-A'), '27/27');
    assert.equal(await s.text('saq-progress-C'), '123/123');
  });

  app.step('Attest SAQ A in the app: its own AOC Part 2b/2c, signature; SAQ C stays open', async () => {
    const { s } = app;
    await s.click('nav-attest');
    await s.byTestId('saq-switcher');
    assert.equal(await (await s.byTestId('saq-tab-A')).attr('aria-pressed'), 'true', 'the first SAQ not attested');
    assert.equal(await blockerCount(s), 4, 'only SAQ A’s AOC Part 2b, 2c, 2e and 2f are left');
    // Part 2b is a row per channel of the SAQ, offered by the channels SAQ A files.
    assert.equal(await (await s.byTestId('details-channel_roles[0].channel')).prop('value'), 'E-commerce', 'a row for SAQ A’s channel');
    await s.type('details-channel_roles[0].how', 'Customers type card data into Stripe Elements on the checkout page; the shop never receives it.');
    await s.type('details-environment_description', 'The web server that serves the checkout page, and the staff laptops used for the Stripe Dashboard.');
    await answerPart2eAnd2f(s);
    await s.waitFor(async () => (await s.text('details-save-state')).startsWith('Saved'), { what: 'SAQ A’s executive summary to be saved' });
    await s.waitFor(async () => (await blockerCount(s)) === 0, { what: 'SAQ A’s blockers to clear' });
    await s.type('signatory-name', 'Ingrid Solberg');
    await s.type('signatory-title', 'Chief Financial Officer');
    for (const i of [1, 2, 3]) await s.click(`ack-${i}`);
    const btn = await s.byTestId('attest');
    await s.waitFor(() => btn.enabled(), { what: 'the Attest button to enable' });
    await app.shot('attest-a-signing');
    await btn.click();
    const done = await s.byTestId('attested');
    assert.match(await done.text(), /SAQ A attested[\s\S]*Ingrid Solberg[\s\S]*SAQ C is still open/);
    assert.equal(await (await s.byTestId('saq-tab-A')).attr('data-status'), 'attested');
    assert.equal(await (await s.byTestId('saq-tab-C')).attr('data-status'), 'draft');
    await app.shot('attest-a-attested');
    const v = await s.call('open_assessment', { assessment: st.id });
    const roles = (p) => (p.details.channel_roles ?? []).filter((r) => r.how.trim());
    assert.deepEqual(roles(v.saqs[0]).map((r) => [r.channel, r.how.startsWith('Customers type card data')]), [['E-commerce', true]], 'SAQ A’s Part 2b is its own');
    assert.deepEqual(roles(v.saqs[1]), [], 'SAQ C’s Part 2b is still empty');
  });

  app.step('The shared answer is frozen by SAQ A; SAQ C is attested in the app with its own Part 2', async () => {
    const { s } = app;
    await s.click('nav-checklist');
    await select(s, SHARED);
    assert.match(await s.text('frozen-shared'), /SAQ A is attested[\s\S]*answer separately/);
    // Inside a disabled fieldset (WebKit's "enabled" does not look at the fieldset).
    assert.equal(await s.execute('return arguments[0].matches(":disabled");', await s.byTestId('response-in-place')), true);
    await s.click('nav-attest');
    await s.click('saq-tab-C');
    await s.waitFor(async () => (await (await s.byTestId('saq-tab-C')).attr('aria-pressed')) === 'true', { what: 'SAQ C chosen' });
    assert.equal(await blockerCount(s), 4, 'only SAQ C’s AOC Part 2b, 2c, 2e and 2f are left');
    assert.equal(await (await s.byTestId('signatory-name')).prop('value'), 'Ingrid Solberg', 'SAQ A’s signatory is offered');
    assert.equal(await (await s.byTestId('details-channel_roles[0].channel')).prop('value'), 'Card-present', 'a row for SAQ C’s channel');
    await s.type('details-channel_roles[0].how', 'Customers tap or insert cards on the shop’s Stripe Terminal readers, which send the data straight to Stripe.');
    await s.type('details-environment_description', 'Two Stripe Terminal readers and the till PC on the shop’s own network segment.');
    await answerPart2eAnd2f(s);
    await s.waitFor(async () => (await s.text('details-save-state')).startsWith('Saved'), { what: 'SAQ C’s executive summary to be saved' });
    await s.waitFor(async () => (await blockerCount(s)) === 0, { what: 'SAQ C’s blockers to clear' });
    for (const i of [1, 2, 3]) await s.click(`ack-${i}`);
    const btn = await s.byTestId('attest');
    await s.waitFor(() => btn.enabled(), { what: 'the Attest button to enable' });
    await btn.click();
    assert.match(await (await s.byTestId('attested')).text(), /SAQ C attested/);
    assert.equal(await (await s.byTestId('saq-tab-C')).attr('data-status'), 'attested');
    await app.shot('attest-c-attested');
    const list = await s.call('list_assessments');
    assert.equal(list[0].status, 'attested', 'the assessment is attested once both SAQs are');
  });

  app.step('Export: each SAQ’s PDF names its SAQ, and its Part 2a names the other SAQ’s channel', async () => {
    const { s } = app;
    await s.click('nav-export');
    for (const [saq, other, otherChannel] of [
      ['A', 'C', /card-present/i],
      ['C', 'A', /e-commerce/i],
    ]) {
      await s.click(`saq-tab-${saq}`);
      await s.waitFor(async () => (await (await s.byTestId(`saq-tab-${saq}`)).attr('aria-pressed')) === 'true', { what: `SAQ ${saq} chosen` });
      assert.equal((await s.present(tid('export-draft'))).length, 0, `SAQ ${saq} is attested`);
      // The name the save dialog offers, from the core.
      await s.waitFor(async () => new RegExp(`SAQ-${saq}-\\d{4}\\.pdf`).test(await s.text('export-pdf-name')), { what: `SAQ ${saq}'s file name` });
      assert.match(await s.text('export-pdf'), new RegExp(`Save SAQ ${saq} PDF`));
      await app.shot(`export-${saq.toLowerCase()}`);
      // The save dialog cannot be driven: the test calls the same door with the path it would return.
      const pdf = join(app.dir, `saq-${saq}.pdf`);
      const out = await s.door('save_report', { assessment: st.id, saq, kind: 'pdf', path: pdf });
      assert.equal(out.path, pdf);
      assert.ok(existsSync(pdf) && statSync(pdf).size === out.bytes);
      copyFileSync(pdf, join(ARTIFACTS, `multi-saq-${saq}.pdf`));
      const flat = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).replace(/\s+/g, ' ');
      assert.ok(flat.includes(MERCHANT), 'the merchant');
      assert.match(flat, new RegExp(`Self-Assessment Questionnaire ${saq} Evidence report`), `the PDF is SAQ ${saq}'s`);
      assert.match(flat, new RegExp(`SAQ ${saq} · PCI DSS v4\\.0\\.1`), 'its page header names the SAQ');
      const filed = flat.match(new RegExp(`([\\w -]+): filed in SAQ ${other} of this assessment`));
      assert.ok(filed, `Part 2a of SAQ ${saq} names SAQ ${other}`);
      assert.match(filed[1], otherChannel, `… with its channel (${filed[0]})`);
      assert.ok(!flat.includes(`filed in SAQ ${saq} of this assessment`), 'not itself');
      assert.ok(flat.includes('Ingrid Solberg'), 'the signatory');
      if (saq === 'A') assert.ok(flat.includes(NA_TEXT.slice(0, 40)), 'SAQ A’s own Not Applicable explanation');
      else assert.ok(!flat.includes(NA_TEXT.slice(0, 40)), 'SAQ C does not carry SAQ A’s explanation');
    }
  });
});
