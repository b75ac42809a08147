import {
  defaultAgeOfMajority,
  defaultAllowedUserTypes,
  defaultDirectoryStaleAfterDays,
  defaultHideAfterIdleSeconds,
  defaultReportingNotice,
  defaultSafetyCardTitle,
  defaultSystemBase,
  type LanternConfig,
} from './runtime-config';

/**
 * Every setting at its default and no EHR registered: the app page's settings when its configuration cannot be read,
 * and the practice page's. Apart from runtime-config.ts, so the launch page does not carry it.
 */
export const defaultSettings: LanternConfig = {
  ehrs: [],
  openServers: [],
  safetyCardTitle: defaultSafetyCardTitle,
  reportingNotice: defaultReportingNotice,
  questionnaires: {},
  directory: [],
  directoryStaleAfterDays: defaultDirectoryStaleAfterDays,
  confidentiality: 'R',
  urgentContacts: [],
  ageOfMajority: defaultAgeOfMajority,
  hideAfterIdleSeconds: defaultHideAfterIdleSeconds,
  recordQuestionText: false,
  sensitivityLabel: true,
  systemBase: defaultSystemBase,
  allowedUserTypes: [...defaultAllowedUserTypes],
  allowUnidentifiedUsers: false,
};
