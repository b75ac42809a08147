import { ESLint } from 'eslint';
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });
const written: string[] = [];

afterAll(() => {
  for (const path of written) rmSync(path, { force: true });
});

/** Lints a probe file placed in the tree (typed linting needs it on disk), and returns the rules it broke. */
async function rulesBrokenBy(relativePath: string, code: string): Promise<string[]> {
  const path = `${root}/${relativePath}`;
  writeFileSync(path, code);
  written.push(path);
  const [result] = await eslint.lintFiles([path]);
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('the layering rules', () => {
  it('refuse a feature importing another feature, referral included', async () => {
    const broken = await rulesBrokenBy(
      'src/features/referral/layering-probe.ts',
      "import { evaluateIndicators } from '../indicators/engine';\n\nexport const probe = evaluateIndicators;\n",
    );
    expect(broken).toContain('import-x/no-restricted-paths');
  }, 60_000);

  it('let a feature import the shared FHIR layer', async () => {
    const broken = await rulesBrokenBy(
      'src/features/referral/layering-probe-lib.ts',
      "import { plainText } from '../../lib/fhir/untrusted-json';\n\nexport const probe = plainText;\n",
    );
    expect(broken).toEqual([]);
  }, 60_000);

  it('refuse shared code importing a feature', async () => {
    const broken = await rulesBrokenBy('src/lib/layering-probe.ts', "import { chartKeys } from '../features/chart/chart-queries';\n\nexport const probe = chartKeys;\n");
    expect(broken).toContain('import-x/no-restricted-paths');
  }, 60_000);
});
