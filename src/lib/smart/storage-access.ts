/**
 * Whether this window may use sessionStorage, which the SMART launch needs between the launch page and the redirect
 * page. Browsers that block third-party storage throw on the first access in a cross-site frame ("Access is denied for
 * this document"); so does a storage that is full or switched off.
 */
export function isSessionStorageUsable(): boolean {
  try {
    const probe = 'lantern-storage-probe';
    window.sessionStorage.setItem(probe, probe);
    window.sessionStorage.removeItem(probe);
    return true;
  } catch {
    return false;
  }
}
