// The AOC details form (Part 1b, Part 2, Part 3c–3d) as rows the user edits, and the patch it
// sends. What is valid, what blocks and what the official form prints are the core's decisions;
// this module only keeps track of table rows (with stable keys, so focus and errors stay on the
// row the user is typing in) and leaves out rows the user has not started.

import type { AssessmentDetails, Assessor, ChannelRole, DetailsPatch, ValidatedProduct } from './api';

let nextKey = 1;
function key(): number {
  return nextKey++;
}

/** A Part 2b row. `suggested`: offered for one of the SAQ's channels, not yet written in. */
export interface RoleRow {
  key: number;
  channel: string;
  how: string;
  suggested: boolean;
}

export interface ProductRow {
  key: number;
  name: string;
  version: string;
  standard: string;
  listing_reference: string;
  /** YYYY-MM-DD, or '' for none (the date input's own value). */
  expiry: string;
}

export interface NameRow {
  key: number;
  name: string;
}

export interface DetailsRows {
  roles: RoleRow[];
  products: ProductRow[];
  isas: NameRow[];
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The Part 2b table: the rows kept, then a suggested row for each of the SAQ's channels that no
 * row names yet; with neither, one empty row to start from.
 */
export function roleRows(saved: ChannelRole[], channels: string[]): RoleRow[] {
  const rows: RoleRow[] = saved.map((r) => ({ key: key(), channel: r.channel, how: r.how, suggested: false }));
  for (const c of channels) {
    if (!rows.some((r) => same(r.channel, c))) rows.push({ key: key(), channel: c, how: '', suggested: true });
  }
  if (!rows.length) rows.push(newRole());
  return rows;
}

export function newRole(): RoleRow {
  return { key: key(), channel: '', how: '', suggested: true };
}

export function productRows(saved: ValidatedProduct[]): ProductRow[] {
  return saved.map((p) => ({
    key: key(),
    name: p.name,
    version: p.version,
    standard: p.standard,
    listing_reference: p.listing_reference,
    expiry: p.expiry ?? '',
  }));
}

export function newProduct(): ProductRow {
  return { key: key(), name: '', version: '', standard: '', listing_reference: '', expiry: '' };
}

export function nameRows(saved: string[]): NameRow[] {
  return saved.map((name) => ({ key: key(), name }));
}

export function newName(): NameRow {
  return { key: key(), name: '' };
}

export function qsaIsEmpty(q: Assessor): boolean {
  return Object.values(q).every((v) => !String(v ?? '').trim());
}

export const EMPTY_QSA: Assessor = {
  company_name: '',
  mailing_address: '',
  website: '',
  lead_assessor: '',
  phone: '',
  email: '',
  certificate_number: '',
};

// A row the user has not started is not a row of the AOC: a suggested channel nobody described,
// a product or ISA line added and left blank.
const roleStarted = (r: RoleRow) => !!r.how.trim() || (!r.suggested && !!r.channel.trim());
const productStarted = (p: ProductRow) => [p.name, p.version, p.standard, p.listing_reference, p.expiry].some((v) => v.trim());

/** Which form row each index of a sent list is, to put the core's field errors on that row. */
export interface SentRows {
  channel_roles: number[];
  products: number[];
  isa_names: number[];
}

/**
 * Every field the form edits, as one patch. The one-line Part 1b of earlier releases
 * (`qsa_involved`, `isa_involved`) is never sent: the core would write it over `qsa.company_name`
 * and `isa_names`.
 */
export function detailsPatch(d: AssessmentDetails, rows: DetailsRows): { patch: Omit<DetailsPatch, 'assessment'>; sent: SentRows } {
  const roles = rows.roles.filter(roleStarted);
  const products = rows.products.filter(productStarted);
  const isas = rows.isas.filter((n) => n.name.trim());
  const patch: Omit<DetailsPatch, 'assessment'> = {
    channels_excluded: d.channels_excluded,
    how_channels_handle_data: d.how_channels_handle_data,
    channel_roles: roles.map((r) => ({ channel: r.channel, how: r.how })),
    environment_description: d.environment_description,
    segmentation_used: d.segmentation_used,
    validated_products: d.validated_products,
    uses_validated_products: d.uses_validated_products,
    products: products.map((p) => {
      const out: ValidatedProduct = { name: p.name, version: p.version, standard: p.standard, listing_reference: p.listing_reference };
      if (p.expiry) out.expiry = p.expiry;
      return out;
    }),
    providers_handle_account_data: d.providers_handle_account_data,
    providers_manage_components: d.providers_manage_components,
    providers_could_affect_security: d.providers_could_affect_security,
    isa_names: isas.map((n) => n.name),
    qsa: { ...d.qsa },
    qsa_performed_testing: d.qsa_performed_testing,
    qsa_assistance: d.qsa_assistance,
    isa_performed_testing: d.isa_performed_testing,
    isa_assistance: d.isa_assistance,
  };
  return { patch, sent: { channel_roles: roles.map((r) => r.key), products: products.map((p) => p.key), isa_names: isas.map((n) => n.key) } };
}

const LISTED = /^(channel_roles|products|isa_names)\[(\d+)\](.*)$/;

/**
 * Where the core's field is on the form: a list field's index becomes the row's key
 * ("products[1].name" → "products#7.name"); other fields stay as they are ("qsa.email").
 */
export function formField(field: string, sent: SentRows): string {
  const m = LISTED.exec(field);
  if (!m) return field;
  const list = m[1] as keyof SentRows;
  const k = sent[list][Number(m[2])];
  return k === undefined ? field : `${list}#${k}${m[3]}`;
}
