import {
  defaultAgeOfMajority,
  defaultAllowedUserTypes,
  defaultDirectoryStaleAfterDays,
  defaultHideAfterIdleSeconds,
  defaultReportingNotice,
  defaultSafetyCardTitle,
  defaultSystemBase,
  type LanternConfig,
} from '../src/config/runtime-config';

/** Lantern's settings in practice: no EHR, the default labels, and contacts that say they are not real. */
export const practiceConfig: LanternConfig = {
  ehrs: [],
  openServers: [],
  safetyCardTitle: defaultSafetyCardTitle,
  reportingNotice: defaultReportingNotice,
  questionnaires: {},
  directory: [],
  directoryStaleAfterDays: defaultDirectoryStaleAfterDays,
  confidentiality: 'R',
  urgentContacts: [
    { label: 'Security (practice number)', number: '555-0100' },
    { label: 'Social work on call (practice number)', number: '555-0101' },
  ],
  ageOfMajority: defaultAgeOfMajority,
  hideAfterIdleSeconds: defaultHideAfterIdleSeconds,
  recordQuestionText: false,
  sensitivityLabel: true,
  systemBase: defaultSystemBase,
  allowedUserTypes: [...defaultAllowedUserTypes],
  allowUnidentifiedUsers: false,
};
