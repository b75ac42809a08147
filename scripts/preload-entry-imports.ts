import type { Plugin } from 'vite';

/**
 * index.html's entry (src/main.ts) loads the UI with `import()`, so that the token exchange and the first reads start
 * before React and the app are parsed. Left to itself the browser would only ask for the UI's files once the entry
 * has run; this plugin names them in the page as `modulepreload` links, so they are fetched and compiled alongside
 * the entry. What the entry loads statically is already in the page and is not named twice.
 */
export function preloadEntryImports(pageName: string): Plugin {
  let base = '/';
  return {
    name: 'lantern:preload-entry-imports',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      base = config.base;
    },
    generateBundle(_options, bundle) {
      const chunks = new Map(Object.values(bundle).flatMap((output) => (output.type === 'chunk' ? [[output.fileName, output] as const] : [])));
      const page = bundle[pageName];
      // Other builds (the practice page's) have no such page.
      if (page === undefined) return;
      const entry = [...chunks.values()].find((chunk) => chunk.isEntry && chunk.facadeModuleId?.endsWith(`/${pageName}`) === true);
      if (entry === undefined || page.type !== 'asset' || typeof page.source !== 'string') {
        this.error(`${pageName}'s entry script is missing from the build: its UI would not be preloaded.`);
      }
      const staticGraph = (from: readonly string[], seen = new Set<string>()): Set<string> => {
        for (const file of from) {
          if (seen.has(file)) continue;
          seen.add(file);
          staticGraph(chunks.get(file)?.imports ?? [], seen);
        }
        return seen;
      };
      const inPage = staticGraph([entry.fileName]);
      const preloads = [...staticGraph(entry.dynamicImports)].filter((file) => !inPage.has(file));
      const links = preloads.map((file) => `    <link rel="modulepreload" crossorigin href="${base}${file}">\n`).join('');
      page.source = page.source.replace('  </head>', `${links}  </head>`);
    },
  };
}
