#!/usr/bin/env node
/**
 * `node scripts/check-bundle-size.mjs [<build folder>]`, run by `npm test` right after `npm run build`: fails when a
 * clinical page's first screen is over its budget, or, for a page with a ceiling, over its ceiling (gzip level 9,
 * summed per file). Default folder: dist.
 *
 * A page's first screen is what the browser fetches before the page can show anything of its own, read from the
 * built files alone (no manifest needed):
 *   - the HTML's `<script type="module" src>`, `<link rel="modulepreload">` and `<link rel="stylesheet">`;
 *   - every chunk those scripts import statically (`import … from "./x.js"`, `export … from`, `import "./x.js"`),
 *     transitively;
 *   - the chunks the entry script itself imports dynamically (`import("./x.js")`): a bootstrap that at once
 *     imports the UI still needs it for the first screen. With their static imports, and the CSS Vite preloads
 *     for them (the entry's `__vite__mapDeps` list).
 * Dynamic imports made by any other chunk (a view opened later) do not count.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

/** Issue 18: what the clinician waits for before Lantern shows anything. */
export const firstScreenBudgets = {
  'index.html': 115 * 1024,
  'launch.html': 25 * 1024,
};

/**
 * A page over its budget may not grow past its ceiling. index.html is over its budget (issue 18, blocked): React 19,
 * TanStack Query and fhirclient's ready() weigh 90.9 KiB before any of Lantern's code, which leaves too little for
 * the first screen. Until the budget is settled, its ceiling is what it weighed then (128.5 KiB) with 0.5 KiB to
 * spare, so it fails the build when the first screen grows, as the budget would.
 */
export const firstScreenCeilings = {
  'index.html': 129 * 1024,
};

/**
 * @typedef {'entry script' | 'modulepreload' | 'stylesheet' | 'static import' | 'dynamic import of the entry' | 'CSS of a dynamic import'} FirstScreenReason
 * @typedef {{ file: string; reason: FirstScreenReason; rawBytes: number; gzipBytes: number }} FirstScreenFile
 * @typedef {{ page: string; files: FirstScreenFile[]; rawBytes: number; gzipBytes: number }} FirstScreen
 * @typedef {FirstScreen & { budgetBytes: number; withinBudget: boolean; ceilingBytes: number | undefined; passes: boolean }} PageCheck
 *   passes: within its budget, or over it and within its ceiling
 */

/**
 * The files `page` needs for its first screen, each with why it counts and its size.
 * @param {string} distDir the build folder
 * @param {string} page e.g. 'index.html'
 * @returns {FirstScreen}
 */
export function firstScreenOf(distDir, page) {
  const htmlPath = path.join(distDir, page);
  if (!existsSync(htmlPath)) throw new Error(`The build has no ${page} (looked in ${distDir}). Run npm run build first.`);
  const html = readFileSync(htmlPath, 'utf8');
  /** @type {Map<string, FirstScreenReason>} */
  const reasons = new Map();
  const add = (/** @type {string} */ file, /** @type {FirstScreenReason} */ reason) => {
    if (reasons.has(file)) return false;
    if (!existsSync(path.join(distDir, file))) throw new Error(`${page} needs ${file}, which the build did not emit.`);
    reasons.set(file, reason);
    return true;
  };

  const entries = [];
  for (const { file, reason } of htmlReferences(html, page)) {
    if (add(file, reason) && reason === 'entry script') entries.push(file);
  }
  if (entries.length === 0) throw new Error(`${page} in the build has no <script type="module" src>: did the build change shape?`);

  /** @type {Set<string>} */
  const visited = new Set();
  const addStaticClosure = (/** @type {string} */ file) => {
    const pending = [file];
    for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
      if (visited.has(current) || !current.endsWith('.js')) continue;
      visited.add(current);
      for (const imported of staticImportsOf(distDir, current)) {
        add(imported, 'static import');
        pending.push(imported);
      }
    }
  };
  for (const file of [...reasons.keys()]) addStaticClosure(file);
  for (const entry of entries) {
    const { chunks, preloads } = dynamicImportsOf(distDir, entry);
    for (const chunk of chunks) {
      add(chunk, 'dynamic import of the entry');
      addStaticClosure(chunk);
    }
    for (const preload of preloads) {
      add(preload, preload.endsWith('.css') ? 'CSS of a dynamic import' : 'dynamic import of the entry');
      addStaticClosure(preload);
    }
  }

  const files = [...reasons].map(([file, reason]) => {
    const bytes = readFileSync(path.join(distDir, file));
    return { file, reason, rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  });
  return { page, files, rawBytes: sum(files.map((file) => file.rawBytes)), gzipBytes: sum(files.map((file) => file.gzipBytes)) };
}

