
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
