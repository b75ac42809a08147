'use strict';
// fhirclient calls `crypto.ensureSecure()` and then uses the Web Crypto API (subtle, getRandomValues).
const webcrypto = globalThis.crypto;
module.exports = webcrypto;
module.exports.default = webcrypto;
module.exports.ensureSecure = () => Promise.resolve();
