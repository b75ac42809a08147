import type { Location, Organization, Practitioner, PractitionerRole } from 'fhir/r4';
import { SYSTEM } from './codes';
import { concept, reference } from './builders';

/** Ids of the shared, non-patient resources, so charts and tests refer to them by name. */
export const ORGANIZATION_ID = {
  hospital: 'org-lantern-general',
  northsideHospital: 'org-northside-medical',
  eastlakeHospital: 'org-eastlake-hospital',
  healthPlan: 'org-sample-health-plan',
  medicaid: 'org-state-medicaid',
  publicHealth: 'org-county-public-health',
} as const;

export const LOCATION_ID = {
  edBay2: 'loc-ed-bay-2',
  edBay4: 'loc-ed-bay-4',
  edBay7: 'loc-ed-bay-7',
  edBay9: 'loc-ed-bay-9',
  edBay11: 'loc-ed-bay-11',
  observationRoom2: 'loc-obs-unit-room-2',
  northsideEd: 'loc-northside-ed',
  eastlakeEd: 'loc-eastlake-ed',
} as const;

export const PRACTITIONER_ID = {
  edPhysician: 'prac-ed-physician',
  publicHealthNurse: 'prac-public-health-nurse',
} as const;

interface OrganizationRow {
  id: string;
  name: string;
  type: 'prov' | 'pay' | 'govt';
  typeDisplay: string;
}

const ORGANIZATIONS: readonly OrganizationRow[] = [
  { id: ORGANIZATION_ID.hospital, name: 'Lantern Sandbox General Hospital', type: 'prov', typeDisplay: 'Healthcare Provider' },
  { id: ORGANIZATION_ID.northsideHospital, name: 'Northside Sandbox Medical Center', type: 'prov', typeDisplay: 'Healthcare Provider' },
  { id: ORGANIZATION_ID.eastlakeHospital, name: 'Eastlake Sandbox Hospital', type: 'prov', typeDisplay: 'Healthcare Provider' },
  { id: ORGANIZATION_ID.healthPlan, name: 'Sample Health Plan (sandbox)', type: 'pay', typeDisplay: 'Payer' },
  { id: ORGANIZATION_ID.medicaid, name: 'State Medicaid Program (sandbox)', type: 'pay', typeDisplay: 'Payer' },
  { id: ORGANIZATION_ID.publicHealth, name: 'Sampleton County Public Health (sandbox)', type: 'govt', typeDisplay: 'Government' },
];

interface LocationRow {
  id: string;
  name: string;
  physicalType: 'ro' | 'wi';
  physicalTypeDisplay: string;
  organizationId: string;
}

const LOCATIONS: readonly LocationRow[] = [
  { id: LOCATION_ID.edBay2, name: 'Emergency Department — Bay 2', physicalType: 'ro', physicalTypeDisplay: 'Room', organizationId: ORGANIZATION_ID.hospital },
  { id: LOCATION_ID.edBay4, name: 'Emergency Department — Bay 4', physicalType: 'ro', physicalTypeDisplay: 'Room', organizationId: ORGANIZATION_ID.hospital },
  { id: LOCATION_ID.edBay7, name: 'Emergency Department — Bay 7', physicalType: 'ro', physicalTypeDisplay: 'Room', organizationId: ORGANIZATION_ID.hospital },
  { id: LOCATION_ID.edBay9, name: 'Emergency Department — Bay 9', physicalType: 'ro', physicalTypeDisplay: 'Room', organizationId: ORGANIZATION_ID.hospital },
  { id: LOCATION_ID.edBay11, name: 'Emergency Department — Bay 11', physicalType: 'ro', physicalTypeDisplay: 'Room', organizationId: ORGANIZATION_ID.hospital },
  { id: LOCATION_ID.observationRoom2, name: 'Observation Unit — Room 2', physicalType: 'ro', physicalTypeDisplay: 'Room', organizationId: ORGANIZATION_ID.hospital },
  { id: LOCATION_ID.northsideEd, name: 'Northside Emergency Department', physicalType: 'wi', physicalTypeDisplay: 'Ward', organizationId: ORGANIZATION_ID.northsideHospital },
  { id: LOCATION_ID.eastlakeEd, name: 'Eastlake Emergency Department', physicalType: 'wi', physicalTypeDisplay: 'Ward', organizationId: ORGANIZATION_ID.eastlakeHospital },
];

