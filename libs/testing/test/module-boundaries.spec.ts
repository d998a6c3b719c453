import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../src';

jest.setTimeout(120_000);

const root = repoRoot();
const SERVICES = ['gateway', 'dev-idp', 'directory', 'mandates', 'web'];

describe('Nx module boundaries', () => {
  let deps: Record<string, Array<{ target: string }>>;
  beforeAll(() => {
    execFileSync('npx', ['nx', 'graph', '--file=tmp/nx-graph.json'], { cwd: root, stdio: 'ignore' });
    deps = JSON.parse(readFileSync(join(root, 'tmp/nx-graph.json'), 'utf8')).graph.dependencies;
  });

  it('the project graph has no service depending on another service', () => {
    expect(deps.gateway.map((d) => d.target)).toEqual(expect.arrayContaining(['contracts', 'messaging']));
    for (const s of SERVICES) {
      const others = (deps[s] ?? []).map((d) => d.target).filter((t) => SERVICES.includes(t));
      expect({ service: s, others }).toEqual({ service: s, others: [] });
    }
  });

  /** Runs the project's real ESLint on a snippet, as if it were the given file. */
  const lint = (text: string, file: string): Array<{ ruleId: string | null }> => {
    let out: string;
    try {
      out = execFileSync('npx', ['eslint', '--format', 'json', '--stdin', '--stdin-filename', file], { cwd: root, input: text, encoding: 'utf8' });
    } catch (err) {
      out = (err as { stdout: string }).stdout;
    }
    return JSON.parse(out)[0].messages;
  };

  it('lint refuses a service importing another service, and accepts shared libs', () => {
    const cross = lint("import { AppModule } from '../../directory/src/app.module';\nexport const x = AppModule;\n", 'apps/mandates/src/main.ts');
    expect(cross.map((m) => m.ruleId)).toContain('@nx/enforce-module-boundaries');
    const allowed = lint("import { ROLES } from '@pin/contracts';\nexport const x = ROLES;\n", 'apps/mandates/src/main.ts');
    expect(allowed.filter((m) => m.ruleId === '@nx/enforce-module-boundaries')).toEqual([]);
  });
});
