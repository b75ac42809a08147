
/** @param {string} [line] */
export function print(line = '') {
  process.stdout.write(`${line}\n`);
}

/**
 * @param {number[]} values
 * @returns {{ median: number; min: number; max: number; count: number }}
 */
export function summarize(values) {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, count: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { median, min: sorted[0] ?? Number.NaN, max: sorted[sorted.length - 1] ?? Number.NaN, count: sorted.length };
}

/**
 * Nearest-rank percentile (p in 0–100) of `values`; NaN when there are none.
 * @param {number[]} values
 * @param {number} p
 */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** @param {number} value */
export function bytes(value) {
  return value.toLocaleString('en-US');
}

/** @param {number} value */
export function kib(value) {
  return `${(value / 1024).toFixed(1)} KiB`;
}

/** @param {number | undefined} value */
export function ms(value) {
  return value === undefined || Number.isNaN(value) ? '—' : `${Math.round(value)} ms`;
}

/**
 * Milliseconds with two decimals under 10 ms, one under 100 ms, none above: for times well under a frame.
 * @param {number | undefined} value
 */
export function msFine(value) {
  if (value === undefined || Number.isNaN(value)) return '—';
  return `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ms`;
}

/**
 * A plain-text table: first row is the header; columns listed in `right` are right-aligned.
 * @param {string[][]} rows
 * @param {{ indent?: string; right?: number[] }} [options]
 */
export function table(rows, { indent = '  ', right = [] } = {}) {
  const widths = rows.reduce(
    (max, row) => row.map((cell, index) => Math.max(max[index] ?? 0, cell.length)),
    /** @type {number[]} */ ([]),
  );
  const line = (/** @type {string[]} */ row) =>
    indent +
    row
      .map((cell, index) => (right.includes(index) ? cell.padStart(widths[index] ?? 0) : cell.padEnd(widths[index] ?? 0)))
      .join('  ')
      .trimEnd();
  const [header, ...body] = rows;
  if (!header) return;
  print(line(header));
  print(indent + widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of body) print(line(row));
}