const SANDBOX_ADDRESS = { line: ['1 Lantern Way'], city: 'Sampleton', state: 'CA', postalCode: '99999', country: 'US' };

export function buildOrganizations(): Organization[] {
  return ORGANIZATIONS.map((row) => ({
    resourceType: 'Organization',
    id: row.id,
    active: true,
    type: [concept({ system: SYSTEM.organizationType, code: row.type, display: row.typeDisplay })],
    name: row.name,
    address: [{ ...SANDBOX_ADDRESS, line: [...SANDBOX_ADDRESS.line] }],
  }));
}

export function buildLocations(): Location[] {
  return LOCATIONS.map((row) => ({
    resourceType: 'Location',
    id: row.id,
    status: 'active',
    name: row.name,
    mode: 'instance',
    physicalType: concept({ system: SYSTEM.locationPhysicalType, code: row.physicalType, display: row.physicalTypeDisplay }),
    managingOrganization: reference('Organization', row.organizationId),
  }));
}

/** The two users the simulated EHR can sign in as: an ED physician and a public health nurse. */
export function buildPractitioners(): Practitioner[] {
  const edPhysician: Practitioner = {
    resourceType: 'Practitioner',
    id: PRACTITIONER_ID.edPhysician,
    identifier: [{ use: 'official', system: SYSTEM.sandboxStaffId, value: 'ED-0042' }],
    active: true,
    name: [{ use: 'official', family: 'Park', given: ['Elena'], prefix: ['Dr.'], suffix: ['MD'] }],
    telecom: [{ system: 'email', value: 'elena.park@example.org', use: 'work' }],
    gender: 'female',
  };
  const publicHealthNurse: Practitioner = {
    resourceType: 'Practitioner',
    id: PRACTITIONER_ID.publicHealthNurse,
    identifier: [{ use: 'official', system: SYSTEM.sandboxStaffId, value: 'PH-0107' }],
    active: true,
    name: [{ use: 'official', family: 'Hale', given: ['Marcus'], suffix: ['RN'] }],
    telecom: [{ system: 'email', value: 'marcus.hale@example.org', use: 'work' }],
    gender: 'male',
  };
  return [edPhysician, publicHealthNurse];
}

export function buildPractitionerRoles(): PractitionerRole[] {
  const edPhysicianRole: PractitionerRole = {
    resourceType: 'PractitionerRole',
    id: 'role-ed-physician',
    active: true,
    practitioner: reference('Practitioner', PRACTITIONER_ID.edPhysician),
    organization: reference('Organization', ORGANIZATION_ID.hospital),
    code: [{ text: 'Emergency physician' }],
    location: [reference('Location', LOCATION_ID.edBay4)],
  };
  const publicHealthNurseRole: PractitionerRole = {
    resourceType: 'PractitionerRole',
    id: 'role-public-health-nurse',
    active: true,
    practitioner: reference('Practitioner', PRACTITIONER_ID.publicHealthNurse),
    organization: reference('Organization', ORGANIZATION_ID.publicHealth),
    code: [{ text: 'Public health nurse' }],
  };
  return [edPhysicianRole, publicHealthNurseRole];
}

export const PRACTITIONER_LABELS: readonly { id: string; label: string }[] = [
  { id: PRACTITIONER_ID.edPhysician, label: 'Dr. Elena Park — Emergency physician' },
  { id: PRACTITIONER_ID.publicHealthNurse, label: 'Marcus Hale, RN — Public health nurse' },
];
