import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { useSuite } from '../support/harness';

const ROOT = join(__dirname, '..', '..');
const SDK = join(ROOT, 'libs', 'sdk');
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * The package as a user gets it: `npm pack`, installed into an empty folder (its dependencies from the
 * registry), used from plain Node in both module systems, and type-checked as a TypeScript consumer.
 */
describe('the @steadfast/sdk package', () => {
  const ctx = useSuite();
  let folder: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'steadfast-sdk-'));
    // The dist/ that `npm run build` made (e2e suites run after it): packing without prepack leaves it alone
    // for the suites that run the built CLI.
    const tarball = npm(['pack', '--silent', '--ignore-scripts', '--pack-destination', folder], SDK).trim().split('\n').at(-1) as string;
    writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    npm(['install', '--no-audit', '--no-fund', '--ignore-scripts', join(folder, tarball)], folder);
  }, 240_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  // Asynchronous: the API answers from this very process, which must not block while the script runs.
  const node = async (file: string) =>
    (await promisify(execFile)(process.execPath, [file], { cwd: folder, encoding: 'utf8', env: { ...process.env, STEADFAST_URL: ctx.base } })).stdout;

  it('creates a run and waits for it from a plain CommonJS script', async () => {
    writeFileSync(
      join(folder, 'wait.cjs'),
      `const { Steadfast } = require('@steadfast/sdk');
const sf = new Steadfast({ baseUrl: process.env.STEADFAST_URL });
sf.runs.create({ name: 'packed', start: true }).then((run) => sf.runs.wait(run.id, { timeoutMs: 60000 })).then((run) => console.log(JSON.stringify(run)));`,
    );
    expect(JSON.parse(await node('wait.cjs'))).toMatchObject({ name: 'packed', status: 'completed' });
  });

  it('works as an ES module too, and streams', async () => {
    writeFileSync(
      join(folder, 'stream.mjs'),
      `import { Steadfast } from '@steadfast/sdk';
const sf = new Steadfast({ baseUrl: process.env.STEADFAST_URL });
const run = await sf.runs.create({ name: 'packed esm', start: true });
const types = [];
for await (const event of sf.runs.stream(run.id)) types.push(event.type);
console.log(JSON.stringify(types));`,
    );
    expect(JSON.parse(await node('stream.mjs'))).toEqual(['status_update', 'node_started', 'node_completed', 'status_update', 'final']);
  });

  it("keeps Node built-ins out of the library's ES module and browser builds", () => {
    const dist = join(folder, 'node_modules', '@steadfast', 'sdk', 'dist');
    for (const file of ['index.mjs', 'temporal.mjs', join('browser', 'steadfast.mjs')]) {
      const code = readFileSync(join(dist, file), 'utf8');
      expect(code).not.toMatch(/from\s*["'](node:)?(fs|path|os|http|https|net|stream|crypto|child_process|url|util|events)["']/);
      expect(code).not.toMatch(/\brequire\(/);
    }
    // The browser build has no bare imports left for a page to resolve.
    expect(readFileSync(join(dist, 'browser', 'steadfast.mjs'), 'utf8')).not.toMatch(/^import .* from ["'][^./]/m);
  });

  it('type-checks a TypeScript consumer against the installed types', () => {
    writeFileSync(
      join(folder, 'consumer.ts'),
      `import { Steadfast, SteadfastError, type Run, type RunEvent } from '@steadfast/sdk';
import { approvalDecisionSignal, eventsQuery, type ApprovalDecisionSignal } from '@steadfast/sdk/temporal';

export async function main(): Promise<string> {
  const sf = new Steadfast({ baseUrl: 'http://127.0.0.1:3000', apiKey: 'sk_x', retry: { maxRetries: 1 } });
  const run: Run = await sf.runs.create({ name: 'typed', input: { text: 'x' } }, { idempotencyKey: 'typed-123456' });
  for await (const listed of sf.runs.list({ status: 'completed' })) void listed.id;
  for await (const event of sf.runs.stream(run.id, { lastEventId: 0 })) {
    const seen: RunEvent = event;
    void seen.seq;
  }
  const decision: ApprovalDecisionSignal = { approval_id: 'a', decision: 'approve' };
  void [decision, approvalDecisionSignal.name, eventsQuery.name];
  try {
    await sf.approvals.decide('a', { decision: 'approve' });
  } catch (error) {
    if (error instanceof SteadfastError) return error.error + String(error.status);
  }
  // Real types, not \`any\` from an unresolved import: these must be errors.
  // @ts-expect-error a run's status is a union of the API's statuses
  const wrong: Run['status'] = 'nope';
  // @ts-expect-error the signal's decision is approve or reject
  const verdict: ApprovalDecisionSignal['decision'] = 'maybe';
  void [wrong, verdict];
  return (await sf.runs.wait(run.id)).status;
}
`,
    );
    writeFileSync(
      join(folder, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2022', 'DOM'],
          types: [],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
        },
        files: ['consumer.ts'],
      }),
    );
    const installed = readdirSync(join(folder, 'node_modules', '@steadfast', 'sdk', 'dist'));
    expect(installed).toEqual(expect.arrayContaining(['index.d.ts', 'index.d.mts', 'temporal.d.ts']));
    // @temporalio/common is an optional peer: the consumer that imports the Temporal module installs it.
    npm(['install', '--no-audit', '--no-fund', '--ignore-scripts', `@temporalio/common@${requireVersion('@temporalio/common')}`], folder);
    // skipLibCheck as consumers set it (@temporalio/common's own declarations need @types/ms); the
    // expect-error lines above prove the SDK's types resolved.
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: folder, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 120_000);
});

function requireVersion(name: string): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}
