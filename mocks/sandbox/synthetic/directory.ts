import type { HealthcareService, HealthcareServiceAvailableTime, Organization } from 'fhir/r4';
import { concept, reference } from './builders';
import { ORGANIZATION_ID } from './care-setting';
import { SYSTEM } from './codes';

/**
 * The sandbox's referral directory: local task-force partners as `HealthcareService` resources, each provided
 * by an Organization, so the referral picker has something realistic to search. Every name says "(sandbox)"
 * and every phone number is in the 555-01xx range reserved for fiction.
 */

export const DIRECTORY_ORGANIZATION_ID = {
  shelter: 'org-safe-harbor-shelter',
  legalAid: 'org-sampleton-legal-aid',
  advocacy: 'org-survivor-advocacy-center',
  coalition: 'org-anti-trafficking-coalition',
  mentalHealth: 'org-sampleton-community-mental-health',
  childAdvocacy: 'org-sampleton-child-advocacy-center',
  childProtection: 'org-sampleton-child-protective-services',
  /** The partner that answers referrals in the sandbox (its page is `/sandbox/partner`). */
  directLight: 'org-direct-light',
} as const;

export const HEALTHCARE_SERVICE_ID = {
  shelter: 'hs-county-shelter',
  legalAid: 'hs-legal-aid',
  victimAdvocate: 'hs-victim-advocate',
  socialWork: 'hs-ed-social-work',
  coalition: 'hs-anti-trafficking-coalition',
  mentalHealth: 'hs-mental-health',
  childAdvocacy: 'hs-child-advocacy-center',
  childProtection: 'hs-child-protection-intake',
  directLight: 'hs-direct-light',
} as const;

/** A sandbox-only service-type system: the HL7 example binding has no codes for these services. */
const SANDBOX_SERVICE_TYPE = 'https://lantern.example.org/sandbox/service-type';
const SERVICE_CATEGORY = 'http://terminology.hl7.org/CodeSystem/service-category';

