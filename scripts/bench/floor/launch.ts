// The floor is deliberately not Lantern: fhirclient as its README shows it, with nothing of src/lib/fhir but the search paths (floor-reads.ts).
// eslint-disable-next-line no-restricted-imports
import FHIR from 'fhirclient';
import { floorAppPage, floorModeFrom, floorModeKey } from './floor-mode';
import { floorResourceTypes } from './floor-reads';

// fhirclient reads `iss` and `launch` from this page's address.
const mode = floorModeFrom(new URLSearchParams(location.search).get('mode'));
sessionStorage.setItem(floorModeKey, mode);
FHIR.oauth2
  .authorize({
    clientId: 'lantern-sandbox',
    scope: ['launch', 'openid', 'fhirUser', ...floorResourceTypes.map((type) => `patient/${type}.read`)].join(' '),
    redirectUri: floorAppPage(mode),
    completeInTarget: true,
    pkceMode: 'unsafeV1',
  })
  .catch((error: unknown) => {
    const status = document.getElementById('floor-status');
    if (status) status.textContent = `Floor launch failed: ${String(error)}`;
  });
