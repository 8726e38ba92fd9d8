// Scenario 4: the browser demo (`./dev demo`). `saqdesk serve` on a demo database built by
// ui/scripts/demo-db.sh serves the built UI and answers POST /call with the real core; a plain
// WebKit browser (MiniBrowser, driven by WebKitWebDriver) shows the real data with `?demo`.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS, CLI, ROOT } from './helpers.mjs';
import { Session, tid } from './webdriver.mjs';

const MINIBROWSER = ['/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', '/usr/libexec/webkit2gtk-4.1/MiniBrowser'].find((p) => existsSync(p));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Starts a process and resolves once a line of its stdout matches `ready` (with the match). */
function start(cmd, args, ready, { timeoutMs = 20000 } = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const matched = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} did not start: ${out}`)), timeoutMs);
    const look = (chunk) => {
      out += chunk;
      const m = ready ? out.match(ready) : [''];
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout.on('data', look);
    child.stderr.on('data', (c) => (out += c));
    child.on('exit', (code) => reject(new Error(`${cmd} exited (${code}): ${out}`)));
  });
  return { child, matched };
}

async function post(base, command, args = {}) {
  const res = await fetch(`${base}/call`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ command, args }) });
  return { status: res.status, body: await res.json() };
}

describe('Browser demo: saqdesk serve on a demo database', () => {
  const ctx = { dir: null, db: null, base: null, serve: null, driver: null, s: null, ids: {} };

  before(async () => {
    ctx.dir = mkdtempSync(join(tmpdir(), 'saqdesk-e2e-serve-'));
    ctx.db = join(ctx.dir, 'demo.sqlite3');
    const out = execFileSync(join(ROOT, 'ui/scripts/demo-db.sh'), [ctx.db, join(ctx.dir, 'evidence')], { encoding: 'utf8', env: { ...process.env, SAQDESK: CLI } });
    for (const [, label, id] of out.matchAll(/^ {2}(.+?) \(SAQ [^)]*\): ([0-9a-f-]{36})$/gm)) ctx.ids[label] = id;
    const args = ['serve', '--db', ctx.db, '--port', '0', '--ui', join(ROOT, 'ui/dist'), '--evidence-dir', join(ctx.dir, 'evidence'), '--exports', join(ctx.dir, 'exports')];
    const serve = start(CLI, args, /http:\/\/127\.0\.0\.1:(\d+)\/\?demo/);
    ctx.serve = serve.child;
    const [, port] = await serve.matched;
    ctx.base = `http://127.0.0.1:${port}`;
  });

  after(async () => {
    await ctx.s?.delete();
    ctx.driver?.kill();
    ctx.serve?.kill();
    if (ctx.dir && !process.env.E2E_KEEP) rmSync(ctx.dir, { recursive: true, force: true });
  });

  it('serves the built UI, same-origin, with no script of its own inline', async () => {
    const res = await fetch(`${ctx.base}/?demo`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /text\/html/);
    const html = await res.text();
    assert.match(html, /<div id="app"><\/div>/);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
    const [, src] = html.match(/<script[^>]*src="\.?\/?([^"]+\.js)"/) ?? [];
    assert.ok(src, html);
    const js = await fetch(`${ctx.base}/${src}`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type'), /javascript/);
    const code = await js.text();
    assert.ok(code.includes('/call'), 'the bundle calls /call');
    assert.ok(!/mockIPC|installDemo/.test(code), 'no in-browser stand-in for the core');
  });

  it('answers app_info and list_assessments from the demo database', async () => {
    const info = await post(ctx.base, 'app_info');
    assert.equal(info.status, 200);
    assert.equal(info.body.ok.db_path, ctx.db);
    assert.equal(info.body.ok.read_only, false);
    assert.match(info.body.ok.questionnaire, /PCI DSS v4\.0\.1/);
    assert.deepEqual(info.body.ok.saqs.map((s) => s.saq), ['A', 'A-EP', 'C', 'C-VT', 'D']);

    const list = await post(ctx.base, 'list_assessments');
    assert.equal(list.status, 200);
    const rows = list.body.ok.map((a) => [a.merchant_name, a.year, a.saq, a.status]).sort();
    assert.deepEqual(rows, [
      ['Bean & Bloom Coffee Roasters Ltd', 2025, 'A', 'attested'],
      ['Bean & Bloom Coffee Roasters Ltd', 2026, 'A', 'draft'],
      ['Fjord & Fell Outdoor AS', 2026, 'A + C', 'draft'],
      ['Harbour Street Dental LLP', 2026, 'C-VT', 'draft'],
      ['Northwind Outfitters GmbH', 2026, 'A-EP', 'draft'],
    ]);
  });

  it('answers a refusal as HTTP 400 with the contract error', async () => {
    const missing = await post(ctx.base, 'open_assessment', { assessment: 'ffffffff' });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.code, 'not_found');
    const unknown = await post(ctx.base, 'no_such_command');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.code, 'internal');
    const leak = await post(ctx.base, 'answer', { assessment: ctx.ids['Harbour Street Dental 2026'], requirement: '8.2.1', input: { notes: 'card 4242 4242 4242 4242', bullets: [] } });
    assert.equal(leak.status, 400);
    assert.deepEqual([leak.body.error.code, leak.body.error.field], ['leak_refused', 'notes']);
  });

  it('in a browser, ?demo shows the real assessments, a checklist and the wizard on the real engine', { skip: MINIBROWSER ? false : 'MiniBrowser is not installed' }, async () => {
    const port = await freePort();
    const driver = start('WebKitWebDriver', [`--port=${port}`], null);
    driver.matched.catch(() => undefined); // it may print nothing; its exit at the end is expected
    ctx.driver = driver.child;
    await new Promise((r) => setTimeout(r, 500));
    ctx.s = await Session.open(`http://127.0.0.1:${port}`, {
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
    });
    const { s } = ctx;
    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = (label) => s.screenshot(join(ARTIFACTS, `serve-${label}.png`));

    await s.navigate(`${ctx.base}/?demo`);
    await s.waitFor(async () => (await s.text('app-info')).includes(ctx.db), { what: 'the footer naming the demo database' });
    const bb26 = ctx.ids['Bean & Bloom 2026'];
    assert.match(await s.text(`assessment-${bb26}`), /2026[\s\S]*SAQ A[\s\S]*27 \/ 27/);
    await shot('home');

    await s.click(`open-${bb26}`);
    await s.byTestId('req-detail');
    assert.match(await s.text('context'), /Bean & Bloom[\s\S]*SAQ A/);
    await shot('checklist');

    // One assessment holding two SAQs: 9.4.1 is answered per SAQ.
    const ff = ctx.ids['Fjord & Fell 2026'];
    await s.navigate(`${ctx.base}/?demo&open=${ff}&focus=9.4.1`);
    await s.find('[data-testid="req-detail"][data-req-id="9.4.1"]');
    assert.equal(await (await s.byTestId('answer-scope')).attr('data-scope'), 'split');
    assert.match(await s.text('saq-tab-A'), /Attested/);
    await shot('checklist-two-saqs');

    // The wizard's screenshot parameters fill it as a user would; the result is the engine's.
    await s.navigate(`${ctx.base}/?demo&view=wizard&preset=separated&step=3`);
    const saq = await s.byTestId('scope-result-saq');
    await s.waitFor(async () => (await saq.attr('data-saq')) === 'A,C-VT', { what: 'one SAQ per channel' });
    await s.byTestId('route-per-channel-recommended');
    assert.match(await s.text('route-covering'), /SAQ D/);
    assert.equal((await s.present(tid('unanswered-warning'))).length, 0);
    await shot('wizard-result');
  });
});
