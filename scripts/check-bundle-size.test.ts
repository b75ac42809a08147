import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBundleSize, firstScreenOf } from './check-bundle-size.mjs';

const script = path.join(import.meta.dirname, 'check-bundle-size.mjs');
const folders: string[] = [];

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A build as Vite 8 writes it: a bootstrap entry that at once imports the UI, which later imports a view. */
const bootstrapBuild: Record<string, string> = {
  'index.html':
    '<!doctype html><html><head><script type="module" crossorigin src="/assets/index-1.js"></script>\n' +
    '<link rel="modulepreload" crossorigin href="/assets/session-1.js">\n<link rel="stylesheet" crossorigin href="/assets/index-1.css"></head><body></body></html>',
  'launch.html': '<!doctype html><html><head><script type="module" crossorigin src="/assets/launch-1.js"></script></head></html>',
  'assets/index-1.js':
    'const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/ui-1.js","assets/react-1.js","assets/ui-1.css"])))=>i.map(i=>d[i]);\n' +
    'import{s as e}from"./session-1.js";o(()=>import(`./ui-1.js`).then(t=>t.start(e)),__vite__mapDeps([0,1,2]));export{o as t};',
  'assets/session-1.js': `import"./fhir-1.js";export const s=${JSON.stringify('session '.repeat(200))};`,
  'assets/fhir-1.js': `export const f=${JSON.stringify('fhir client '.repeat(300))};`,
  'assets/index-1.css': 'body{margin:0}',
  'assets/ui-1.js':
    'const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/print-1.js","assets/print-1.css"])))=>i.map(i=>d[i]);\n' +
    'import{r}from"./react-1.js";import{t}from"./index-1.js";export function start(){t(()=>import(`./print-1.js`),__vite__mapDeps([0,1]))}',
  'assets/react-1.js': `export const r=${JSON.stringify('react '.repeat(500))};`,
  'assets/ui-1.css': '.card{padding:1rem}',
  'assets/print-1.js': `export const p=${JSON.stringify('print view '.repeat(400))};`,
  'assets/print-1.css': '@media print{body{color:black}}',
  'assets/launch-1.js': 'import{s}from"./session-1.js";console.log(s);',
};

function writeBuild(files: Record<string, string>): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'lantern-size-check-'));
  folders.push(folder);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    writeFileSync(path.join(folder, file), text);
  }
  return folder;
}

function gzipOf(folder: string, files: string[]): number {
  return files.reduce((total, file) => total + gzipSync(readFileSync(path.join(folder, file)), { level: 9 }).length, 0);
}

