import { afterEach, describe, expect, it, vi } from 'vitest';
import { isSessionStorageUsable } from './storage-access';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('isSessionStorageUsable', () => {
  it('is true where sessionStorage works, and leaves nothing behind', () => {
    expect(isSessionStorageUsable()).toBe(true);
    expect(sessionStorage.length).toBe(0);
  });

  it('is false where the browser denies storage to the document, as blocked third-party storage does', () => {
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException("Failed to read the 'sessionStorage' property from 'Window': Access is denied for this document.", 'SecurityError');
    });
    expect(isSessionStorageUsable()).toBe(false);
  });
});