/**
 * Each budgeted page's first screen against its budget, and, over it, against its ceiling.
 * @param {string} distDir
 * @param {Record<string, number>} [budgets] gzip bytes per page
 * @param {Record<string, number>} [ceilings] gzip bytes per page, for pages allowed over their budget up to there
 * @returns {{ pages: PageCheck[]; overBudget: PageCheck[]; failing: PageCheck[] }}
 */
export function checkBundleSize(distDir, budgets = firstScreenBudgets, ceilings = firstScreenCeilings) {
  const pages = Object.entries(budgets).map(([page, budgetBytes]) => {
    const firstScreen = firstScreenOf(distDir, page);
    const withinBudget = firstScreen.gzipBytes <= budgetBytes;
    const ceilingBytes = Object.hasOwn(ceilings, page) ? ceilings[page] : undefined;
    const passes = withinBudget || (ceilingBytes !== undefined && firstScreen.gzipBytes <= ceilingBytes);
    return { ...firstScreen, budgetBytes, withinBudget, ceilingBytes, passes };
  });
  return { pages, overBudget: pages.filter((page) => !page.withinBudget), failing: pages.filter((page) => !page.passes) };
}

/**
 * The report the command prints: a line per file, a total per page against its budget.
 * @param {PageCheck[]} pages
 * @returns {string[]}
 */
export function describeCheck(pages) {
  return pages.flatMap((page) => [
    `${page.page}: ${kib(page.gzipBytes)} gzip (${String(page.gzipBytes)} B) against a budget of ${kib(page.budgetBytes)} (${String(page.budgetBytes)} B) — ` +
      (page.withinBudget ? 'within budget' : `OVER by ${kib(page.gzipBytes - page.budgetBytes)}`) +
      (page.withinBudget || page.ceilingBytes === undefined
        ? ''
        : page.passes
          ? `; within its ceiling of ${kib(page.ceilingBytes)} (${String(page.ceilingBytes)} B), which holds it until the budget is met`
          : `; OVER its ceiling of ${kib(page.ceilingBytes)} (${String(page.ceilingBytes)} B) too`),
    ...page.files.map((file) => `  ${String(file.gzipBytes).padStart(8)} B gzip  ${file.file} (${file.reason})`),
  ]);
}

/**
 * @param {string} html
 * @param {string} page
 * @returns {{ file: string; reason: FirstScreenReason }[]}
 */
