import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { awaitChild, BenchFailure } from './failure.mjs';

/**
 * @typedef {'entry script' | 'modulepreload' | 'stylesheet'} AssetKind
 * @typedef {{ file: string; kind: AssetKind; rawBytes: number; gzipBytes: number }} InitialAsset
 * @typedef {{ page: string; assets: InitialAsset[]; rawBytes: number; gzipBytes: number;
 *   manifestCheck: { matches: boolean; onlyInHtml: string[]; onlyInManifest: string[] };
 *   lazy: { files: string[]; gzipBytes: number } }} PageWeight
 */

/**
 * Production build into `outDir` (never `dist/`, which the e2e suite may be serving), with a manifest so the
 * HTML's asset list can be cross-checked against Rollup's import graph.
 * @param {{ root: string; outDir: string; viteBin: string; timeoutMs: number }} options
 * @returns {Promise<{ seconds: number }>}
 */
export async function buildApp({ root, outDir, viteBin, timeoutMs }) {
  const started = performance.now();
  const args = [viteBin, 'build', '--outDir', outDir, '--emptyOutDir', '--manifest', '--logLevel', 'warn'];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true', NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (/** @type {Buffer} */ chunk) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  await awaitChild(child, timeoutMs, 'vite build', () => output);
  return { seconds: (performance.now() - started) / 1000 };
}

/**
 * What a page loads before it runs: its module entry script, the chunks Vite tells the browser to preload, and
 * its stylesheets — each gzipped at level 9, as a CDN would serve them.
 * @param {string} outDir
 * @param {string} page e.g. 'index.html'
 * @returns {PageWeight}
 */
export function measureInitialAssets(outDir, page) {
  const assets = initialAssetsOf(outDir, page);
  const manifest = readManifest(outDir);
  const graph = manifestClosure(manifest, page);
  const inHtml = new Set(assets.map((asset) => asset.file));
  const lazyFiles = [...graph.lazy].filter((file) => !graph.initial.has(file));
  return {
    page,
    assets,
    rawBytes: sum(assets.map((asset) => asset.rawBytes)),
    gzipBytes: sum(assets.map((asset) => asset.gzipBytes)),
    manifestCheck: {
      matches: inHtml.size === graph.initial.size && [...inHtml].every((file) => graph.initial.has(file)),
      onlyInHtml: [...inHtml].filter((file) => !graph.initial.has(file)),
      onlyInManifest: [...graph.initial].filter((file) => !inHtml.has(file)),
    },
    lazy: {
      files: lazyFiles,
      gzipBytes: sum(lazyFiles.map((file) => gzipSync(readFileSync(path.join(outDir, file)), { level: 9 }).length)),
    },
  };
}

/**
 * The assets `page` loads before it runs, read from the built HTML alone (no manifest needed): what the browser tests
 * compare with the recorded budget.
 * @param {string} outDir
 * @param {string} page e.g. 'index.html'
 * @returns {InitialAsset[]}
 */
export function initialAssetsOf(outDir, page) {
  const htmlPath = path.join(outDir, page);
  if (!existsSync(htmlPath)) throw new BenchFailure(`the build has no ${page} (looked in ${outDir})`);
  const html = readFileSync(htmlPath, 'utf8');
  /** @type {InitialAsset[]} */
  const assets = [];
  const seen = new Set();
  for (const tag of html.matchAll(/<(script|link)\b([^>]*)>/gi)) {
    const name = (tag[1] ?? '').toLowerCase();
    const attributes = parseAttributes(tag[2] ?? '');
    const rel = (attributes.get('rel') ?? '').toLowerCase().split(/\s+/);
    /** @type {AssetKind | undefined} */
    let kind;
    /** @type {string | undefined} */
    let href;
    if (name === 'script' && attributes.get('type') === 'module' && attributes.has('src')) {
      kind = 'entry script';
      href = attributes.get('src');
    } else if (name === 'link' && rel.includes('stylesheet')) {
      kind = 'stylesheet';
      href = attributes.get('href');
    } else if (name === 'link' && rel.includes('modulepreload')) {
      kind = 'modulepreload';
      href = attributes.get('href');
    }
    if (!kind || !href) continue;
    if (/^[a-z]+:\/\//i.test(href)) throw new BenchFailure(`${page} loads ${href} from another origin: the bench cannot size it`);
    const file = href.replace(/^\.?\//, '').split(/[?#]/)[0] ?? '';
    if (seen.has(file)) continue;
    seen.add(file);
    const filePath = path.join(outDir, file);
    if (!existsSync(filePath)) throw new BenchFailure(`${page} references ${href}, which the build did not emit`);
    const bytes = readFileSync(filePath);
    assets.push({ file, kind, rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length });
  }
  if (!assets.some((asset) => asset.kind === 'entry script')) {
    throw new BenchFailure(`${page} in the build has no <script type="module" src>: did the build change shape?`);
  }
  return assets;
}

/**
 * @typedef {{ file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[]; css?: string[] }} ManifestChunk
 * @param {string} outDir
 * @returns {Record<string, ManifestChunk>}
 */
function readManifest(outDir) {
  const manifestPath = path.join(outDir, '.vite', 'manifest.json');
  if (!existsSync(manifestPath)) throw new BenchFailure(`the build wrote no manifest at ${manifestPath}`);
  return /** @type {Record<string, ManifestChunk>} */ (JSON.parse(readFileSync(manifestPath, 'utf8')));
}

/**
 * Files a page needs at start (entry + static imports, transitively, and their CSS) and files it may load later.
 * @param {Record<string, ManifestChunk>} manifest
 * @param {string} page
 */
function manifestClosure(manifest, page) {
  /** @type {Set<string>} */
  const initial = new Set();
  /** @type {Set<string>} */
  const lazy = new Set();
  /** @param {string} key @param {Set<string>} into */
  const visit = (key, into) => {
    const chunk = manifest[key];
    if (!chunk || into.has(chunk.file)) return;
    into.add(chunk.file);
    for (const css of chunk.css ?? []) into.add(css);
    for (const imported of chunk.imports ?? []) visit(imported, into);
    for (const dynamic of chunk.dynamicImports ?? []) visit(dynamic, lazy);
  };
  if (!manifest[page]) throw new BenchFailure(`the build manifest has no entry for ${page}`);
  visit(page, initial);
  return { initial, lazy };
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

/** @param {number[]} values */
function sum(values) {
  return values.reduce((total, value) => total + value, 0);
}
