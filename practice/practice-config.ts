import { defaultSettings } from '../src/config/default-settings';
import type { LanternConfig } from '../src/config/runtime-config';

/** Lantern's settings in practice: no EHR, the default labels, and contacts that say they are not real. */
export const practiceConfig: LanternConfig = {
  ...defaultSettings,
  urgentContacts: [
    { label: 'Security (practice number)', number: '555-0100' },
    { label: 'Social work on call (practice number)', number: '555-0101' },
  ],
};
