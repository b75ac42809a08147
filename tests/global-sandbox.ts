import type { TestProject } from 'vitest/node';
import { serveSandbox } from '../mocks/sandbox/test-sandbox';

declare module 'vitest' {
  export interface ProvidedContext {
    sandboxOrigin: string;
  }
}

/**
 * One sandbox EHR over real loopback HTTP for the DOM tests. It runs here, in Vitest's Node process, because
 * jsdom's globals (its own Uint8Array) break the OAuth server's JWT signing inside a jsdom test.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { sandbox, close } = await serveSandbox();
  project.provide('sandboxOrigin', sandbox.origin);
  return close;
}
