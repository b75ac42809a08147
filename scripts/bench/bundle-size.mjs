import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { firstScreenOf } from '../check-bundle-size.mjs';
import { awaitChild, BenchFailure } from './failure.mjs';

/**
 * @typedef {import('../check-bundle-size.mjs').FirstScreenReason} AssetKind
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
 * What a page needs for its first screen (scripts/check-bundle-size.mjs, the CI size check: the HTML's assets,
 * their static imports, and what the entry imports dynamically with its CSS), each gzipped at level 9, cross-checked
 * against the build manifest's graph read the same way.
 * @param {string} outDir
 * @param {string} page e.g. 'index.html'
 * @returns {PageWeight}
 */
export function measureInitialAssets(outDir, page) {
  const firstScreen = firstScreenOf(outDir, page);
  const assets = firstScreen.files.map((file) => ({ file: file.file, kind: file.reason, rawBytes: file.rawBytes, gzipBytes: file.gzipBytes }));
  const manifest = readManifest(outDir);
  const graph = manifestClosure(manifest, page);
  const counted = new Set(assets.map((asset) => asset.file));
  const lazyFiles = [...graph.lazy].filter((file) => !graph.initial.has(file));
  return {
    page,
    assets,
    rawBytes: firstScreen.rawBytes,
    gzipBytes: firstScreen.gzipBytes,
    manifestCheck: {
      matches: counted.size === graph.initial.size && [...counted].every((file) => graph.initial.has(file)),
      onlyInHtml: [...counted].filter((file) => !graph.initial.has(file)),
      onlyInManifest: [...graph.initial].filter((file) => !counted.has(file)),
    },
    lazy: {
      files: lazyFiles,
      gzipBytes: sum(lazyFiles.map((file) => gzipSync(readFileSync(path.join(outDir, file)), { level: 9 }).length)),
    },
  };
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
 * Files a page needs for its first screen — entry + static imports, transitively, and their CSS; plus the entry's own
 * dynamic imports, read the same way — and files it may load later (every other dynamic import).
 * @param {Record<string, ManifestChunk>} manifest
 * @param {string} page
 */
function manifestClosure(manifest, page) {
  /** @type {Set<string>} */
  const initial = new Set();
  /** @type {Set<string>} */
  const lazy = new Set();
  /** @type {Set<string>} */
  const visited = new Set();
  /** @param {string} key @param {Set<string>} into */
  const visit = (key, into) => {
    const chunk = manifest[key];
    const visitKey = `${into === initial ? 'initial' : 'lazy'} ${key}`;
    if (!chunk || visited.has(visitKey)) return;
    visited.add(visitKey);
    into.add(chunk.file);
    for (const css of chunk.css ?? []) into.add(css);
    for (const imported of chunk.imports ?? []) visit(imported, into);
    for (const dynamic of chunk.dynamicImports ?? []) visit(dynamic, lazy);
  };
  const entry = manifest[page];
  if (!entry) throw new BenchFailure(`the build manifest has no entry for ${page}`);
  visit(page, initial);
  for (const dynamic of entry.dynamicImports ?? []) visit(dynamic, initial);
  return { initial, lazy };
}

/** @param {number[]} values */
function sum(values) {
  return values.reduce((total, value) => total + value, 0);
}
