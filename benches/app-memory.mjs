// Opens the fully answered SAQ D assessment in the real window and reports resident memory.
import { readFileSync, readdirSync } from 'node:fs';
import { Session } from '../tests/e2e/webdriver.mjs';

const s = await Session.create(process.env.TAURI_DRIVER_URL, process.env.SAQDESK_APP, { implicitMs: 10000 });
try {
  const id = process.env.ASSESSMENT;
  await s.find(`[data-testid="open-${id}"]`);
  const t0 = Date.now();
  await s.click(`open-${id}`);
  await s.find('[data-testid^="req-"]');
  console.log(`open the assessment in the window (click to checklist shown): ${Date.now() - t0} ms`);
  await new Promise((r) => setTimeout(r, 1500));
  const rss = (pid) => {
    try {
      const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
      return m ? Number(m[1]) : 0;
    } catch { return 0; }
  };
  const procs = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map((pid) => {
    let cmd = '';
    try { cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '); } catch { /* gone */ }
    return { pid, cmd };
  });
  const app = procs.filter((p) => p.cmd.includes('target/release/saq-desk'));
  const web = procs.filter((p) => /WebKit(Web|Network)Process/.test(p.cmd));
  // PSS shares each shared-library page among the processes that map it: what the app really costs.
  const pss = (pid) => {
    try {
      const m = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(/Pss:\s+(\d+) kB/);
      return m ? Number(m[1]) : 0;
    } catch { return 0; }
  };
  // RssAnon is what the process allocated itself; RssFile is mapped libraries and data files.
  const status = (pid, key) => {
    try {
      const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`${key}:\\s+(\\d+) kB`));
      return m ? Number(m[1]) : 0;
    } catch { return 0; }
  };
  const sum = (ps, f) => ps.reduce((a, p) => a + f(p.pid), 0) / 1024;
  console.log(`memory after opening SAQ D (233 answered requirements), MiB:`);
  console.log(`  saq-desk process:               RSS ${sum(app, rss).toFixed(1)}  PSS ${sum(app, pss).toFixed(1)}`);
  console.log(`    of which RssAnon ${sum(app, (p) => status(p, 'RssAnon')).toFixed(1)}, RssFile ${sum(app, (p) => status(p, 'RssFile')).toFixed(1)}, RssShmem ${sum(app, (p) => status(p, 'RssShmem')).toFixed(1)}`);
  console.log(`  WebKit web + network processes: RSS ${sum(web, rss).toFixed(1)}  PSS ${sum(web, pss).toFixed(1)}`);
  console.log(`  total:                          RSS ${(sum(app, rss) + sum(web, rss)).toFixed(1)}  PSS ${(sum(app, pss) + sum(web, pss)).toFixed(1)}`);
} finally {
  await s.delete();
}
