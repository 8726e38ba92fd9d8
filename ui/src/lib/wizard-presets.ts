// Demo only (`?demo&view=wizard&preset=…&step=3`, for screenshots): fills the wizard as a user
// would, with a sample merchant, ticked methods and given answers. The result is the engine's.

import type { WizardState } from './wizard.svelte';

export const PRESETS = ['single', 'declined', 'multi', 'separated', 'platform'] as const;

export async function applyWizardPreset(ws: WizardState, preset: string) {
  ws.profile = {
    legal_name: 'Alpine Trail Gear AG',
    dba: 'Alpine Trail',
    address: 'Bahnhofstrasse 21, 8001 Zürich, Switzerland',
    website: 'https://alpinetrail.ch',
    contact_name: 'Mara Steiner',
    contact_title: 'CFO',
    contact_email: 'mara.steiner@alpinetrail.ch',
    contact_phone: '+41 44 555 01 20',
    business_description: 'Sells hiking equipment online and takes phone orders from clubs.',
    locations: [{ facility_type: 'Head office', count: 1, city_country: 'Zürich, Switzerland' }],
    service_providers: [{ name: 'Stripe', services: 'Payment processing' }],
  };
  switch (preset) {
    case 'multi':
      // Two channels, their separation not answered yet.
      ws.methods = ['elements', 'dashboard'];
      ws.answers = { 'third-party-scripts': 'no', 'dashboard-computer-connected': 'no', 'dashboard-card-reader': 'no', 'dashboard-batch-entry': 'no', 'stores-card-data': 'no' };
      return;
    case 'separated':
      // Two channels kept apart from each other.
      ws.methods = ['elements', 'dashboard'];
      ws.answers = {
        'third-party-scripts': 'no',
        'staff-keyed-web': 'no',
        'dashboard-computer-connected': 'no',
        'dashboard-card-reader': 'no',
        'dashboard-batch-entry': 'no',
        'stores-card-data': 'no',
        'channels-separated': 'yes',
      };
      return;
    case 'platform':
      // A Connect platform with its own Elements checkout and Terminal readers in a shop.
      ws.methods = ['elements', 'connect-operator', 'terminal'];
      ws.answers = { 'third-party-scripts': 'no', 'staff-keyed-web': 'no', 'terminal-shared-network': 'no', 'terminal-other-sites': 'no', 'stores-card-data': 'no' };
      return;
    default:
      ws.methods = ['checkout', 'elements'];
      ws.answers = { 'third-party-scripts': 'no', 'staff-keyed-web': 'no', 'stores-card-data': 'no' };
      for (const c of ['A.1', 'A.2', 'A.3', 'A.4']) ws.decide(c, 'confirm');
      if (preset === 'declined') {
        // Declined as on the result step: with the criterion the result showed, so its text stays.
        await ws.rescope();
        const a7 = ws.result?.eligibility.find((c) => c.id === 'A.7');
        ws.decide(a7 ?? 'A.7', 'decline');
      }
  }
}
