// Scenario 3: the real window on the demo database that ui/scripts/demo-db.sh builds with the real
// CLI (what `./dev demo` serves in a browser): the home screen, a rolled-forward checklist, a
// per-bullet answer, and the wizard with two payment channels kept apart, filed one SAQ per
// channel (one assessment per SAQ for now).

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
      assert.equal(Object.keys(ids).length, 4, out);
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

  app.step('Create: one assessment per SAQ of the route, each with its confirmed criteria', async () => {
    const { s } = app;
    await s.click('create-assessment');
    await s.byTestId('req-detail');
    assert.match(await s.text('context'), /Alpine Trail Gear AG[\s\S]*SAQ A\b/);
    const made = (await s.call('list_assessments')).filter((a) => a.merchant_name === 'Alpine Trail Gear AG');
    assert.deepEqual(made.map((a) => a.saq).sort(), ['A', 'C-VT']);
    for (const a of made) {
      const v = await s.call('open_assessment', { assessment: a.id });
      assert.deepEqual(v.assessment.scope.input.answers['channels-separated'], 'yes');
      assert.ok(v.confirmations.length > 0 && v.confirmations.every((c) => c.confirmed && c.criterion_id.startsWith(`${a.saq}.`)), JSON.stringify(v.confirmations));
    }
    await app.shot('checklist-new-saq-a');
  });
});
