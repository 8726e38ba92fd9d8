// A small W3C WebDriver client over fetch, enough to drive SAQ Desk through tauri-driver
// (which forwards to WebKitWebDriver on Linux). No dependencies.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

function elementId(v) {
  const id = v?.[ELEMENT] ?? v?.ELEMENT;
  if (!id) throw new Error(`not an element reference: ${JSON.stringify(v)}`);
  return id;
}

export class WebDriverError extends Error {
  constructor(method, path, status, value) {
    super(`${method} ${path} → ${status} ${value?.error ?? ''}: ${value?.message ?? JSON.stringify(value)}`);
    this.error = value?.error;
  }
}

async function call(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new WebDriverError(method, path, res.status, { error: 'bad json', message: text.slice(0, 300) });
  }
  if (!res.ok) throw new WebDriverError(method, path, res.status, json.value);
  return json.value;
}

export class Element {
  constructor(session, id, selector) {
    this.s = session;
    this.id = id;
    this.selector = selector;
  }
  #p(suffix) {
    return `/element/${this.id}${suffix}`;
  }
  click() {
    return this.s.cmd('POST', this.#p('/click'), {});
  }
  clear() {
    return this.s.cmd('POST', this.#p('/clear'), {});
  }
  /** Types text into the element (W3C: the element is focused first). */
  type(text) {
    return this.s.cmd('POST', this.#p('/value'), { text });
  }
  /** The rendered text (innerText): WebKitWebDriver's own "element text" drops some of it. */
  text() {
    return this.s.execute('return arguments[0].innerText;', this);
  }
  attr(name) {
    return this.s.cmd('GET', this.#p(`/attribute/${encodeURIComponent(name)}`));
  }
  prop(name) {
    return this.s.cmd('GET', this.#p(`/property/${encodeURIComponent(name)}`));
  }
  selected() {
    return this.s.cmd('GET', this.#p('/selected'));
  }
  enabled() {
    return this.s.cmd('GET', this.#p('/enabled'));
  }
  displayed() {
    return this.s.cmd('GET', this.#p('/displayed'));
  }
  async find(css) {
    const v = await this.s.cmd('POST', this.#p('/element'), { using: 'css selector', value: css });
    return new Element(this.s, elementId(v), css);
  }
  toJSON() {
    return { [ELEMENT]: this.id };
  }
}

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  /** Opens a session on `application` (an absolute path; tauri-driver starts it). */
  static async create(base, application, { implicitMs = 5000, args = [] } = {}) {
    const caps = { capabilities: { alwaysMatch: { 'tauri:options': { application, args } } } };
    const v = await call(base, 'POST', '/session', caps);
    const s = new Session(base, v.sessionId);
    s.implicitMs = implicitMs;
    await s.cmd('POST', '/timeouts', { implicit: implicitMs, script: 30000 });
    return s;
  }

  /** Opens a session with the given W3C capabilities (e.g. a plain WebKit browser, not the app). */
  static async open(base, alwaysMatch, { implicitMs = 5000 } = {}) {
    const v = await call(base, 'POST', '/session', { capabilities: { alwaysMatch } });
    const s = new Session(base, v.sessionId);
    s.implicitMs = implicitMs;
    await s.cmd('POST', '/timeouts', { implicit: implicitMs, script: 30000 });
    return s;
  }

  /** Loads `url` in the session's window. */
  navigate(url) {
    return this.cmd('POST', '/url', { url });
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  async delete() {
    try {
      await call(this.base, 'DELETE', `/session/${this.id}`);
    } catch {
      /* the app may already be gone */
    }
  }

  /** First element matching `css`, waiting up to the implicit wait. */
  async find(css) {
    const v = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return new Element(this, elementId(v), css);
  }
  async findAll(css) {
    const v = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return v.map((e) => new Element(this, elementId(e), css));
  }
  byTestId(id) {
    return this.find(tid(id));
  }
  async click(testid) {
    const el = await this.byTestId(testid);
    await el.click();
    return el;
  }
  async text(testid) {
    return (await this.byTestId(testid)).text();
  }
  /**
   * Types into a field (replacing its value unless `clear` is false) and waits until the page has
   * the whole text: WebKit may still be delivering the key events when the command returns.
   */
  async type(testid, text, { clear = true } = {}) {
    const el = await this.byTestId(testid);
    if (clear) await el.clear();
    const before = clear ? '' : ((await el.prop('value')) ?? '');
    await el.type(text);
    await this.waitFor(async () => (await el.prop('value')) === before + text, { what: `${testid} to hold the typed text`, timeoutMs: 5000, intervalMs: 50 });
    return el;
  }
  /** Elements currently present, without waiting (implicit wait off for the call). */
  async present(css) {
    await this.cmd('POST', '/timeouts', { implicit: 0 });
    try {
      return await this.findAll(css);
    } finally {
      await this.cmd('POST', '/timeouts', { implicit: this.implicitMs ?? 5000 });
    }
  }

  execute(script, ...args) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }
  /** Runs `script` with a callback as its last argument; resolves with what it passes. */
  executeAsync(script, ...args) {
    return this.cmd('POST', '/execute/async', { script, args });
  }

  /**
   * Calls a Tauri command the way the UI does (window.__TAURI_INTERNALS__.invoke). Resolves with
   * the result or rejects with the command's {code, message, field}.
   */
  async invoke(command, args = {}) {
    const out = await this.executeAsync(
      `const [cmd, args, done] = arguments;
       window.__TAURI_INTERNALS__.invoke(cmd, args).then(
         (value) => done({ ok: true, value: value === undefined ? null : value }),
         (error) => done({ ok: false, error }));`,
      command,
      args,
    );
    if (!out.ok) {
      const name = command === 'call' ? args.command : command;
      const e = new Error(`${name}: ${out.error?.code ?? ''} ${out.error?.message ?? JSON.stringify(out.error)}`);
      e.code = out.error?.code;
      e.field = out.error?.field;
      throw e;
    }
    return out.value;
  }

  /** Calls a command of the core's contract as the UI does: invoke('call', { command, args }). */
  call(command, args = {}) {
    return this.invoke('call', { command, args });
  }

  /** Calls a command the window serves itself (save_report, reveal…): invoke(command, { args }). */
  door(command, args = {}) {
    return this.invoke(command, { args });
  }

  /** Presses keys on whatever has focus (W3C actions); `keys` is a string of characters. */
  async keys(keys) {
    const actions = [];
    for (const k of keys) actions.push({ type: 'keyDown', value: k }, { type: 'keyUp', value: k });
    await this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await this.cmd('DELETE', '/actions');
  }

  async screenshot(file) {
    // WebKit hands out the last frame it painted: let the page paint what it has now first.
    await this.executeAsync('const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50)));');
    const b64 = await this.cmd('GET', '/screenshot');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, Buffer.from(b64, 'base64'));
    return file;
  }

  /** Polls `fn` until it returns a truthy value (returned) or `timeoutMs` passes (throws). */
  async waitFor(fn, { timeoutMs = 10000, intervalMs = 100, what = 'condition' } = {}) {
    const end = Date.now() + timeoutMs;
    let last;
    for (;;) {
      try {
        const v = await fn();
        if (v) return v;
        last = v;
      } catch (e) {
        last = e;
      }
      if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

/** CSS selector of a data-testid. */
export function tid(id) {
  return `[data-testid="${String(id).replace(/["\\]/g, '\\$&')}"]`;
}
