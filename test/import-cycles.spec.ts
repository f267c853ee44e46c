import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..');

/** Every source file tsconfig.json covers, with the project files each one imports (types too). */
function importGraph(): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error('tsconfig.json did not parse');
  const host = ts.createCompilerHost(config.options);
  const graph = new Map<string, string[]>();
  for (const file of config.fileNames.filter((name) => !name.includes('/node_modules/'))) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map(({ fileName }) => ts.resolveModuleName(fileName, file, config.options, host).resolvedModule?.resolvedFileName)
      .filter((target): target is string => target !== undefined && !target.includes('/node_modules/') && !target.endsWith('.d.ts'));
    graph.set(file, targets);
  }
  return graph;
}

/** The import circles among project files, each as the path that closes it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next].map((name) => relative(ROOT, name)));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('imports', () => {
  it('form no circle: every module can be read after the ones it imports', () => {
    expect(cycles(importGraph())).toEqual([]);
  });

  it('would see a circle', () => {
    const sut = cycles(
      new Map([
        [join(ROOT, 'a.ts'), [join(ROOT, 'b.ts')]],
        [join(ROOT, 'b.ts'), [join(ROOT, 'a.ts')]],
      ]),
    );
    expect(sut).toEqual([['a.ts', 'b.ts', 'a.ts']]);
  });
});
