import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

// The CSP the desktop shell should ship (tauri.conf.json app.security.csp; Tauri adds its own IPC
// sources to it). `vite preview` sends the same policy so a browser check catches any violation.
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self' ipc: http://ipc.localhost; object-src 'none'; base-uri 'none'; form-action 'none'";

export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  // Tauri loads ui/dist from its own origin; relative asset URLs keep the bundle relocatable.
  base: './',
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, headers: { 'Content-Security-Policy': CSP } },
  build: {
    outDir: 'dist',
    target: ['es2021', 'chrome105', 'safari15'],
    // No inline <script> or data: URLs for assets: everything is a file under 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    restoreMocks: true,
  },
});
