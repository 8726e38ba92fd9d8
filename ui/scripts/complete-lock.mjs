#!/usr/bin/env node
// Adds lockfile entries for the platform-specific optional packages (rollup, Tauri CLI, esbuild…)
// that `npm install` could not record because the registry mirror it used lacks them. Without
// these entries `npm ci` refuses the lockfile ("Missing: … from lock file"). Entries are written
// the way npm writes them for foreign platforms (version, os/cpu/libc, optional), so npm skips
// them here and fetches them on the platform that needs them.
// Usage (from ui/): node scripts/complete-lock.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const pkgs = lock.packages;

function platform(name) {
  const tail = name.split('/').pop().replace(/^(rollup|cli)-/, '');
  const [os, cpu, abi] = tail.split('-');
  const out = { os: [os], cpu: [cpu === 'arm' ? 'arm' : cpu] };
  if (os === 'linux') out.libc = [abi && abi.startsWith('musl') ? 'musl' : 'glibc'];
  return out;
}

let added = 0;
for (const [path, meta] of Object.entries(pkgs)) {
  for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
    if (!/^@(rollup|tauri-apps|esbuild)\//.test(dep)) continue;
    const at = `node_modules/${dep}`;
    if (pkgs[at] || !/^\d+\.\d+\.\d+$/.test(version)) continue;
    const p = platform(dep);
    pkgs[at] = { version, cpu: p.cpu, dev: meta.dev || undefined, ...(p.libc ? { libc: p.libc } : {}), optional: true, os: p.os };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} platform entries`);
