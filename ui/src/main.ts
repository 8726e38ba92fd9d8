import './styles/app.css';
import { mount } from 'svelte';
import App from './App.svelte';

async function start() {
  const params = new URLSearchParams(window.location.search);
  const inTauri = '__TAURI_INTERNALS__' in window;
  let demo = false;
  // Outside the desktop shell there is no backend. With ?demo the UI runs against an in-memory
  // mock (lib/demo.ts, loaded only in that case) so it can be viewed and screenshotted in a browser.
  if (!inTauri && params.has('demo')) {
    const { installDemo } = await import('./lib/demo');
    installDemo(params.get('demo') || 'full');
    demo = true;
  }
  const target = document.getElementById('app');
  if (target) mount(App, { target, props: { standalone: !inTauri && !demo, params: demo ? params : null } });
}

void start();
