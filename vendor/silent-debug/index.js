'use strict';
// Stands in for the `debug` package, fhirclient's logger, through vite's resolve.alias: fhirclient logs whole token
// responses once `localStorage.debug` matches `FHIR:*`, a setting anyone may have left on a shared workstation.
// Same shape as `debug`; it never writes anywhere.
function createDebug(namespace) {
  const silent = () => undefined;
  silent.namespace = namespace;
  silent.enabled = false;
  silent.extend = (child, delimiter = ':') => createDebug(namespace + delimiter + child);
  return silent;
}
createDebug.enable = () => undefined;
createDebug.disable = () => '';
createDebug.enabled = () => false;
module.exports = createDebug;
module.exports.default = createDebug;
