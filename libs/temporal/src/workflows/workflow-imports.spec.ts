import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O libraries, no Nest,
 * TypeORM, pg or openai. Type-only imports are erased at compile time and are fine.
 */
const ALLOWED = [/^@temporalio\/workflow$/, /^@temporalio\/common$/, /^@steadfast\/domain$/, /^\.\/[\w.-]+$/, /^\.\.\/contracts$/, /^ms$/, /^jsonata$/];

function valueImports(source: string): string[] {
  const specifiers: string[] = [];
  for (const match of source.matchAll(/^import\s+(type\s+)?[^'"]*?from\s+'([^']+)';/gms)) {
    if (!match[1]) specifiers.push(match[2]);
  }
  for (const match of source.matchAll(/require\(\s*'([^']+)'\s*\)/g)) specifiers.push(match[1]);
  return specifiers;
}

describe('workflow sandbox imports', () => {
  const dir = __dirname;
  const files = readdirSync(dir).filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'));

  it('finds the workflow sources', () => {
    expect(files).toEqual(expect.arrayContaining(['run.workflow.ts', 'index.ts']));
  });

  it.each(files)('%s imports only sandbox-safe modules', (file) => {
    const forbidden = valueImports(readFileSync(join(dir, file), 'utf8')).filter((spec) => !ALLOWED.some((rule) => rule.test(spec)));
    expect(forbidden).toEqual([]);
  });

  it('would catch a forbidden import', () => {
    expect(valueImports(`import { readFileSync } from 'node:fs';\nimport type { DataSource } from 'typeorm';`)).toEqual(['node:fs']);
  });
});
