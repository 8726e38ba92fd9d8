// Shared set-up of the end-to-end tests: one SAQ Desk window per scenario, on its own temporary
// database, driven through tauri-driver (started by tests/e2e/run).

import { after, before, it } from 'node:test';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Session, tid } from './webdriver.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = process.env.E2E_ARTIFACTS || join(ROOT, 'test-artifacts/e2e');
export const DRIVER = process.env.TAURI_DRIVER_URL || 'http://127.0.0.1:4444';
export const APP = process.env.SAQDESK_APP || join(ROOT, 'target/debug/saq-desk');
/** The command-line tool (for demo databases and `saqdesk serve`). */
export const CLI = process.env.SAQDESK_CLI || join(ROOT, 'target/debug/saqdesk');
export { ROOT };
export { tid };

/** Today as YYYY-MM-DD (local time, as the date inputs show it). */
export function today(offsetDays = 0) {
  const d = new Date(Date.now() + offsetDays * 86400000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function sh(s) {
  return `'${String(s).replace(/'/g, `'\\''`)}'`;
}

/**
 * A scenario: launches the app on a fresh database before its steps and closes it after.
 * Steps run in order; once one fails the rest are skipped (they would only fail for the same
 * reason) and a screenshot of the failure is kept. `prepare(ctx)` may fill the database
 * (`ctx.db`, in the scenario's folder `ctx.dir`) before the window opens.
 */
export function scenario(name, { prepare } = {}) {
  const ctx = { s: null, dir: null, db: null, name, shots: 0 };
  let broken = null;

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ctx.dir = mkdtempSync(join(tmpdir(), `saqdesk-e2e-${name}-`));
    ctx.db = join(ctx.dir, 'saqdesk.sqlite3');
    if (prepare) await prepare(ctx);
    // tauri-driver starts the application itself, with its own environment. A small wrapper gives
    // this window its own database, audit-trail user and XDG folders (WebView storage) without
    // touching the driver's environment, so each scenario starts from nothing. It also keeps the
    // window off the desktop's D-Bus session: SAQ Desk is single-instance, and a copy the
    // developer has open would otherwise take the launch over and the test window never appear.
    const wrapper = join(ctx.dir, 'saq-desk.sh');
    const xdg = join(ctx.dir, 'xdg');
    mkdirSync(join(xdg, 'run'), { recursive: true, mode: 0o700 });
    writeFileSync(
      wrapper,
      [
        '#!/bin/sh',
        `export SAQDESK_DB=${sh(ctx.db)}`,
        `export SAQDESK_USER=${sh(`e2e-${name}`)}`,
        `export XDG_DATA_HOME=${sh(join(xdg, 'data'))} XDG_CONFIG_HOME=${sh(join(xdg, 'config'))} XDG_CACHE_HOME=${sh(join(xdg, 'cache'))}`,
        `export XDG_RUNTIME_DIR=${sh(join(xdg, 'run'))}`,
        // The OS file dialogs of the blank-form door commands answer from this file (ctx.dialogs).
        `export SAQDESK_E2E_DIALOGS=${sh(join(ctx.dir, 'dialogs.json'))}`,
        'unset DBUS_SESSION_BUS_ADDRESS',
        `exec ${sh(APP)} "$@"`,
        '',
      ].join('\n'),
    );
    chmodSync(wrapper, 0o755);
    ctx.s = await Session.create(DRIVER, wrapper, { implicitMs: 5000 });
    // The session opens before the page has loaded: wait for the app's own top bar.
    await ctx.s.find(tid('nav-home'));
  });

  after(async () => {
    await ctx.s?.delete();
    if (ctx.dir && !broken && !process.env.E2E_KEEP) rmSync(ctx.dir, { recursive: true, force: true });
    else if (ctx.dir) console.log(`# ${name}: kept ${ctx.dir}`);
  });

  /**
   * Answers the next file dialogs of the blank-form door commands as a user would:
   * `{ pick_blank_form: path, save_form: path }` (a dialog not named is cancelled).
   */
  ctx.dialogs = (answers) => writeFileSync(join(ctx.dir, 'dialogs.json'), JSON.stringify(answers));

  /** Saves a screenshot as test-artifacts/e2e/<scenario>-<nn>-<label>.png. */
  ctx.shot = async (label) => {
    ctx.shots += 1;
    return ctx.s.screenshot(join(ARTIFACTS, `${name}-${String(ctx.shots).padStart(2, '0')}-${label}.png`));
  };

  ctx.step = (title, fn, { timeout = 60000 } = {}) =>
    it(title, { timeout }, async (t) => {
      if (broken) {
        t.skip(`skipped: "${broken}" failed`);
        return;
      }
      try {
        await fn(t);
      } catch (e) {
        broken = title;
        try {
          await ctx.s?.screenshot(join(ARTIFACTS, `${name}-FAILED-${title.replace(/[^\w]+/g, '-').slice(0, 60)}.png`));
        } catch {
          /* the window may be gone */
        }
        throw e;
      }
    });

  return ctx;
}

/** Scrolls the element into the middle of its scroll container (for screenshots). */
export async function scrollTo(s, el) {
  await s.execute('arguments[0].scrollIntoView({block: "center"});', el);
}

/** Waits until the checklist's autosave indicator says "Saved". */
export async function waitSaved(s, what = 'the answer to be saved') {
  return s.waitFor(
    async () => {
      const t = await s.text('save-state');
      if (t.startsWith('Not saved')) throw new Error(t);
      return t.startsWith('Saved') ? t : null;
    },
    { what, timeoutMs: 10000 },
  );
}

/** Number of blocker items on the Attestation screen (0 when nothing blocks). */
export async function blockerCount(s) {
  await s.find(tid('blocker-list'));
  const items = await s.present('[data-testid="blocker-list"] [data-testid^="blocker-"]:not([data-testid^="blocker-group-"])');
  return items.length;
}

/**
 * Answers AOC Part 2e (no listed product) and Part 2f (Stripe handles account data; no provider
 * manages components or could affect security) on the Attestation screen.
 */
export async function answerPart2eAnd2f(s) {
  for (const id of [
    'details-uses_validated_products-no',
    'details-providers_handle_account_data-yes',
    'details-providers_manage_components-no',
    'details-providers_could_affect_security-no',
  ]) {
    // Each answer is saved at once and the blocker list above shrinks, moving the form up: wait
    // for the save before the next click, so that it lands on the choice it aims at.
    await s.click(id);
    await s.waitFor(async () => (await (await s.byTestId(id)).prop('checked')) === true, { what: `${id} to be chosen` });
    await s.waitFor(async () => (await s.text('details-save-state')).startsWith('Saved'), { what: `${id} to be saved` });
  }
}
