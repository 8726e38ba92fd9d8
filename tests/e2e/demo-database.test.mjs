// Scenario 3: the real window on the demo database that ui/scripts/demo-db.sh builds with the real
// CLI (what `./dev demo` serves in a browser): the home screen, a rolled-forward checklist, a
// per-bullet answer, an assessment holding two SAQs (SAQ A attested, SAQ C under way), and the
// wizard with two payment channels kept apart, filed one SAQ per channel in one assessment.

import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CLI, ROOT, scenario, scrollTo, tid } from './helpers.mjs';

describe('Demo database: home, checklist, and two channels filed one SAQ per channel', () => {
  const ids = {};
  const app = scenario('demo', {
    prepare(ctx) {
      const out = execFileSync(join(ROOT, 'ui/scripts/demo-db.sh'), [ctx.db, join(ctx.dir, 'evidence')], {
        encoding: 'utf8',
        env: { ...process.env, SAQDESK: CLI },
      });
      for (const [, label, id] of out.matchAll(/^ {2}(.+?) \(SAQ [^)]*\): ([0-9a-f-]{36})$/gm)) ids[label] = id;
      assert.equal(Object.keys(ids).length, 5, out);
    },
  });

  app.step('Home lists three merchants, last year attested', async () => {
    const { s } = app;
    const bb25 = ids['Bean & Bloom 2025'];
    const row = await s.byTestId(`assessment-${bb25}`);
    assert.match(await row.text(), /2025[\s\S]*SAQ A[\s\S]*Attested[\s\S]*27 \/ 27[\s\S]*20 Nov 2025/);
    const text = await s.execute('return document.querySelector("main").innerText;');
    for (const m of ['Bean & Bloom Coffee Roasters Ltd', 'Northwind Outfitters GmbH', 'Harbour Street Dental LLP']) assert.ok(text.includes(m), m);
    assert.match(await (await s.byTestId(`assessment-${ids['Northwind 2026']}`)).text(), /SAQ A-EP[\s\S]*9 \/ 139/);
    assert.match(await (await s.byTestId(`assessment-${ids['Harbour Street Dental 2026']}`)).text(), /SAQ C-VT[\s\S]*1 \/ 54/);
    await app.shot('home');
  });

  app.step('The rolled-forward checklist: a Not in Place with its date, a carried-forward answer to review', async () => {
    const { s } = app;
    await s.click(`open-${ids['Bean & Bloom 2026']}`);
    await s.byTestId('req-detail');
    assert.match(await s.text('context'), /Bean & Bloom[\s\S]*2026[\s\S]*SAQ A/);
    await scrollTo(s, await s.byTestId('req-8.3.6'));
    await s.click('req-8.3.6');
    await s.find('[data-testid="req-detail"][data-req-id="8.3.6"]');
    assert.ok(await (await s.byTestId('response-not-in-place')).selected());
    assert.equal(await (await s.byTestId('remediation-date')).prop('value'), '2027-03-31');
    assert.match(await (await s.byTestId('remediation-plan')).prop('value'), /single sign-on/);
    await app.shot('checklist-not-in-place');
    await scrollTo(s, await s.byTestId('req-8.3.1'));
    await s.click('req-8.3.1');
    await s.find('[data-testid="req-detail"][data-req-id="8.3.1"]');
    assert.match(await s.text('carried-forward'), /Carried forward from last year/);
    // The filters are radio buttons drawn as their labels (the input itself is visually hidden).
    await s.execute('arguments[0].click();', await s.byTestId('filter-review'));
    const listed = await s.findAll('[data-testid="req-list"] [data-req]');
    assert.ok(listed.length > 0 && listed.length < 27, `${listed.length} answers still to review`);
    await app.shot('checklist-review');
    await s.execute('arguments[0].click();', await s.byTestId('filter-all'));
  });

  app.step('SAQ A-EP answered per bullet: 6.4.3 bullet 3 Not in Place', async () => {
    const { s } = app;
    await s.click('nav-home');
    await s.click(`open-${ids['Northwind 2026']}`);
    await s.byTestId('req-detail');
    await scrollTo(s, await s.byTestId('req-6.4.3'));
    await s.click('req-6.4.3');
    await s.find('[data-testid="req-detail"][data-req-id="6.4.3"]');
    for (const [n, kind] of [[1, 'in-place'], [2, 'in-place'], [3, 'not-in-place']]) {
      assert.ok(await (await s.byTestId(`bullet-${n}-${kind}`)).selected(), `bullet ${n} ${kind}`);
    }
    assert.ok(await (await s.byTestId('response-not-in-place')).selected(), 'Not in Place overall');
    await scrollTo(s, await s.byTestId('bullets'));
    await app.shot('checklist-bullets');
  });

  app.step('Two SAQs in one assessment: home card, shared and split answers, attestation and export per SAQ', async () => {
    const { s } = app;
    const id = ids['Fjord & Fell 2026'];
    await s.click('nav-home');
    assert.match(await (await s.byTestId(`assessment-${id}-saq-A`)).text(), /SAQ A[\s\S]*e-commerce[\s\S]*Attested[\s\S]*27 \/ 27[\s\S]*10 Nov 2026/);
    assert.match(await (await s.byTestId(`assessment-${id}-saq-C`)).text(), /SAQ C[\s\S]*card-present[\s\S]*Draft[\s\S]*62 \/ 123/);
    await scrollTo(s, await s.byTestId(`assessment-${id}`));
    await app.shot('home-two-saqs');
    await s.click(`open-${id}`);
    await s.byTestId('saq-switcher');
    await scrollTo(s, await s.byTestId('req-8.2.1'));
    await s.click('req-8.2.1');
    await s.find('[data-testid="req-detail"][data-req-id="8.2.1"]');
    assert.match(await s.text('answer-counts'), /One answer counts for SAQ A and SAQ C/);
    assert.match(await s.text('frozen-shared'), /SAQ A is attested/);
    await scrollTo(s, await s.byTestId('answer-scope'));
    await app.shot('checklist-two-saqs-shared');
    await scrollTo(s, await s.byTestId('req-9.4.1'));
    await s.click('req-9.4.1');
    await s.find('[data-testid="req-detail"][data-req-id="9.4.1"]');
    assert.equal(await (await s.byTestId('answer-scope')).attr('data-scope'), 'split');
    assert.match(await s.text('req-9.4.1'), /A: N\/A[\s\S]*C: In Place/);
    await app.shot('checklist-two-saqs-split');
    await s.click('nav-attest');
    assert.equal(await (await s.byTestId('saq-tab-C')).attr('aria-pressed'), 'true', 'the SAQ still open');
    await s.byTestId('blocker-list');
    await app.shot('attestation-two-saqs');
    await s.click('nav-export');
    await s.byTestId('export-pdf');
    await s.waitFor(async () => /SAQ-C-2026\.pdf/.test(await s.text('export-pdf-name')), { what: 'SAQ C’s file name' });
    await app.shot('export-two-saqs');
  });

  app.step('Wizard: Elements and the Dashboard, channels kept apart: one SAQ per channel is recommended', async () => {
    const { s } = app;
    await s.click('nav-home');
    await s.click('new-assessment');
    await s.type('merchant-legal-name', 'Alpine Trail Gear AG');
    await s.click('wizard-next');
    await s.click('method-elements');
    await s.click('method-dashboard');
    await s.click('wizard-next');
    await s.byTestId('question-channels-separated');
    for (const e of await s.findAll('[data-testid^="question-"][data-testid$="-no"]')) {
      if ((await e.attr('data-testid')) !== 'question-channels-separated-no') await e.click();
    }
    await s.click('question-channels-separated-yes');
    await app.shot('wizard-questions');
    await s.click('wizard-next');
    const saq = await s.byTestId('scope-result-saq');
    await s.waitFor(async () => (await saq.attr('data-saq')) === 'A,C-VT', { what: 'one SAQ per channel: A and C-VT' });
    assert.equal(await saq.attr('data-route'), 'per-channel');
    await s.byTestId('route-per-channel-recommended');
    assert.equal((await s.present(tid('route-covering-recommended'))).length, 0);
    const per = await s.text('route-per-channel');
    assert.match(per, /One SAQ per payment channel[\s\S]*SAQ A[\s\S]*SAQ C-VT/);
    assert.match(per, /Stripe/, 'who asks for it');
    const cover = await s.text('route-covering');
    assert.match(cover, /One SAQ covering every channel[\s\S]*SAQ D/);
    assert.match(cover, /acquirer/i);
    assert.doesNotMatch(await s.text('routes'), /single SAQ covering all methods/i);
    await app.shot('wizard-result-per-channel');
    await scrollTo(s, await s.byTestId('routes'));
    await app.shot('wizard-result-routes');
    for (const c of await s.findAll('[data-testid^="criterion-"][data-testid$="-confirm"]')) await c.click();
    assert.match(await s.text('create-assessment'), /Create one assessment with SAQ A and SAQ C-VT/);
  });

  app.step('Create: one assessment holding each SAQ of the route, with the criteria confirmed for each', async () => {
    const { s } = app;
    await s.click('create-assessment');
    await s.byTestId('req-detail');
    assert.match(await s.text('context'), /Alpine Trail Gear AG[\s\S]*SAQ A\b[\s\S]*SAQ C-VT/);
    const made = (await s.call('list_assessments')).filter((a) => a.merchant_name === 'Alpine Trail Gear AG');
    assert.deepEqual(made.map((a) => a.saq), ['A + C-VT']);
    assert.deepEqual(made[0].saqs.map((p) => p.saq), ['A', 'C-VT']);
    const v = await s.call('open_assessment', { assessment: made[0].id });
    assert.deepEqual(v.assessment.scope.input.answers['channels-separated'], 'yes');
    assert.ok(v.confirmations.length > 0 && v.confirmations.every((c) => c.confirmed), JSON.stringify(v.confirmations));
    for (const saq of ['A', 'C-VT']) assert.ok(v.confirmations.some((c) => c.criterion_id.startsWith(`${saq}.`)), `criteria of SAQ ${saq} confirmed`);
    await app.shot('checklist-new-two-saqs');
  });
});
