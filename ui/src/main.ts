import './styles/app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { useServer } from './lib/api';

const params = new URLSearchParams(window.location.search);
const inTauri = '__TAURI_INTERNALS__' in window;
// Outside the desktop shell, `?demo` means the page was served by `saqdesk serve` (see `./dev demo`):
// every call goes to /call on the page's own origin, answered by the real core.
const demo = !inTauri && params.has('demo');
if (demo) useServer('');
const target = document.getElementById('app');
if (target) mount(App, { target, props: { standalone: !inTauri && !demo, params: demo ? params : null } });
