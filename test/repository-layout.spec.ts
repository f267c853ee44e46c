import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const json = <T>(file: string): T => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as T;

interface NestProject {
  type: 'application' | 'library';
  root: string;
  entryFile: string;
  sourceRoot: string;
}

/*
 * The layout is stated in three files that tools read separately: tsconfig.json (path aliases, read by tsc,
 * tsc-alias, swc and Jest), nest-cli.json (the project map editors and Nest tooling read) and the folders
 * themselves. These checks keep them telling the same story.
 */
describe('the repository layout', () => {
  const paths = json<{ compilerOptions: { paths: Record<string, string[]> } }>('tsconfig.json').compilerOptions.paths;
  const projects = Object.values(json<{ projects: Record<string, NestProject> }>('nest-cli.json').projects);

  it('names a nest-cli library for every path alias, at the folder the alias points to', () => {
    const libraries = projects.filter((project) => project.type === 'library').map((project) => project.sourceRoot);
    expect(libraries.sort()).toEqual(
      Object.values(paths)
        .map(([target]) => target)
        .sort(),
    );
  });

  it('names a nest-cli application for every app', () => {
    const apps = readdirSync(join(ROOT, 'apps'), { withFileTypes: true }).filter(
      (entry) => entry.isDirectory() && existsSync(join(ROOT, 'apps', entry.name, 'src', 'main.ts')),
    );
    const applications = projects.filter((project) => project.type === 'application').map((project) => project.sourceRoot);
    expect(applications.sort()).toEqual(apps.map((entry) => `apps/${entry.name}/src`).sort());
  });

  it('points every project at an entry file that exists', () => {
    const missing = projects.filter((project) => !existsSync(join(ROOT, project.sourceRoot, `${project.entryFile}.ts`)));
    expect(missing).toEqual([]);
  });
});
