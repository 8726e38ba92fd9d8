// Scenario: the compliance year in the real window. The CLI prepares last year's assessment (still
// open) whose quarterly ASV scan (11.3.2) is answered In Place with evidence dated in Q1 and Q2
// only, and whose validation is due in two weeks (the acquirer's deadline). The home screen, the
// app's start screen, lists Q3's missing scan as overdue and the validation as due in the next 30
// days; a click opens the checklist on 11.3.2, whose periods strip shows Q3 missing and the In
// Place warning; the Attestation screen shows the due date; the Export screen offers the calendar,
// and the .ics saved through the same door as the reports holds the events.

import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, CLI, scenario, scrollTo, tid, today } from './helpers.mjs';

const MERCHANT = 'Lindqvist Bikes AB';
// Last year's assessment: every quarter is over, so a quarter without evidence is missing.
const YEAR = Number(today().slice(0, 4)) - 1;
const DUE = today(14);
const MOVED = today(9);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "2026-12-16" as the UI prints it, "16 Dec 2026" (September may be "Sept"). */
const shown = (iso) => new RegExp(`${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]}t? ${iso.slice(0, 4)}`);

describe('The compliance year: due list on the home screen, periods in the checklist, calendar export', () => {
  const st = { id: null };
  const app = scenario('due-list', {
    prepare(ctx) {
      const cli = (...args) =>
        execFileSync(CLI, args, { encoding: 'utf8', env: { ...process.env, SAQDESK_DB: ctx.db, SAQDESK_USER: 'e2e-cli' } }).trim();
      const m = cli('merchant', 'set', '--name', MERCHANT, '--contact-email', 'officer@example.com', '--provider', 'Stripe=Payment processing (PCI DSS Level 1)');
      st.id = cli('assessment', 'new', '--merchant', m, '--year', String(YEAR), '--saq', 'A');
      for (const [name, date] of [
        ['asv-q1.pdf', `${YEAR}-02-10`],
        ['asv-q2.pdf', `${YEAR}-05-12`],
      ]) {
        const f = join(ctx.dir, name);
        writeFileSync(f, `${name}: ASV scan report, passed\n`);
        cli('evidence', 'add', st.id, '11.3.2', f, '--effective-date', date);
      }
      cli('answer', st.id, '11.3.2', '--response', 'in-place', '--owner', 'Lars Lindqvist');
      cli('assessment', 'due-date', st.id, DUE, '--reason', 'Acquirer deadline');
      // A second merchant on SAQ D, whose 5.2.3.1 runs as often as a targeted risk analysis says.
      const d = cli('merchant', 'set', '--name', 'Osterberg Tools GmbH', '--contact-email', 'it@example.com', '--provider', 'Stripe=Payment processing (PCI DSS Level 1)');
      st.d = cli('assessment', 'new', '--merchant', d, '--year', String(YEAR), '--saq', 'D');
    },
  });

  app.step('The start screen lists Q3’s missing ASV scan as overdue and the validation as due in the next 30 days', async () => {
    const { s } = app;
    const overdue = await s.byTestId('due-overdue');
    // The list shows the first five; the rest behind "Show all".
    assert.equal((await s.findAll(`${tid('due-overdue')} [data-testid="due-item"]`)).length, 5);
    await app.shot('home-due');
    await s.click('due-overdue-more');
    const o = await overdue.text();
    assert.match(o, /Overdue/);
    assert.match(o, new RegExp(`11\\.3\\.2 Q3`), o);
    assert.match(o, shown(`${YEAR}-09-30`), o);
    assert.match(o, new RegExp(`${MERCHANT} · ${YEAR} · SAQ A`), o);
    assert.match(o, /11\.3\.2 Q4/, 'Q4 is over too, and has no scan either');
    const next = await (await s.byTestId('due-next')).text();
    assert.match(next, /Due in the next 30 days/);
    assert.match(next, /Validation due/, next);
    assert.match(next, shown(DUE), next);
    assert.doesNotMatch(next, /11\.3\.2 Q1|11\.3\.2 Q2/, 'covered quarters are not due');
    // The list is the core's: the same items as `due`.
    const d = await s.call('due');
    assert.ok(d.overdue.some((e) => e.item.requirement === '11.3.2' && e.item.what.startsWith('11.3.2 Q3')), JSON.stringify(d.overdue));
    assert.ok(d.next_30_days.some((e) => e.item.kind === 'validation' && e.item.date === DUE), JSON.stringify(d.next_30_days));
    assert.equal((await s.findAll(`${tid('due-overdue')} [data-testid="due-item"]`)).length, d.overdue.length, 'every overdue item once shown all');
    await app.shot('home-due-all');
  });

  app.step('A click opens the checklist on 11.3.2: Q1 and Q2 covered by their scans, Q3 missing, the In Place warning', async () => {
    const { s } = app;
    const items = await s.findAll(`${tid('due-overdue')} [data-testid="due-item"][data-assessment="${st.id}"][data-requirement="11.3.2"]`);
    assert.ok(items.length >= 1);
    await items[0].click();
    await s.find('[data-testid="req-detail"][data-req-id="11.3.2"]');
    const strip = await s.byTestId('periods');
    await scrollTo(s, strip);
    await s.waitFor(async () => (await (await s.byTestId('period-Q3')).attr('data-state')) === 'missing', { what: 'Q3 to show missing' });
    assert.match(await s.text('period-Q1'), /Q1\s*✓/);
    assert.match(await s.text('period-Q2'), /Q2\s*✓/);
    assert.match(await s.text('period-Q3'), /Q3\s*missing/);
    const cov = await s.text('covering-evidence');
    assert.match(cov, /Q1: asv-q1\.pdf/);
    assert.match(cov, /Q2: asv-q2\.pdf/);
    assert.match(await s.text('recurring-warning'), /explain it in the notes/);
    await app.shot('checklist-periods');
  });

  app.step('The Attestation screen shows the validation due date the officer set, and why', async () => {
    const { s } = app;
    await s.click('nav-attest');
    const d = await s.byTestId('validation-due-date');
    await s.waitFor(async () => (await d.attr('data-date')) === DUE, { what: 'the due date' });
    assert.match(await d.text(), shown(DUE));
    assert.match(await s.text('validation-due-why'), /Acquirer deadline/);
    // The In Place answer with an uncovered quarter is flagged before signing, without blocking.
    assert.match(await s.text('warning-list'), /11\.3\.2[\s\S]*Q3/);
    await app.shot('attestation-due');
  });

  app.step('The officer moves the due date on the Attestation screen; the core keeps it and the home list follows', async () => {
    const { s } = app;
    await s.click('validation-due-edit');
    const input = await s.byTestId('validation-due-input');
    assert.equal(await input.prop('value'), DUE, 'the form starts from the date in force');
    // WebKit's date field takes no typed text over WebDriver: set it as the user's pick would.
    await s.execute('arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event("input", { bubbles: true }));', input, MOVED);
    const reason = await s.byTestId('validation-due-reason');
    await s.execute('arguments[0].value = ""; arguments[0].dispatchEvent(new Event("input", { bubbles: true }));', reason);
    await s.type('validation-due-reason', 'Acquirer letter of 1 Dec', { clear: false });
    await app.shot('attestation-due-edit');
    await s.click('validation-due-save');
    await s.waitFor(async () => (await (await s.byTestId('validation-due-date')).attr('data-date')) === MOVED, { what: 'the new due date' });
    assert.match(await s.text('validation-due-why'), /Acquirer letter of 1 Dec/);
    const sched = await s.call('schedule', { assessment: st.id });
    assert.equal(sched.validation_due.date, MOVED);
    assert.equal(sched.validation_due.source, 'officer');
    assert.equal(sched.validation_due.set.reason, 'Acquirer letter of 1 Dec');
    await s.click('nav-home');
    const next = await s.byTestId('due-next');
    await s.waitFor(async () => shown(MOVED).test(await next.text()), { what: 'the home list to show the moved date' });
  });

  app.step('Export: the calendar (.ics) is saved through the export door and holds the events', async () => {
    const { s } = app;
    await s.click('nav-export');
    const card = await s.byTestId('export-calendar-card');
    assert.match(await card.text(), /Calendar \(\.ics\)[\s\S]*Outlook[\s\S]*updates the events rather than duplicating them/);
    assert.match(await s.text('export-calendar'), /Save calendar/);
    await scrollTo(s, card);
    await app.shot('export-calendar');
    const name = await s.call('suggested_file_name', { assessment: st.id, kind: 'calendar' });
    assert.match(name, /\.ics$/, name);
    // The save dialog cannot be driven: the test calls the same door with the path it would return.
    const ics = join(app.dir, name);
    const out = await s.door('save_report', { assessment: st.id, kind: 'calendar', path: ics });
    assert.equal(out.path, ics);
    assert.ok(existsSync(ics) && statSync(ics).size === out.bytes);
    copyFileSync(ics, join(ARTIFACTS, 'due-list.ics'));
    const text = readFileSync(ics, 'utf8');
    assert.match(text, /^BEGIN:VCALENDAR\r\n/);
    assert.match(text, /BEGIN:VEVENT\r\n/);
    const unfolded = text.replace(/\r\n[ \t]/g, '');
    assert.match(unfolded, /SUMMARY:[^\r\n]*11\.3\.2 Q3/, 'the missing quarter is an event');
    assert.match(unfolded, new RegExp(`DTSTART[^:\\r\\n]*:${MOVED.replace(/-/g, '')}`), 'the validation due date is an event, on the date the officer set');
  });

  app.step('SAQ D: the officer enters the period the targeted risk analysis chose for 5.2.3.1; a wrong one is refused by the core', async () => {
    const { s } = app;
    await s.click('nav-home');
    await s.click(`open-${st.d}`);
    await s.byTestId('req-detail');
    await scrollTo(s, await s.byTestId('req-5.2.3.1'));
    await s.click('req-5.2.3.1');
    await s.find('[data-testid="req-detail"][data-req-id="5.2.3.1"]');
    assert.match(await s.text('tra-current'), /enter the period it chose/);
    await s.click('tra-edit');
    await s.type('tra-reference', 'TRA-2025-04 malware scope');
    await s.click('tra-save'); // no period: a reference alone is refused, on its field
    assert.match(await s.text('tra-error-reference'), /give the period too/);
    await s.type('tra-count', '6');
    await scrollTo(s, await s.byTestId('tra-form'));
    await app.shot('checklist-tra-form');
    await s.click('tra-save');
    await s.waitFor(async () => /every 6 months, documented in TRA-2025-04 malware scope/.test(await s.text('tra-current')), { what: 'the entered period' });
    const sched = await s.call('schedule', { assessment: st.d });
    const r = sched.requirements.find((x) => x.requirement === '5.2.3.1');
    assert.deepEqual(r.tra_period.every, { unit: 'months', count: 6 });
    assert.equal(r.cadence.kind, 'risk-analysis');
    assert.ok(r.periods.length >= 2, 'the year now has periods');
    await s.waitFor(async () => (await s.present(tid('periods'))).length === 1, { what: 'the periods strip' });
    await scrollTo(s, await s.byTestId('recurring'));
    await app.shot('checklist-tra-entered');
  });
});
