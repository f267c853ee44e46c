import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const SDK_PYTHON = join(ROOT, 'libs', 'sdk-python');
const CACHE = join(ROOT, 'node_modules', '.cache', 'steadfast-sdk-python');

export interface Finished {
  code: number | null;
  output: string;
}

/**
 * A command's exit code and its stdout and stderr interleaved. Asynchronous on purpose: the API under test
 * runs in this process, and a blocking spawn would leave the Python client waiting on a server that cannot answer.
 */
export function execute(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

export interface Follower {
  /** What it has printed so far, a line each. */
  lines: string[];
  done: Promise<Finished>;
}

/** A Python process whose printed lines the test reads while it runs. */
export function startPython(python: string, args: string[], env: NodeJS.ProcessEnv): Follower {
  const child = spawn(python, args, { cwd: SDK_PYTHON, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let output = '';
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<Finished>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
  return { lines, done };
}

/** Throws with everything the command printed unless it exited 0: a failing pytest shows its own report. */
export function succeeded(what: string, finished: Finished): string {
  if (finished.code !== 0) throw new Error(`${what} exited with ${finished.code}:\n${finished.output}`);
  return finished.output;
}

export interface PythonClientEnv {
  python: string;
  /** Where ruff's and mypy's caches go, so the source tree gets none. */
  caches: NodeJS.ProcessEnv;
}

/**
 * A venv with `pip install ./libs/sdk-python[test,dev]` done, kept under node_modules/.cache and keyed by
 * pyproject.toml and the Python version, so dependencies come from PyPI once; the package itself is then
 * rebuilt from the working tree on every call, offline (hatchling is in the venv: no build isolation).
 */
export async function pythonClientEnv(): Promise<PythonClientEnv> {
  const pythonVersion = succeeded('python3 --version', await execute('python3', ['--version'])).trim();
  const key = createHash('sha256')
    .update(await readFile(join(SDK_PYTHON, 'pyproject.toml')))
    .update(pythonVersion)
    .digest('hex')
    .slice(0, 16);
  const venv = join(CACHE, key);
  const python = join(venv, 'bin', 'python');
  const ready = join(venv, 'ready');
  if (!existsSync(ready)) {
    // Venvs hold absolute paths, so it is built where it stays; the marker says it got to the end.
    await mkdir(CACHE, { recursive: true });
    for (const stale of await readdir(CACHE)) await rm(join(CACHE, stale), { recursive: true, force: true });
    succeeded('python3 -m venv', await execute('python3', ['-m', 'venv', venv]));
    succeeded('pip install', await execute(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `${SDK_PYTHON}[test,dev]`]));
    await writeFile(ready, `${pythonVersion}\n`);
  }
  succeeded(
    'pip install (the working tree)',
    await execute(python, [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--no-index',
      '--no-deps',
      '--no-build-isolation',
      '--force-reinstall',
      SDK_PYTHON,
    ]),
  );
  return { python, caches: { RUFF_CACHE_DIR: join(venv, 'ruff-cache'), MYPY_CACHE_DIR: join(venv, 'mypy-cache'), PYTHONDONTWRITEBYTECODE: '1' } };
}
