import js from '@eslint/js';
import { readdirSync } from 'node:fs';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Every feature folder, read from disk: a new feature gets its zone without anyone remembering to list it. */
const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

export default tseslint.config(
  { ignores: ['dist/', 'dist-cds/', '.bench/', 'node_modules/', 'test-results/', 'playwright-report/', 'vendor/', 'public/mockServiceWorker.js'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'react-hooks': reactHooks, 'import-x': importX },
    settings: { 'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })] },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-hooks/exhaustive-deps': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'import-x/no-cycle': 'error',
      'import-x/no-default-export': 'error',
      // Layering (bulletproof-react): app composes features; features never import each other or app;
      // shared code never imports features or app; the app never imports the sandbox or the practice page.
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...features.map((feature) => ({
              target: `./src/features/${feature}`,
              from: './src/features',
              except: [`./${feature}`],
            })),
            { target: './src/features', from: './src/app' },
            { target: ['./src/lib', './src/components', './src/config'], from: ['./src/features', './src/app'] },
            { target: './src', from: ['./mocks', './cds', './practice'] },
            // The practice page may use the sandbox's FHIR engine, never its EHR, auth server or test controls.
            { target: './practice', from: './mocks', except: ['./sandbox/fhir-engine.ts', './sandbox/fhir-definitions.ts', './sandbox/capability-statement.ts'] },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'fhirclient', message: 'Only src/lib/fhir talks to fhirclient; use the typed FHIR layer.' }],
          patterns: [{ group: ['fhirclient/*'], message: 'Only src/lib/fhir talks to fhirclient; use the typed FHIR layer.' }],
        },
      ],
    },
  },
  {
    files: ['src/lib/fhir/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Config files are consumed by their tools as default exports.
    files: ['*.config.{js,ts}', 'vite.config.ts', 'vite.training.config.ts', 'cds/vite.config.ts', 'playwright.config.ts', 'eslint.config.js'],
    rules: { 'import-x/no-default-export': 'off' },
  },
  {
    files: ['**/*.test.{ts,tsx}', 'tests/**'],
    rules: { 'no-restricted-syntax': ['error', { selector: "MemberExpression[property.name='only']", message: 'No .only in committed tests.' }] },
  },
  {
    // Plain JavaScript scripts: JSDoc carries the types, TypeScript's return-type rule cannot apply.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { '@typescript-eslint/explicit-module-boundary-types': 'off' },
  },
);