function htmlReferences(html, page) {
  /** @type {{ file: string; reason: FirstScreenReason }[]} */
  const references = [];
  for (const tag of html.matchAll(/<(script|link)\b([^>]*)>/gi)) {
    const attributes = parseAttributes(tag[2] ?? '');
    const rel = (attributes.get('rel') ?? '').toLowerCase().split(/\s+/);
    /** @type {FirstScreenReason | undefined} */
    let reason;
    if ((tag[1] ?? '').toLowerCase() === 'script' && attributes.get('type') === 'module' && attributes.has('src')) reason = 'entry script';
    else if (rel.includes('stylesheet')) reason = 'stylesheet';
    else if (rel.includes('modulepreload')) reason = 'modulepreload';
    const href = reason === 'entry script' ? attributes.get('src') : attributes.get('href');
    if (!reason || !href) continue;
    if (/^[a-z]+:\/\//i.test(href)) throw new Error(`${page} loads ${href} from another origin, which this check cannot size.`);
    // `/assets/x.js` is from the build's root; `assets/x.js` from the page's own folder.
    const address = href.split(/[?#]/)[0] ?? '';
    references.push({ file: path.posix.normalize(address.startsWith('/') ? address : path.posix.join(path.posix.dirname(page), address)).replace(/^\//, ''), reason });
  }
  return references;
}

/**
 * Relative chunks `file` imports statically, as paths in the build folder.
 * @param {string} distDir
 * @param {string} file
 */
function staticImportsOf(distDir, file) {
  const code = readFileSync(path.join(distDir, file), 'utf8');
  const specifiers = [
    // import{a as b}from"./x.js" · export{a}from"./x.js" · import*as x from"./x.js"
    ...[...code.matchAll(/\b(?:import|export)\s*(?:[\w$*{}\s,]+?)\s*from\s*["'`](\.{1,2}\/[^"'`]+)["'`]/g)].map((match) => match[1] ?? ''),
    // import"./x.js" (side effects only)
    ...[...code.matchAll(/\bimport\s*["'`](\.{1,2}\/[^"'`]+)["'`]/g)].map((match) => match[1] ?? ''),
  ];
  return [...new Set(specifiers.map((specifier) => resolveFrom(file, specifier)))];
}

/**
 * What `file` imports dynamically: the chunks (`import("./x.js")`) and everything Vite preloads with them (the
 * `__vite__mapDeps` list, paths from the build root: their static imports and CSS).
 * @param {string} distDir
 * @param {string} file
 */
function dynamicImportsOf(distDir, file) {
  const code = readFileSync(path.join(distDir, file), 'utf8');
  const chunks = [...code.matchAll(/\bimport\s*\(\s*["'`](\.{1,2}\/[^"'`]+)["'`]\s*\)/g)].map((match) => resolveFrom(file, match[1] ?? ''));
  const mapDeps = /__vite__mapDeps\s*=.*?\(\s*m\.f\s*=\s*(\[[^\]]*\])/.exec(code)?.[1];
  const preloads = mapDeps ? /** @type {string[]} */ (JSON.parse(mapDeps.replace(/`/g, '"'))).map((dep) => path.posix.normalize(dep).replace(/^\//, '')) : [];
  return { chunks: [...new Set(chunks)], preloads };
}

/** @param {string} from @param {string} specifier */
function resolveFrom(from, specifier) {
  return path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier.split(/[?#]/)[0] ?? ''));
}

/** @param {string} source */
function parseAttributes(source) {
  /** @type {Map<string, string>} */
  const attributes = new Map();
  for (const match of source.matchAll(/([^\s=/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    attributes.set((match[1] ?? '').toLowerCase(), match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

/** @param {number} value */
function kib(value) {
  return `${(value / 1024).toFixed(1)} KiB`;
}

/** @param {number[]} values */
function sum(values) {
  return values.reduce((total, value) => total + value, 0);
}

function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const distDir = path.resolve(root, process.argv[2] ?? 'dist');
  /** @type {ReturnType<typeof checkBundleSize>} */
  let result;
  try {
    result = checkBundleSize(distDir);
  } catch (error) {
    process.stderr.write(`check-bundle-size: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  process.stdout.write(`First-screen JS+CSS of ${path.relative(root, distDir) || '.'} (gzip level 9 per file, summed):\n${describeCheck(result.pages).join('\n')}\n`);
  if (result.failing.length > 0) {
    const limit = (/** @type {PageCheck} */ page) => page.ceilingBytes ?? page.budgetBytes;
    process.stderr.write(
      `\ncheck-bundle-size: FAILED — over budget: ${result.failing.map((page) => `${page.page} ${kib(page.gzipBytes)} > ${kib(limit(page))}${page.ceilingBytes === undefined ? '' : ' (its ceiling)'}`).join('; ')}.\n` +
        'Load only what the first screen needs: move what opens later behind a dynamic import() from a view, not from the entry.\n',
    );
    process.exit(1);
  }
  if (result.overBudget.length > 0) {
    process.stdout.write(
      `\ncheck-bundle-size: passed on the ceilings of ${result.overBudget.map((page) => page.page).join(', ')}, which ${result.overBudget.length === 1 ? 'is' : 'are'} still over budget.\n`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
