import { defineConfig } from 'vite';

/** `npm run cds` builds the service for Node (dependencies stay external) into dist-cds/ and runs it; `bench:cds` builds its benchmark beside a copy. */
export default defineConfig({
  publicDir: false,
  build: {
    ssr: 'cds/main.ts',
    outDir: 'dist-cds',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { output: { entryFileNames: '[name].js' } },
  },
});
