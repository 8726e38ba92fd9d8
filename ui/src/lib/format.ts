// Small display helpers shared by the screens.

import type { Channel, Compliance, ResponseKind } from './api';

export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const dateTimeFmt = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "2025-03-12" or an RFC 3339 timestamp → "12 Mar 2025". */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? iso : dateFmt.format(d);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFmt.format(d);
}

/** Today in local time as "YYYY-MM-DD". */
export function todayIso(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

export function shortSha(sha: string): string {
  return sha.slice(0, 12);
}

export function percent(part: number, total: number): number {
  if (total <= 0) return 0;
  return Math.max(0, Math.min(100, Math.round((part / total) * 100)));
}

export const CHANNEL_LABELS: Record<Channel, string> = {
  ecommerce: 'E-commerce',
  moto: 'Mail order / telephone order (MOTO)',
  'card-present': 'Card-present',
};

export function channelLabel(c: string): string {
  return CHANNEL_LABELS[c as Channel] ?? c;
}

export const RESPONSE_LABELS: Record<ResponseKind, string> = {
  'in-place': 'In Place',
  'in-place-ccw': 'In Place with CCW',
  'not-applicable': 'Not Applicable',
  'not-tested': 'Not Tested',
  'not-in-place': 'Not in Place',
};

export const RESPONSE_SHORT: Record<ResponseKind, string> = {
  'in-place': 'In Place',
  'in-place-ccw': 'CCW',
  'not-applicable': 'N/A',
  'not-tested': 'Not Tested',
  'not-in-place': 'Not in Place',
};

export const COMPLIANCE_LABELS: Record<Compliance, string> = {
  compliant: 'Compliant',
  'non-compliant': 'Non-Compliant',
  'compliant-with-legal-exception': 'Compliant but with Legal exception',
};

export function saqName(id: string): string {
  return id.startsWith('SAQ ') ? id : `SAQ ${id}`;
}
