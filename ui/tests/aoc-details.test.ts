// The Attestation screen's AOC details: Part 1b (QSA, ISAs), Part 2b (channel table), 2e
// (validated products), 2f (the three provider questions), 3c/3d; what the patch sends, the
// core's field errors at their field, and the read-only view of an attested SAQ.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import Attestation from '../src/screens/Attestation.svelte';
import { app } from '../src/lib/state.svelte';
import type { AssessmentDetails, AssessmentView } from '../src/lib/api';
import { detailsPatch, formField, nameRows, newProduct, productRows, roleRows } from '../src/lib/details';
import { multiView, status, view } from './fixtures';
import { calls, mockInvoke, serve } from './transport';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

type Refusal = { code: string; message: string; field: string } | null;

/** Answers set_details as the core would (or refuses it with `refuse()`), status as given. */
function core(refuse: (patch: Record<string, unknown>) => Refusal = () => null) {
  serve((cmd, args) => {
    if (cmd === 'set_details') {
      const r = refuse(args);
      if (r) throw r;
      const { assessment: _a, saq: _s, ...d } = args;
      return { ...app.current!.assessment, details: { ...app.current!.assessment.details, ...d } };
    }
    if (cmd === 'status') return status();
    return null;
  });
}

/** The last patch sent, once one has been. */
async function lastPatch(): Promise<Record<string, unknown>> {
  await waitFor(() => expect(calls().some(([c]) => c === 'set_details')).toBe(true), { timeout: 3000 });
  const sent = calls().filter(([c]) => c === 'set_details');
  return sent[sent.length - 1][1];
}

