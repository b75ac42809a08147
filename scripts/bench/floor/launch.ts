// The floor is deliberately not Lantern: fhirclient as its README shows it, with nothing of src/lib/fhir.
// eslint-disable-next-line no-restricted-imports
import FHIR from 'fhirclient';
import { floorModeFrom, floorModeKey } from './floor-mode';
import { floorResourceTypes } from './floor-reads';

// fhirclient reads `iss` and `launch` from this page's address.
sessionStorage.setItem(floorModeKey, floorModeFrom(new URLSearchParams(location.search).get('mode')));
FHIR.oauth2
  .authorize({
    clientId: 'lantern-sandbox',
    scope: ['launch', 'openid', 'fhirUser', ...floorResourceTypes.map((type) => `patient/${type}.read`)].join(' '),
    redirectUri: 'index.html',
    completeInTarget: true,
    pkceMode: 'unsafeV1',
  })
  .catch((error: unknown) => {
    const status = document.getElementById('floor-status');
    if (status) status.textContent = `Floor launch failed: ${String(error)}`;
  });
