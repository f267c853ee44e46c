import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { openDatabase, useSuite } from '../support/harness';
import { createTestKey, type TestKey } from '../support/api-keys';
import { gated } from '../support/approvals';
import { eventually } from '../support/eventually';

const BIN = join(__dirname, '..', '..', 'libs', 'sdk', 'bin', 'steadfast.cjs');

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built `steadfast` bin, as a user runs it: configured by STEADFAST_URL and STEADFAST_API_KEY only. */
function cli(env: { url: string; key?: string }, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH, STEADFAST_URL: env.url, ...(env.key ? { STEADFAST_API_KEY: env.key } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `--json` prints the API's answer: the test reads it as the API's JSON. */
function json<T = Record<string, unknown>>(result: CliResult): T {
  if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

interface RunAnswer {
  success: boolean;
  run: { id: string; name: string; status: string; workflow: { name: string | null; version: number | null } | null };
}

describe('the steadfast CLI', () => {
  const ctx = useSuite({ AUTH_DISABLED: 'false' });
  let db: DataSource;
  let admin: TestKey;
  let dir: string;
  const as = (key?: TestKey) => ({ url: ctx.base, key: (key ?? admin).secret });
  const run = (...args: string[]) => cli(as(), ...args);

  beforeAll(async () => {
    db = await openDatabase(ctx.suite.config);
    admin = await createTestKey(db, { tenant: 'cli', scopes: ['admin'], user: 'ops' });
    dir = mkdtempSync(join(tmpdir(), 'steadfast-cli-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.destroy();
  });

  it('prints its help', async () => {
    const help = await cli({ url: ctx.base }, '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/STEADFAST_URL/);
    for (const command of ['runs', 'approvals', 'workflows', 'agents', 'keys']) expect(help.stdout).toContain(command);
  });

  it('creates, starts, gets, lists and reads the events of runs; --json is the API answer', async () => {
    const created = json<RunAnswer>(
      await run('--json', 'runs', 'create', '--name', 'cli run', '--input', '{"text":"hi"}', '--tag', 'cli-list', '--token', `cli-${Date.now()}`),
    );
    expect(created).toMatchObject({ success: true, run: { name: 'cli run', status: 'created' } });
    const id = created.run.id;
    expect(json<RunAnswer>(await run('--json', 'runs', 'start', id)).run.status).not.toBe('created');

    const watched = await run('runs', 'watch', id);
    expect(watched.code).toBe(0);
    expect(watched.stdout).toMatch(/final\s+completed/);

    const got = await run('runs', 'get', id);
    expect(got.code).toBe(0);
    expect(got.stdout).toMatch(new RegExp(`^id\\s+${id}$`, 'm'));
    expect(got.stdout).toMatch(/^status\s+completed$/m);

    const listed = json<{ runs: { id: string }[]; next_cursor: string | null }>(await run('--json', 'runs', 'list', '--tag', 'cli-list', '--limit', '5'));
    expect(listed.runs.map((r) => r.id)).toEqual([id]);
    const table = await run('runs', 'list', '--tag', 'cli-list', '--status', 'completed');
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+STATUS\s+CREATED\s+TAGS$/);
    expect(table.stdout).toContain(id);

    const events = json<{ events: { seq: number; type: string }[] }>(await run('--json', 'runs', 'events', id));
    expect(events.events.at(-1)?.type).toBe('final');
    expect((await run('runs', 'events', id)).stdout).toMatch(/^SEQ\s+TIME\s+TYPE/);
  });

  it('watch exits non-zero for a failing run, and --json prints the events', async () => {
    const failing = { nodes: [{ id: 'boom', type: 'fail', config: { message: 'on purpose' } }] };
    const file = join(dir, 'failing.json');
    writeFileSync(file, JSON.stringify(failing));
    const { run: created } = json<RunAnswer>(await run('--json', 'runs', 'create', '--name', 'cli fail', '--workflow', `@${file}`, '--start'));
    const watched = await run('runs', 'watch', created.id);
    expect(watched.code).not.toBe(0);
    expect(watched.stdout).toMatch(/failed\s+boom: /);
    expect(watched.stdout).toMatch(/final\s+failed/);

    const asJson = await run('--json', 'runs', 'watch', created.id);
    expect(asJson.code).not.toBe(0);
    const lines = asJson.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { seq: number; type: string });
    expect(lines.map((e) => e.seq)).toEqual(lines.map((_, i) => i + 1));
    expect(lines.at(-1)?.type).toBe('final');
  });

  it('cancels a run', async () => {
    const { run: created } = json<RunAnswer>(
      await run(
        '--json',
        'runs',
        'create',
        '--name',
        'cli cancel',
        '--workflow',
        `@${writeJson('slow.json', { nodes: [{ id: 'wait', type: 'delay', config: { duration: '30s' } }] })}`,
        '--start',
      ),
    );
    expect((await run('runs', 'cancel', created.id)).code).toBe(0);
    const watched = await run('runs', 'watch', created.id);
    expect(watched.code).not.toBe(0);
    expect(watched.stdout).toMatch(/final\s+canceled/);
  });

  it('pushes, lists and gets workflow definitions, and runs one by name@version', async () => {
    const name = `cli-flow-${Date.now()}`;
    const file = writeJson('flow.json', { name, nodes: [{ id: 'say', type: 'echo', config: { value: 'hello' } }] });
    expect(json<{ workflow: { name: string; version: number } }>(await run('--json', 'workflows', 'push', file)).workflow).toMatchObject({ name, version: 1 });
    // The same content again is the same version; changed content is the next one.
    expect(json<{ workflow: { version: number } }>(await run('--json', 'workflows', 'push', file)).workflow.version).toBe(1);
    const changed = writeJson('flow-2.json', { name, nodes: [{ id: 'say', type: 'echo', config: { value: 'hello again' } }] });
    expect(json<{ workflow: { version: number } }>(await run('--json', 'workflows', 'push', changed)).workflow.version).toBe(2);
    expect((await run('workflows', 'list')).stdout).toMatch(new RegExp(`^${name}\\s+2\\s`, 'm'));
    expect(json<{ workflow: { version: number } }>(await run('--json', 'workflows', 'get', `${name}@1`)).workflow.version).toBe(1);
    expect((await run('workflows', 'get', name)).stdout).toMatch(/^version\s+2$/m);

    const { run: created } = json<RunAnswer>(await run('--json', 'runs', 'create', '--name', 'by name', '--workflow', `${name}@1`, '--start'));
    expect(created.workflow).toMatchObject({ name, version: 1 });
    expect((await run('runs', 'watch', created.id)).code).toBe(0);

    const bad = await run('workflows', 'get', `${name}@x`);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/must be a positive integer/);
  });

  it('pushes, lists and gets agents', async () => {
    const name = `cli-agent-${Date.now()}`;
    const file = writeJson('agent.json', { name, system_prompt: 'You summarise.' });
    expect(json<{ agent: { name: string; version: number } }>(await run('--json', 'agents', 'push', file)).agent).toMatchObject({ name, version: 1 });
    expect((await run('agents', 'list')).stdout).toContain(name);
    expect(json<{ agent: { name: string } }>(await run('--json', 'agents', 'get', `${name}@1`)).agent.name).toBe(name);
  });

  it('lists pending approvals and decides one', async () => {
    const file = writeJson('gated.json', gated({ approvers: ['ops'] }));
    const { run: created } = json<RunAnswer>(
      await run('--json', 'runs', 'create', '--name', 'cli gated', '--workflow', `@${file}`, '--input', '{"release":"1"}', '--start'),
    );
    const approval = await eventually(async () => {
      const { approvals } = json<{ approvals: { id: string; run_id: string }[] }>(await run('--json', 'approvals', 'list', '--status', 'pending'));
      const mine = approvals.find((a) => a.run_id === created.id);
      if (!mine) throw new Error('not pending yet');
      return mine;
    });
    expect((await run('approvals', 'list', '--status', 'pending')).stdout).toContain(approval.id);
    const decided = json<{ approval: { status: string; decided_by: string; comment: string } }>(
      await run('--json', 'approvals', 'decide', approval.id, '--approve', '--comment', 'from the cli'),
    );
    expect(decided.approval).toMatchObject({ status: 'approved', decided_by: 'ops', comment: 'from the cli' });
    expect((await run('runs', 'watch', created.id)).code).toBe(0);

    const again = await run('approvals', 'decide', approval.id, '--reject');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/^error: .*\(HTTP 409\)$/m);
  });

  it('creates, lists and revokes keys, and the new key works', async () => {
    const created = json<{ key: { id: string; secret: string; scopes: string[] } }>(
      await run('--json', 'keys', 'create', '--name', 'cli key', '--tenant', 'cli', '--scope', 'runs:read', '--scope', 'runs:write'),
    );
    expect(created.key.scopes).toEqual(['runs:read', 'runs:write']);
    const reader = { url: ctx.base, key: created.key.secret };
    expect((await cli(reader, 'runs', 'list')).code).toBe(0);
    expect((await run('keys', 'list', '--tenant', 'cli')).stdout).toContain(created.key.id);
    expect((await run('keys', 'revoke', created.key.id)).code).toBe(0);
    const refused = await cli(reader, 'runs', 'list');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/\(HTTP 401\)/);
  });

  it("prints the API's error and details and exits non-zero", async () => {
    const missing = await run('runs', 'get', 'run-nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: .*\(HTTP 404\)$/m);

    const invalid = await run(
      'runs',
      'create',
      '--name',
      'bad',
      '--workflow',
      `@${writeJson('bad.json', { nodes: [{ id: 'b', type: 'delay', config: { duration: 'soon' } }] })}`,
    );
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^error: .*\(HTTP 422\)$/m);
    expect(invalid.stderr).toMatch(/^ {2}- node "b"/m);

    const unreachable = await cli({ url: 'http://127.0.0.1:9' }, 'runs', 'list');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/Could not reach/);
  });

  function writeJson(name: string, value: unknown): string {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(value));
    return file;
  }
});