async function patchWhere(pred: (p: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  let found: Record<string, unknown> | undefined;
  await waitFor(
    () => {
      found = calls()
        .filter(([c]) => c === 'set_details')
        .map(([, a]) => a)
        .reverse()
        .find(pred);
      expect(found).toBeTruthy();
    },
    { timeout: 3000 },
  );
  return found!;
}

function withDetails(d: Partial<AssessmentDetails>, over: Partial<AssessmentView> = {}): AssessmentView {
  const v = view(over);
  v.assessment.details = { ...v.assessment.details, ...d };
  v.saqs[0].details = v.assessment.details;
  return v;
}

function withChannels(v: AssessmentView, channels: AssessmentView['assessment']['channels']): AssessmentView {
  v.assessment.channels = channels;
  v.saqs[0].channels = channels;
  return v;
}

afterEach(() => cleanup());
beforeEach(() => {
  mockInvoke.mockReset();
  app.current = view();
  app.saq = null;
  app.docSaq = null;
  app.view = 'attest';
});

describe('AOC Part 1b and 3c: the QSA', () => {
  it('shows “No QSA took part” until opened; the fields then go as one qsa object', async () => {
    core();
    render(Attestation);
    expect(screen.getByTestId('details-qsa-none')).toHaveTextContent('No QSA took part');
    expect(screen.queryByTestId('details-qsa.company_name')).toBeNull();
    // The one-line fields of earlier releases are gone.
    expect(screen.queryByText('QSA involvement')).toBeNull();
    expect(screen.queryByText('ISA involvement')).toBeNull();
    await fireEvent.click(screen.getByTestId('details-qsa-open'));
    await fireEvent.input(screen.getByTestId('details-qsa.company_name'), { target: { value: 'Assure QSA GmbH' } });
    await fireEvent.input(screen.getByTestId('details-qsa.lead_assessor'), { target: { value: 'Quentin Sachs' } });
    await fireEvent.input(screen.getByTestId('details-qsa.email'), { target: { value: 'q.sachs@assure.example' } });
    await fireEvent.click(screen.getByTestId('details-qsa_performed_testing'));
    await fireEvent.input(screen.getByTestId('details-qsa_assistance'), { target: { value: 'Reviewed the scoping.' } });
    const p = await patchWhere((x) => x.qsa_assistance === 'Reviewed the scoping.');
    expect(p.qsa).toEqual({
      company_name: 'Assure QSA GmbH',
      mailing_address: '',
      website: '',
      lead_assessor: 'Quentin Sachs',
      phone: '',
      email: 'q.sachs@assure.example',
      certificate_number: '',
    });
    expect(p.qsa_performed_testing).toBe(true);
    expect(p).not.toHaveProperty('qsa_involved');
    expect(p).not.toHaveProperty('isa_involved');
  });

  it('a QSA kept before opens expanded; the core’s error on qsa.email is shown at that field', async () => {
    app.current = withDetails({ qsa: { company_name: 'Assure QSA GmbH', mailing_address: '', website: '', lead_assessor: '', phone: '', email: '', certificate_number: '' } });
    core((p) => ((p.qsa as { email: string }).email.includes('@') ? null : { code: 'invalid', message: 'not an e-mail address', field: 'qsa.email' }));
    render(Attestation);
    expect(screen.getByTestId('details-qsa.company_name')).toHaveValue('Assure QSA GmbH');
    const email = screen.getByTestId('details-qsa.email');
    await fireEvent.input(email, { target: { value: 'q.sachs at assure' } });
    await waitFor(() => expect(screen.getByTestId('field-error-qsa.email')).toHaveTextContent('not an e-mail address'), { timeout: 3000 });
    expect(email).toHaveAttribute('aria-invalid', 'true');
    await fireEvent.input(email, { target: { value: 'q.sachs@assure.example' } });
    await waitFor(() => expect(screen.queryByTestId('field-error-qsa.email')).toBeNull(), { timeout: 3000 });
  });

  it('“No QSA took part” asks before clearing what was typed, then sends an empty QSA', async () => {
    app.current = withDetails({ qsa: { company_name: 'Assure QSA GmbH', mailing_address: '', website: '', lead_assessor: 'Q. Sachs', phone: '', email: '', certificate_number: '' } });
    core();
    render(Attestation);
    await fireEvent.click(screen.getByTestId('details-qsa-remove'));
    expect(screen.getByTestId('details-qsa.company_name')).toHaveValue('Assure QSA GmbH');
    await fireEvent.click(screen.getByTestId('details-qsa-remove-confirm'));
    expect(screen.getByTestId('details-qsa-none')).toBeInTheDocument();
    const p = await lastPatch();
    expect(Object.values(p.qsa as object).every((v) => v === '')).toBe(true);
  });
});

describe('AOC Part 1b and 3d: ISAs', () => {
  it('names go as a list; a blank line is not sent; removing one removes it', async () => {
    core();
    render(Attestation);
    expect(screen.getByTestId('details-isa-none')).toHaveTextContent('No Internal Security Assessor took part');
    await fireEvent.click(screen.getByTestId('details-isa_names-add'));
    await fireEvent.input(screen.getByTestId('details-isa_names[0]'), { target: { value: 'Ines Auditor' } });
    await fireEvent.click(screen.getByTestId('details-isa_names-add'));
    await fireEvent.click(screen.getByTestId('details-isa_names-add'));
    await fireEvent.input(screen.getByTestId('details-isa_names[2]'), { target: { value: 'Ivo Innen' } });
    expect((await patchWhere((p) => (p.isa_names as string[]).length === 2)).isa_names).toEqual(['Ines Auditor', 'Ivo Innen']);
    await fireEvent.click(screen.getByTestId('details-isa_names[0]-remove'));
    expect((await patchWhere((p) => (p.isa_names as string[]).length === 1)).isa_names).toEqual(['Ivo Innen']);
    // Part 3d shows with the ISAs.
    await fireEvent.click(screen.getByTestId('details-isa_performed_testing'));
    expect((await patchWhere((p) => p.isa_performed_testing === true)).isa_names).toEqual(['Ivo Innen']);
  });
});

describe('AOC Part 2b: one row per channel', () => {
  it('offers a row for each channel of the SAQ; only the rows written in are sent', async () => {
    app.current = withChannels(view(), ['ecommerce', 'moto']);
    core();
    render(Attestation);
    expect(screen.getByTestId('details-channel_roles[0].channel')).toHaveValue('E-commerce');
    expect(screen.getByTestId('details-channel_roles[1].channel')).toHaveValue('Mail order / telephone order (MOTO)');
    expect(screen.queryByTestId('details-how_channels_handle_data')).toBeNull();
    await fireEvent.input(screen.getByTestId('details-channel_roles[1].how'), { target: { value: 'Staff key phone orders into the Stripe Dashboard.' } });
    const p = await lastPatch();
    expect(p.channel_roles).toEqual([{ channel: 'Mail order / telephone order (MOTO)', how: 'Staff key phone orders into the Stripe Dashboard.' }]);
  });

  it('an added row goes once it names a channel; the core’s error lands on that row', async () => {
    app.current = withChannels(view(), ['ecommerce']);
    core((p) => {
      const roles = p.channel_roles as { channel: string }[];
      const i = roles.findIndex((r) => !r.channel.trim());
      return i >= 0 ? { code: 'invalid', message: 'name the payment channel', field: `channel_roles[${i}].channel` } : null;
    });
    render(Attestation);
    await fireEvent.click(screen.getByTestId('details-channel_roles-add'));
    await fireEvent.input(screen.getByTestId('details-channel_roles[1].how'), { target: { value: 'Cards taken at the market stall on a Stripe reader.' } });
    // Row 0 (a suggestion nobody wrote in) is not sent, so the core's index 0 is the form's row 1.
    await waitFor(() => expect(screen.getByTestId('field-error-channel_roles[1].channel')).toHaveTextContent('name the payment channel'), { timeout: 3000 });
    expect(screen.queryByTestId('field-error-channel_roles[0].channel')).toBeNull();
    await fireEvent.input(screen.getByTestId('details-channel_roles[1].channel'), { target: { value: 'Card-present' } });
    const p = await patchWhere((x) => (x.channel_roles as { channel: string }[]).some((r) => r.channel === 'Card-present'));
    expect(p.channel_roles).toEqual([{ channel: 'Card-present', how: 'Cards taken at the market stall on a Stripe reader.' }]);
  });

  it('the one description of an earlier release stays editable beside the table', async () => {
    app.current = withDetails({ how_channels_handle_data: 'Everything goes through Stripe Checkout.' });
    core();
    render(Attestation);
    expect(screen.getByTestId('details-how_channels_handle_data')).toHaveValue('Everything goes through Stripe Checkout.');
    expect(screen.getByText(/Kept from an earlier version/)).toBeInTheDocument();
  });
});

describe('AOC Part 2e: validated products', () => {
  it('yes / no / not answered; products with an expiry date; an error on a product’s name at that product', async () => {
    core((p) => {
      const list = p.products as { name: string }[];
      const i = list.findIndex((x) => !x.name.trim());
      return i >= 0 ? { code: 'invalid', message: 'a validated product needs its name', field: `products[${i}].name` } : null;
    });
    render(Attestation);
    expect(screen.getByTestId('details-uses_validated_products-unanswered')).toBeChecked();
    expect(screen.queryByTestId('details-products-add')).toBeNull();
    await fireEvent.click(screen.getByTestId('details-uses_validated_products-yes'));
    expect((await lastPatch()).uses_validated_products).toBe(true);
    await fireEvent.click(screen.getByTestId('details-products-add'));
    await fireEvent.click(screen.getByTestId('details-products-add'));
    // The first row stays blank (not sent); the second is started without its name.
    await fireEvent.input(screen.getByTestId('details-products[1].version'), { target: { value: '1.0' } });
    await waitFor(() => expect(screen.getByTestId('field-error-products[1].name')).toHaveTextContent('a validated product needs its name'), { timeout: 3000 });
    expect(screen.getByTestId('details-products[1].name')).toHaveAttribute('aria-invalid', 'true');
    await fireEvent.input(screen.getByTestId('details-products[1].name'), { target: { value: 'Stripe Terminal BBPOS WisePOS E' } });
    await fireEvent.input(screen.getByTestId('details-products[1].standard'), { target: { value: 'PTS POI' } });
    await fireEvent.input(screen.getByTestId('details-products[1].listing_reference'), { target: { value: '4-30310' } });
    const expiry = screen.getByTestId('details-products[1].expiry');
    expect(expiry).toHaveAttribute('type', 'date');
    await fireEvent.input(expiry, { target: { value: '2027-04-30' } });
    await fireEvent.change(expiry, { target: { value: '2027-04-30' } });
    const p = await patchWhere((x) => (x.products as { expiry?: string }[])[0]?.expiry === '2027-04-30');
    expect(p.products).toEqual([{ name: 'Stripe Terminal BBPOS WisePOS E', version: '1.0', standard: 'PTS POI', listing_reference: '4-30310', expiry: '2027-04-30' }]);
    await waitFor(() => expect(screen.queryByTestId('field-error-products[1].name')).toBeNull(), { timeout: 3000 });
  });

  it('“No” while products are listed: the core’s refusal shows at the question', async () => {
    app.current = withDetails({ uses_validated_products: true, products: [{ name: 'P2PE solution X', version: '', standard: 'P2PE', listing_reference: '2021-00001' }] });
    core((p) =>
      p.uses_validated_products === false && (p.products as unknown[]).length
        ? { code: 'invalid', message: 'products are listed, so the answer cannot be "no"', field: 'uses_validated_products' }
        : null,
    );
    render(Attestation);
    expect(screen.getByTestId('details-products[0].name')).toHaveValue('P2PE solution X');
    await fireEvent.click(screen.getByTestId('details-uses_validated_products-no'));
    await waitFor(() => expect(screen.getByTestId('field-error-uses_validated_products')).toHaveTextContent('cannot be "no"'), { timeout: 3000 });
  });
});

describe('AOC Part 2f: service providers', () => {
  it('lists the profile’s providers and asks the three questions', async () => {
    const v = view();
    v.merchant.service_providers = [{ name: 'Stripe', services: 'Payment processing' }];
    app.current = v;
    core();
    render(Attestation);
    expect(screen.getByTestId('details-providers')).toHaveTextContent('Stripe (Payment processing)');
    await fireEvent.click(screen.getByTestId('details-providers_handle_account_data-yes'));
    await fireEvent.click(screen.getByTestId('details-providers_manage_components-no'));
    const p = await patchWhere((x) => x.providers_manage_components === false);
    expect(p).toMatchObject({ providers_handle_account_data: true, providers_manage_components: false, providers_could_affect_security: null });
  });
});

describe('AOC details of an attested SAQ', () => {
  it('are shown as text, not as fields', async () => {
    const v = multiView({ attestedA: true });
    v.saqs[0].details = {
      ...v.saqs[0].details,
      channel_roles: [{ channel: 'E-commerce', how: 'Stripe Checkout; the shop never sees card data.' }],
      environment_description: 'One web server.',
      uses_validated_products: false,
      providers_handle_account_data: true,
      isa_names: ['Ines Auditor'],
      isa_performed_testing: true,
    };
    app.current = v;
    app.docSaq = 'A';
    serve(() => null);
    render(Attestation);
    await screen.findByTestId('attested');
    const table = screen.getByTestId('details-channel_roles');
    expect(table.tagName).toBe('TABLE');
    expect(within(table).getByText('Stripe Checkout; the shop never sees card data.')).toBeInTheDocument();
    expect(screen.getByTestId('details-uses_validated_products')).toHaveTextContent('No');
    expect(screen.getByTestId('details-providers_handle_account_data')).toHaveTextContent('Yes');
    expect(screen.getByTestId('details-providers_manage_components')).toHaveTextContent('Not answered');
    expect(screen.getByTestId('details-qsa-none')).toHaveTextContent('No QSA took part');
    expect(screen.queryByTestId('details-qsa-open')).toBeNull();
    expect(screen.getByTestId('details-isa_names')).toHaveTextContent('Ines Auditor');
    expect(screen.getByTestId('details-isa_performed_testing')).toHaveTextContent('Yes');
    const section = screen.getByTestId('details-assessors').closest('.main-col')!;
    expect(section.querySelectorAll('input:not([type="radio"]):not([type="checkbox"]), textarea')).toHaveLength(0);
    expect(screen.queryByTestId('details-save-state')).toBeNull();
  });
});

describe('details.ts', () => {
  const base = view().assessment.details;

  it('leaves out rows nobody started and never sends the one-line Part 1b', () => {
    const roles = roleRows([{ channel: 'E-commerce', how: 'Checkout' }], ['E-commerce', 'Card-present']);
    expect(roles.map((r) => [r.channel, r.suggested])).toEqual([
      ['E-commerce', false],
      ['Card-present', true],
    ]);
    const products = [...productRows([]), newProduct()];
    const isas = nameRows(['Ines', '']);
    const { patch, sent } = detailsPatch({ ...base, qsa_involved: 'Old QSA', isa_involved: 'Old ISA' }, { roles, products, isas });
    expect(patch.channel_roles).toEqual([{ channel: 'E-commerce', how: 'Checkout' }]);
    expect(patch.products).toEqual([]);
    expect(patch.isa_names).toEqual(['Ines']);
    expect(patch).not.toHaveProperty('qsa_involved');
    expect(patch).not.toHaveProperty('isa_involved');
    expect(sent.channel_roles).toEqual([roles[0].key]);
    expect(formField('channel_roles[0].how', sent)).toBe(`channel_roles#${roles[0].key}.how`);
    expect(formField('isa_names[0]', sent)).toBe(`isa_names#${isas[0].key}`);
    expect(formField('qsa.email', sent)).toBe('qsa.email');
    expect(formField('products[3].name', sent)).toBe('products[3].name');
  });

  it('an SAQ without channels still starts with one empty row', () => {
    const rows = roleRows([], []);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: '', how: '', suggested: true });
  });
});

