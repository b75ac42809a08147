import { fileURLToPath } from 'node:url';
import type { UserConfig } from 'vite';
import base from './vite.config';

/**
 * The practice page, built after the clinical pages into the same `dist/` (`npm run build` runs both). Built with
 * them, Rollup would move the code they share with it (App) into chunks of its own, and the clinical pages would load
 * more files and more bytes.
 */
const practice: UserConfig = {
  ...base,
  build: {
    ...base.build,
    emptyOutDir: false,
    // The in-page FHIR engine (about 2 MB, 190 KB gzipped) loads only when a case starts.
    chunkSizeWarningLimit: 2_500,
    rollupOptions: { input: { training: fileURLToPath(new URL('training.html', import.meta.url)) } },
  },
};

export default practice;