describe('the first-screen size check', () => {
  it('counts the HTML’s assets, their static imports, and what the entry imports dynamically with its CSS — not views opened later', () => {
    const dist = writeBuild(bootstrapBuild);
    const index = firstScreenOf(dist, 'index.html');
    expect(Object.fromEntries(index.files.map((file) => [file.file, file.reason]))).toEqual({
      'assets/index-1.js': 'entry script',
      'assets/session-1.js': 'modulepreload',
      'assets/index-1.css': 'stylesheet',
      'assets/fhir-1.js': 'static import',
      'assets/ui-1.js': 'dynamic import of the entry',
      'assets/react-1.js': 'static import',
      'assets/ui-1.css': 'CSS of a dynamic import',
    });
    expect(index.gzipBytes).toBe(gzipOf(dist, index.files.map((file) => file.file)));
    expect(index.gzipBytes).toBe(
      gzipOf(dist, ['assets/index-1.js', 'assets/session-1.js', 'assets/index-1.css', 'assets/fhir-1.js', 'assets/ui-1.js', 'assets/react-1.js', 'assets/ui-1.css']),
    );

    const launch = firstScreenOf(dist, 'launch.html');
    expect(launch.files.map((file) => file.file)).toEqual(['assets/launch-1.js', 'assets/session-1.js', 'assets/fhir-1.js']);
  });

  it('passes a build within budget and names the page over it', () => {
    const dist = writeBuild(bootstrapBuild);
    const index = firstScreenOf(dist, 'index.html').gzipBytes;
    const launch = firstScreenOf(dist, 'launch.html').gzipBytes;

    expect(checkBundleSize(dist, { 'index.html': index, 'launch.html': launch }).overBudget).toEqual([]);
    const over = checkBundleSize(dist, { 'index.html': index - 1, 'launch.html': launch });
    expect(over.overBudget.map((page) => [page.page, page.gzipBytes, page.budgetBytes])).toEqual([['index.html', index, index - 1]]);
  });

  it('holds a page over its budget to its ceiling: passes up to it, fails past it', () => {
    const dist = writeBuild(bootstrapBuild);
    const index = firstScreenOf(dist, 'index.html').gzipBytes;
    const launch = firstScreenOf(dist, 'launch.html').gzipBytes;
    const budgets = { 'index.html': index - 100, 'launch.html': launch - 1 };

    const atCeiling = checkBundleSize(dist, budgets, { 'index.html': index });
    expect(atCeiling.overBudget.map((page) => page.page)).toEqual(['index.html', 'launch.html']);
    // launch.html has no ceiling: over its budget, it fails.
    expect(atCeiling.failing.map((page) => page.page)).toEqual(['launch.html']);

    const pastCeiling = checkBundleSize(dist, budgets, { 'index.html': index - 1, 'launch.html': launch });
    expect(pastCeiling.failing.map((page) => [page.page, page.ceilingBytes])).toEqual([['index.html', index - 1]]);
    // A ceiling never fails a page within its budget.
    expect(checkBundleSize(dist, { 'index.html': index, 'launch.html': launch }, { 'index.html': 1 }).failing).toEqual([]);
  });

  it('exits non-zero, naming each page over its budget and ceiling, when run as the CI command', () => {
    // Random bytes as base64: gzip cannot shrink them below index.html's 129 KiB ceiling.
    const dist = writeBuild({ ...bootstrapBuild, 'assets/react-1.js': `export const r=${JSON.stringify(randomBytes(160 * 1024).toString('base64'))};` });
    const run = spawnSync(process.execPath, [script, dist], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^index\.html: .* OVER by \d+\.\d KiB; OVER its ceiling of 129\.0 KiB/m);
    expect(run.stdout).toMatch(/^launch\.html: .* within budget$/m);
    expect(run.stderr).toMatch(/FAILED — over budget: index\.html \d+\.\d KiB > 129\.0 KiB \(its ceiling\)\.\n/);
  });

  it('exits zero, and says so, on index.html over its budget but within its ceiling', () => {
    // About 121 KiB gzipped: over the 115 KiB budget, under the 129 KiB ceiling.
    const dist = writeBuild({ ...bootstrapBuild, 'assets/react-1.js': `export const r=${JSON.stringify(randomBytes(120 * 1024).toString('base64'))};` });
    const run = spawnSync(process.execPath, [script, dist], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^index\.html: .* OVER by \d+\.\d KiB; within its ceiling of 129\.0 KiB/m);
    expect(run.stdout).toMatch(/passed on the ceilings of index\.html, which is still over budget\.\n$/);
  });

  it('exits zero on a build within budget', () => {
    const run = spawnSync(process.execPath, [script, writeBuild(bootstrapBuild)], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('reads a page in a folder: addresses from the root as from the root, others from the page’s folder', () => {
    const dist = writeBuild({
      'floor/react.html':
        '<!doctype html><html><head><script type="module" crossorigin src="/floor/assets/react-1.js"></script>' +
        '<link rel="stylesheet" href="assets/react-1.css"></head></html>',
      'floor/assets/react-1.js': 'import"./client-1.js";',
      'floor/assets/client-1.js': `export const c=${JSON.stringify('client '.repeat(100))};`,
      'floor/assets/react-1.css': 'body{margin:0}',
    });
    expect(firstScreenOf(dist, 'floor/react.html').files.map((file) => [file.file, file.reason])).toEqual([
      ['floor/assets/react-1.js', 'entry script'],
      ['floor/assets/react-1.css', 'stylesheet'],
      ['floor/assets/client-1.js', 'static import'],
    ]);
  });

  it('refuses a page that names a file the build did not emit', () => {
    const withoutFhir = Object.fromEntries(Object.entries(bootstrapBuild).filter(([file]) => file !== 'assets/fhir-1.js'));
    expect(() => firstScreenOf(writeBuild(withoutFhir), 'launch.html')).toThrow('launch.html needs assets/fhir-1.js, which the build did not emit.');
  });
});
