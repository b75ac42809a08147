import type { Rollup } from 'vite';
import { describe, expect, it } from 'vitest';
import { preloadEntryImports } from './preload-entry-imports';

type Output = Rollup.OutputChunk | Rollup.OutputAsset;

function chunk(fileName: string, fields: Partial<Rollup.OutputChunk> = {}): Rollup.OutputChunk {
  return { type: 'chunk', fileName, isEntry: false, facadeModuleId: null, imports: [], dynamicImports: [], ...fields } as Rollup.OutputChunk;
}

function page(fileName: string, scripts: string): Rollup.OutputAsset {
  return { type: 'asset', fileName, source: `<html>\n  <head>\n${scripts}  </head>\n  <body></body>\n</html>` } as Rollup.OutputAsset;
}

/** Runs the plugin's generateBundle over `outputs`, as Vite would at the end of a build with `base`. */
function build(outputs: Output[], base = '/'): Record<string, Output> {
  const bundle = Object.fromEntries(outputs.map((output) => [output.fileName, output]));
  const plugin = preloadEntryImports('index.html');
  (plugin.configResolved as (config: { base: string }) => void)({ base });
  const context = {
    error(message: string): never {
      throw new Error(message);
    },
  };
  (plugin.generateBundle as (this: typeof context, options: unknown, bundle: Record<string, Output>) => void).call(context, {}, bundle);
  return bundle;
}

const entryScripts = '    <script type="module" crossorigin src="/assets/index-1.js"></script>\n    <link rel="modulepreload" crossorigin href="/assets/session-1.js">\n';

function appBuild(): Output[] {
  return [
    page('index.html', entryScripts),
    chunk('assets/index-1.js', { isEntry: true, facadeModuleId: '/repo/index.html', imports: ['assets/session-1.js'], dynamicImports: ['assets/ui-1.js'] }),
    chunk('assets/session-1.js'),
    chunk('assets/ui-1.js', { imports: ['assets/react-1.js', 'assets/session-1.js'], dynamicImports: ['assets/print-1.js'] }),
    chunk('assets/react-1.js'),
    chunk('assets/print-1.js', { imports: ['assets/react-1.js'] }),
  ];
}

describe('preloadEntryImports', () => {
  it('names in the page what the entry imports at once, once each, and nothing that opens later', () => {
    const html = build(appBuild())['index.html'] as Rollup.OutputAsset;
    expect(html.source).toBe(
      page(
        'index.html',
        `${entryScripts}    <link rel="modulepreload" crossorigin href="/assets/ui-1.js">\n    <link rel="modulepreload" crossorigin href="/assets/react-1.js">\n`,
      ).source,
    );
  });

  it('follows the configured base', () => {
    const html = build(appBuild(), '/lantern/')['index.html'] as Rollup.OutputAsset;
    expect(html.source).toContain('<link rel="modulepreload" crossorigin href="/lantern/assets/ui-1.js">');
  });

  it('leaves a build without the page alone, and stops a build whose page lost its entry', () => {
    const practice = [page('practice.html', ''), chunk('assets/practice-1.js', { isEntry: true, facadeModuleId: '/repo/practice.html' })];
    expect((build(practice)['practice.html'] as Rollup.OutputAsset).source).toBe(page('practice.html', '').source);
    expect(() => build([page('index.html', entryScripts)])).toThrow(/entry script is missing/);
  });
});