describe('AOC Part 1a: the merchant and its contact', () => {
  it('edits the contact details through set_merchant with only the changed field, and shows the core’s refusal at its field', async () => {
    serve((cmd, args) => {
      if (cmd === 'set_merchant') {
        if (args.contact_email === 'not-an-address') throw { code: 'invalid_input', message: 'contact_email: not an e-mail address', field: 'contact_email' };
        const { id: _id, ...rest } = args;
        return { ...app.current!.merchant, ...rest };
      }
      if (cmd === 'status') return status();
      return null;
    });
    render(Attestation);
    const card = await screen.findByTestId('details-merchant');
    expect(within(card).getByTestId('merchant-legal_name')).toHaveProperty('value', app.current!.merchant.legal_name);
    await fireEvent.input(within(card).getByTestId('merchant-contact_phone'), { target: { value: '+49 40 555 0101' } });
    await waitFor(() => expect(calls().some(([c]) => c === 'set_merchant')).toBe(true), { timeout: 3000 });
    const sent = calls().filter(([c]) => c === 'set_merchant')[0][1];
    expect(sent).toEqual({ id: app.current!.merchant.id, contact_phone: '+49 40 555 0101' });
    await waitFor(() => expect(app.current!.merchant.contact_phone).toBe('+49 40 555 0101'));
    await fireEvent.input(within(card).getByTestId('merchant-contact_email'), { target: { value: 'not-an-address' } });
    expect(await within(card).findByTestId('field-error-merchant-contact_email', {}, { timeout: 3000 })).toHaveTextContent('not an e-mail address');
  });

  it('has no free-text QSA/ISA involvement fields any more', () => {
    core();
    render(Attestation);
    expect(screen.queryByTestId('details-qsa_involved')).toBeNull();
    expect(screen.queryByTestId('details-isa_involved')).toBeNull();
  });
});

describe('AOC Part 2d: locations', () => {
  it('sends the facilities typed in as the merchant’s locations list, without an empty row', async () => {
    serve((cmd, args) => {
      if (cmd === 'set_merchant') {
        const { id: _id, ...rest } = args;
        return { ...app.current!.merchant, ...rest };
      }
      if (cmd === 'status') return status();
      return null;
    });
    render(Attestation);
    await fireEvent.click(await screen.findByTestId('merchant-locations-add'));
    await fireEvent.click(screen.getByTestId('merchant-locations-add'));
    await fireEvent.input(screen.getByTestId('merchant-locations[0].facility_type'), { target: { value: 'Head office' } });
    await fireEvent.input(screen.getByTestId('merchant-locations[0].city_country'), { target: { value: 'Hamburg, Germany' } });
    await waitFor(
      () => {
        const sent = calls().filter(([c]) => c === 'set_merchant').map(([, a]) => a);
        expect(sent[sent.length - 1]).toEqual({ id: app.current!.merchant.id, locations: [{ facility_type: 'Head office', count: 1, city_country: 'Hamburg, Germany' }] });
      },
      { timeout: 3000 },
    );
  });
});
