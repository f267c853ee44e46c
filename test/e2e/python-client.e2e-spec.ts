import type { DataSource } from 'typeorm';
import { createTestKey, type TestKey } from '../support/api-keys';
import type { EventJson, RunJson } from '../support/api-types';
import { eventually } from '../support/eventually';
import { openDatabase, requireStarted, startApi, useSuite } from '../support/harness';
import { request } from '../support/http';
import { execute, pythonClientEnv, SDK_PYTHON, startPython, succeeded, type PythonClientEnv } from '../support/python-client';

const APPROVER = 'py-approver';

/** Prints each event runs.stream yields, as one JSON line. */
const FOLLOW = `
import json, os, sys
from steadfast import Steadfast
with Steadfast(os.environ["STEADFAST_URL"], os.environ["STEADFAST_API_KEY"]) as sf:
    for event in sf.runs.stream(sys.argv[1]):
        print(json.dumps(event), flush=True)
`;
const SLOW = {
  nodes: [
    { id: 'a', type: 'echo', config: { value: 'a' } },
    { id: 'wait', type: 'delay', config: { duration: '3s' }, depends_on: ['a'] },
    { id: 'b', type: 'echo', config: { value: 'b' }, depends_on: ['wait'] },
  ],
};

/**
 * The Python client (libs/sdk-python): ruff and mypy over it, then its pytest suite against this real API
 * and worker, with authentication on. pytest's own report is printed when it fails.
 */
describe('the Python client', () => {
  const ctx = useSuite({ AUTH_DISABLED: 'false' });
  let db: DataSource | undefined;
  let writer: TestKey | undefined;
  let reader: TestKey | undefined;
  let env: PythonClientEnv | undefined;

  beforeAll(async () => {
    db = await openDatabase(ctx.suite.config);
    const tenant = 'python-client';
    writer = await createTestKey(db, { tenant, scopes: ['runs:read', 'runs:write', 'approvals:decide', 'workflows:write'], user: APPROVER });
    reader = await createTestKey(db, { tenant, scopes: ['runs:read'] });
    // A cold venv downloads from PyPI: allow for it.
    env = await pythonClientEnv();
  }, 600_000);
  afterAll(() => db?.destroy());

  const python = () => requireStarted(env, 'the Python venv');
  const run = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    execute(python().python, args, { cwd: SDK_PYTHON, env: { ...process.env, ...python().caches, ...extraEnv } });

  it('passes ruff and mypy --strict', async () => {
    succeeded('ruff check', await run(['-m', 'ruff', 'check', 'src', 'tests']));
    succeeded('ruff format --check', await run(['-m', 'ruff', 'format', '--check', 'src', 'tests']));
    succeeded('mypy', await run(['-m', 'mypy', 'src', 'tests']));
  });

  it('passes its pytest suite against the real API, integration tests included', async () => {
    const output = succeeded(
      'pytest',
      await run(['-m', 'pytest', 'tests', '-rs', '--durations=5'], {
        STEADFAST_URL: ctx.base,
        STEADFAST_API_KEY: requireStarted(writer, 'the API key').secret,
        STEADFAST_READ_ONLY_API_KEY: requireStarted(reader, 'the read-only key').secret,
        STEADFAST_APPROVER: APPROVER,
      }),
    );
    // Skipped tests are listed with their reason (-rs): none may be an integration test missing its API.
    expect(output).not.toMatch(/STEADFAST_URL is not set|STEADFAST_API_KEY is not set|STEADFAST_READ_ONLY_API_KEY is not set/);
    expect(output).toMatch(/\d+ passed/);
  }, 300_000);

  it('follows a run across an API restart on the same address: every event once, in order, to final', async () => {
    const key = requireStarted(writer, 'the API key');
    const first = await startApi(ctx.suite.config);
    const created = await request<{ run: RunJson }>(first.url, 'POST', '/api/runs', { name: 'py-restart', workflow: SLOW, start: true }, key.auth);
    expect(created.status).toBe(201);
    const runId = created.body.run.id;
    const follower = startPython(python().python, ['-c', FOLLOW, runId], { ...process.env, STEADFAST_URL: first.url, STEADFAST_API_KEY: key.secret });
    await eventually(async () => expect(follower.lines.length).toBeGreaterThan(0), { message: 'the first streamed event' });

    // Shutdown ends every open stream; the client finds the API gone, then back on the same port.
    await first.close();
    const second = await startApi(ctx.suite.config, Number(new URL(first.url).port));
    try {
      succeeded('the Python follower', await follower.done);
      const streamed = follower.lines.map((line) => JSON.parse(line) as EventJson);
      const stored = await request<{ events: EventJson[] }>(second.url, 'GET', `/api/runs/${runId}/events?limit=500`, undefined, key.auth);
      expect(streamed).toEqual(stored.body.events);
      expect(streamed.map((event) => event.seq)).toEqual(streamed.map((_, i) => i + 1));
      expect(streamed[streamed.length - 1].type).toBe('final');
    } finally {
      await second.close();
    }
  }, 120_000);
});
