/** A failure the bench explains in one sentence (no stack trace): the reader knows what to fix. */
export class BenchFailure extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'BenchFailure';
  }
}

/**
 * Rejects with a BenchFailure when `promise` has not settled after `ms`; `explain` can add what was seen so far.
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {() => Promise<string> | string} explain
 * @returns {Promise<T>}
 */
export async function withTimeout(promise, ms, explain) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timeout = new Promise((_resolve, reject) => {
    timer = setTimeout(() => {
      Promise.resolve()
        .then(explain)
        .catch((error) => `(and describing the failure failed: ${String(error)})`)
        .then((detail) => {
          reject(new BenchFailure(detail));
        }, reject);
    }, ms);
  });
  try {
    return await Promise.race([promise, /** @type {Promise<never>} */ (timeout)]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Waits for a child process to exit, killing it after `timeoutMs`. A non-zero exit is a BenchFailure naming `what`
 * and ending with the tail of its output.
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} timeoutMs
 * @param {string} what
 * @param {() => string} output
 * @returns {Promise<void>}
 */
export async function awaitChild(child, timeoutMs, what, output) {
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  /** @type {{ code: number | null; signal: NodeJS.Signals | null }} */
  const exit = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  clearTimeout(timer);
  if (exit.code !== 0) {
    const how = exit.signal === 'SIGKILL' ? `did not finish within ${timeoutMs / 1000} s` : `exited with ${exit.code ?? exit.signal ?? '?'}`;
    throw new BenchFailure(`${what} ${how}:\n${output().trim()}`);
  }
}