type Day = NonNullable<HealthcareServiceAvailableTime['daysOfWeek']>[number];
const WEEKDAYS: readonly Day[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const EVERY_DAY: readonly Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const LANGUAGE_NAMES = {
  en: 'English',
  es: 'Spanish',
  vi: 'Vietnamese',
  zh: 'Chinese',
  tl: 'Tagalog',
  ht: 'Haitian Creole',
  ru: 'Russian',
} as const;
type LanguageCode = keyof typeof LANGUAGE_NAMES;

interface OrganizationRow {
  id: string;
  name: string;
  type: 'cg' | 'govt' | 'other';
  typeDisplay: string;
}

const DIRECTORY_ORGANIZATIONS: readonly OrganizationRow[] = [
  { id: DIRECTORY_ORGANIZATION_ID.shelter, name: 'Safe Harbor Shelter (sandbox)', type: 'cg', typeDisplay: 'Community Group' },
  { id: DIRECTORY_ORGANIZATION_ID.legalAid, name: 'Sampleton Legal Aid Society (sandbox)', type: 'other', typeDisplay: 'Other' },
  { id: DIRECTORY_ORGANIZATION_ID.advocacy, name: 'Sampleton Survivor Advocacy Center (sandbox)', type: 'cg', typeDisplay: 'Community Group' },
  { id: DIRECTORY_ORGANIZATION_ID.coalition, name: 'Sampleton Anti-Trafficking Coalition (sandbox)', type: 'cg', typeDisplay: 'Community Group' },
  { id: DIRECTORY_ORGANIZATION_ID.mentalHealth, name: 'Sampleton Community Mental Health (sandbox)', type: 'other', typeDisplay: 'Other' },
  { id: DIRECTORY_ORGANIZATION_ID.childAdvocacy, name: 'Sampleton Child Advocacy Center (sandbox)', type: 'cg', typeDisplay: 'Community Group' },
  { id: DIRECTORY_ORGANIZATION_ID.childProtection, name: 'Sampleton County Child Protective Services (sandbox)', type: 'govt', typeDisplay: 'Government' },
  { id: DIRECTORY_ORGANIZATION_ID.directLight, name: 'Direct Light (sandbox)', type: 'cg', typeDisplay: 'Community Group' },
];

interface ServiceRow {
  id: string;
  organizationId: string;
  name: string;
  category: { code: string; display: string };
  type: { code: string; display: string };
  phone: string;
  /** SMS-capable line, for patients who cannot safely make a call. */
  text?: string;
  languages: readonly LanguageCode[];
  availableTime: readonly HealthcareServiceAvailableTime[];
  availabilityExceptions?: string;
  comment: string;
}

const SERVICES: readonly ServiceRow[] = [
  {
    id: HEALTHCARE_SERVICE_ID.shelter,
    organizationId: DIRECTORY_ORGANIZATION_ID.shelter,
    name: 'Safe Harbor emergency shelter (sandbox)',
    category: { code: '18', display: 'Housing/Homelessness' },
    type: { code: 'shelter', display: 'Shelter' },
    phone: '555-0142',
    text: '555-0143',
    languages: ['en', 'es'],
    availableTime: [{ daysOfWeek: [...EVERY_DAY], allDay: true }],
    comment: 'Confidential emergency and transitional shelter for adults; intake by phone at any hour.',
  },
  {
    id: HEALTHCARE_SERVICE_ID.legalAid,
    organizationId: DIRECTORY_ORGANIZATION_ID.legalAid,
    name: 'Survivor legal services (sandbox)',
    category: { code: '21', display: 'Legal' },
    type: { code: 'legal-aid', display: 'Legal aid' },
    phone: '555-0155',
    languages: ['en', 'es', 'vi'],
    availableTime: [{ daysOfWeek: [...WEEKDAYS], availableStartTime: '09:00:00', availableEndTime: '17:00:00' }],
    availabilityExceptions: 'Closed on public holidays',
    comment: 'Free legal help with immigration status, protection orders and wage claims.',
  },
  {
    id: HEALTHCARE_SERVICE_ID.victimAdvocate,
    organizationId: DIRECTORY_ORGANIZATION_ID.advocacy,
    name: 'Community victim advocates (sandbox)',
    category: { code: '8', display: 'Counselling' },
    type: { code: 'victim-advocate', display: 'Victim advocate' },
    phone: '555-0167',
    text: '555-0168',
    languages: ['en', 'es', 'zh', 'ru'],
    availableTime: [
      { daysOfWeek: [...WEEKDAYS], availableStartTime: '08:00:00', availableEndTime: '20:00:00' },
      { daysOfWeek: ['sat'], availableStartTime: '10:00:00', availableEndTime: '16:00:00' },
    ],
    comment: 'Advocates who can meet the patient in the emergency department and accompany them afterwards.',
  },
  {
    id: HEALTHCARE_SERVICE_ID.socialWork,
    organizationId: ORGANIZATION_ID.hospital,
    name: 'Emergency department social work',
    category: { code: '14', display: 'Emergency Department' },
    type: { code: 'social-work', display: 'Social work' },
    phone: '555-0120',
    languages: ['en', 'es'],
    availableTime: [{ daysOfWeek: [...EVERY_DAY], availableStartTime: '07:00:00', availableEndTime: '23:00:00' }],
    comment: 'In-house social workers; page through the operator overnight.',
  },
  {
    id: HEALTHCARE_SERVICE_ID.coalition,
    organizationId: DIRECTORY_ORGANIZATION_ID.coalition,
    name: 'Sampleton Anti-Trafficking Coalition (sandbox)',
    category: { code: '32', display: 'Support Group/s' },
    type: { code: 'anti-trafficking-coalition', display: 'Anti-trafficking coalition' },
    phone: '555-0189',
    languages: ['en', 'es', 'tl', 'ht'],
    availableTime: [{ daysOfWeek: [...WEEKDAYS], availableStartTime: '09:00:00', availableEndTime: '17:00:00' }],
    comment: 'Coordinates local services, case management and survivor-led support.',
  },
  {
    id: HEALTHCARE_SERVICE_ID.mentalHealth,
    organizationId: DIRECTORY_ORGANIZATION_ID.mentalHealth,
    name: 'Trauma-informed counselling and crisis care (sandbox)',
    category: { code: '22', display: 'Mental Health' },
    type: { code: 'mental-health', display: 'Mental health' },
    phone: '555-0131',
    text: '555-0132',
    languages: ['en', 'es', 'vi'],
    availableTime: [{ daysOfWeek: [...EVERY_DAY], allDay: true }],
    comment: 'Crisis line at any hour; trauma-focused counselling for adults and young people, no insurance needed.',
  },
  {
    id: HEALTHCARE_SERVICE_ID.childAdvocacy,
    organizationId: DIRECTORY_ORGANIZATION_ID.childAdvocacy,
    name: 'Child advocacy center (sandbox)',
    category: { code: '7', display: 'Child Protection & Family Services' },
    type: { code: 'child-advocacy-center', display: 'Child advocacy center' },
    phone: '555-0135',
    languages: ['en', 'es'],
    availableTime: [{ daysOfWeek: [...WEEKDAYS], availableStartTime: '08:30:00', availableEndTime: '17:30:00' }],
    availabilityExceptions: 'On-call advocate overnight through the intake line',
    comment: 'Forensic interviews, medical exams and advocacy for children and teenagers, in one child-friendly place.',
  },
  {
    id: HEALTHCARE_SERVICE_ID.childProtection,
    organizationId: DIRECTORY_ORGANIZATION_ID.childProtection,
    name: 'Child protection intake line (sandbox)',
    category: { code: '7', display: 'Child Protection & Family Services' },
    type: { code: 'child-protection-intake', display: 'Child protection intake' },
    phone: '555-0137',
    languages: ['en', 'es', 'zh', 'vi'],
    availableTime: [{ daysOfWeek: [...EVERY_DAY], allDay: true }],
    comment: 'Where mandated reporters make a report about a child; takes reports at any hour.',
  },
  {
    id: HEALTHCARE_SERVICE_ID.directLight,
    organizationId: DIRECTORY_ORGANIZATION_ID.directLight,
    name: 'Direct Light survivor services (sandbox)',
    category: { code: '8', display: 'Counselling' },
    type: { code: 'anti-trafficking-victim-services', display: 'Anti-trafficking victim services' },
    phone: '555-0174',
    text: '555-0175',
    languages: ['en', 'es', 'tl'],
    availableTime: [{ daysOfWeek: [...EVERY_DAY], allDay: true }],
    comment: 'Case management, safety planning and accompaniment for survivors of trafficking; answers referrals sent through the EHR.',
  },
];

const SANDBOX_ADDRESS = { line: ['1 Lantern Way'], city: 'Sampleton', state: 'CA', postalCode: '99999', country: 'US' };

export function buildDirectoryOrganizations(): Organization[] {
  return DIRECTORY_ORGANIZATIONS.map((row) => ({
    resourceType: 'Organization',
    id: row.id,
    active: true,
    type: [concept({ system: SYSTEM.organizationType, code: row.type, display: row.typeDisplay })],
    name: row.name,
    // No street address: shelters keep theirs confidential, and the sandbox follows that habit for all partners.
    address: [{ city: SANDBOX_ADDRESS.city, state: SANDBOX_ADDRESS.state, country: SANDBOX_ADDRESS.country }],
  }));
}

export function buildHealthcareServices(): HealthcareService[] {
  return SERVICES.map((row) => {
    const service: HealthcareService = {
      resourceType: 'HealthcareService',
      id: row.id,
      active: true,
      providedBy: reference('Organization', row.organizationId),
      category: [concept({ system: SERVICE_CATEGORY, ...row.category })],
      type: [concept({ system: SANDBOX_SERVICE_TYPE, ...row.type })],
      name: row.name,
      comment: row.comment,
      telecom: [
        { system: 'phone', value: row.phone, use: 'work' },
        ...(row.text ? [{ system: 'sms' as const, value: row.text, use: 'work' as const }] : []),
      ],
      communication: row.languages.map((code) => concept({ system: SYSTEM.language, code, display: LANGUAGE_NAMES[code] })),
      // Structured copies: the sandbox server may hand these objects out and must not share them between resources.
      availableTime: row.availableTime.map((time) => ({ ...time, ...(time.daysOfWeek ? { daysOfWeek: [...time.daysOfWeek] } : {}) })),
    };
    if (row.availabilityExceptions) service.availabilityExceptions = row.availabilityExceptions;
    return service;
  });
}
