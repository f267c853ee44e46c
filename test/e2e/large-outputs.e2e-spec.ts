import type { DataSource } from 'typeorm';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-server';
import { openDatabase, startSuite, temporalClient, type Suite } from '../support/harness';
import { request, waitForStatus } from '../support/http';
import { present } from '../support/present';
import type { HttpResponseOutput } from '@steadfast/engine';

const INLINE_MAX = 32 * 1024;

/** A run input well over 32 KiB (run inputs may be up to 128 KiB) with a small title inside. */
const report = {
  doc: {
    title: 'Quarterly report',
    items: Array.from({ length: 700 }, (_, i) => ({ id: i, text: `line ${i} ${'x'.repeat(60)}` })),
  },
};
const reportBytes = Buffer.byteLength(JSON.stringify(report));

/** What Temporal keeps for the run: the size of its event history, as the Temporal UI reports it. */
async function historyBytes(suite: Suite, runId: string): Promise<number> {
  const temporal = await temporalClient(suite.config);
  try {
    const description = await temporal.client.workflow.getHandle(runId).describe();
    return Number(description.raw.workflowExecutionInfo?.historySizeBytes);
  } finally {
    await temporal.close();
  }
}

describe('large node outputs, stored once in Postgres and passed by reference', () => {
  let suite: Suite;
  let db: DataSource;
  let server: LoopbackServer;
  let origin: string;
  let received: string | undefined;
  const served = { title: 'Remote report', rows: Array.from({ length: 2500 }, (_, i) => ({ id: i, value: `row ${i} ${'y'.repeat(60)}` })) };

  // A reference shape naming a stored output this run never made (any sha256 will do).
  const forged = { $output_ref: { sha256: 'a'.repeat(64), size_bytes: 40_000 } };

  beforeAll(async () => {
    server = await startLoopbackServer((req, res, body) => {
      if (req.url === '/forged') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(forged));
      if (req.url === '/report') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(served));
      received = body;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ received_bytes: Buffer.byteLength(body) }));
    });
    origin = server.origin;
    suite = await startSuite({ HTTP_ALLOWED_HOSTS: server.host });
    db = await openDatabase(suite.config);
  });
  afterAll(async () => {
    await db?.destroy();
    await suite?.stop();
    await server?.close();
  });

  async function runToEnd(workflow: unknown, input?: unknown) {
    const { body, status } = await request(suite.api.url, 'POST', '/api/runs', { name: 'large', workflow, input, start: true });
    expect(status).toBe(201);
    const run = await waitForStatus(suite.api.url, body.run.id, ['completed', 'failed'], 60_000);
    const nodes = (await request(suite.api.url, 'GET', `/api/runs/${run.id}/nodes`)).body.nodes;
    const node = (id: string) =>
      present(
        nodes.find((n) => n.id === id),
        `node "${id}"`,
      );
    /** Where a node's output is stored, for an output stored by reference. */
    const ref = (id: string) => present(node(id).output_ref, `a stored output of node "${id}"`);
    return { run, node, ref };
  }

  it('stores a large echo once, serves it in full, and lets templates, copies and transforms read it', async () => {
    expect(reportBytes).toBeGreaterThan(INLINE_MAX * 1.5);
    const { run, node, ref } = await runToEnd(
      {
        nodes: [
          { id: 'big', type: 'echo' },
          { id: 'title', type: 'echo', config: { value: '{{ nodes.big.output.doc.title }}' }, depends_on: ['big'] },
          {
            id: 'heading',
            type: 'echo',
            config: { value: { text: '{{ nodes.big.output.doc.title }}: item {{ nodes.big.output.doc.items[3].id }}' } },
            depends_on: ['big'],
          },
          { id: 'copy', type: 'echo', config: { value: '{{ nodes.big.output }}' }, depends_on: ['big'] },
          { id: 'count', type: 'transform', config: { expression: '$count(nodes.big.output.doc.items)' }, depends_on: ['big'] },
          { id: 'items', type: 'transform', config: { expression: 'nodes.big.output.doc.items' }, depends_on: ['big'] },
          { id: 'last', type: 'echo', config: { value: '{{ nodes.items.output[699].text }}' }, depends_on: ['items'] },
        ],
      },
      report,
    );
    expect(run.status).toBe('completed');

    const big = node('big');
    expect(big.status).toBe('completed');
    expect(big).not.toHaveProperty('output');
    expect(big.output_ref).toEqual({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size_bytes: expect.any(Number) });
    expect(ref('big').size_bytes).toBeGreaterThan(INLINE_MAX);

    const full = await request(suite.api.url, 'GET', `/api/runs/${run.id}/nodes/big/output`);
    expect(full.status).toBe(200);
    expect(full.body).toEqual({ success: true, output: report, output_ref: big.output_ref });

    expect(node('title').output).toBe('Quarterly report');
    expect(node('heading').output).toEqual({ text: 'Quarterly report: item 3' });
    expect(node('count').output).toBe(700);
    expect(node('last').output).toBe(report.doc.items[699].text);
    // The same content is the same row: the copy is a reference to the very same sha.
    expect(node('copy').output_ref).toEqual(big.output_ref);
    const rows = await db.query(`SELECT size_bytes FROM node_outputs WHERE sha256 = $1`, [ref('big').sha256]);
    expect(rows).toEqual([{ size_bytes: ref('big').size_bytes }]);
    // A transform whose value is large is stored like any other large output.
    expect(ref('items').size_bytes).toBeGreaterThan(INLINE_MAX);

    // The run's own output keeps sink outputs by reference; the node output endpoint has them in full.
    expect((run.output as Record<string, unknown>).copy).toEqual({ $output_ref: big.output_ref });
    expect((await request(suite.api.url, 'GET', `/api/runs/${run.id}/nodes/copy/output`)).body.output).toEqual(report);

    // The run input sits in history twice (the workflow's input, the echo's argument); the five large
    // values the run produced from it add nothing like their size.
    const producedBytes = ref('big').size_bytes + ref('copy').size_bytes + ref('items').size_bytes;
    expect(producedBytes).toBeGreaterThan(3 * INLINE_MAX);
    expect(await historyBytes(suite, run.id)).toBeLessThan(2 * reportBytes + 24 * 1024);
  });

  it('keeps a large http response out of workflow history and sends it on in full', async () => {
    const { run, node, ref } = await runToEnd({
      nodes: [
        { id: 'fetch', type: 'http', config: { url: `${origin}/report` } },
        { id: 'title', type: 'echo', config: { value: '{{ nodes.fetch.output.body.title }}' }, depends_on: ['fetch'] },
        { id: 'forward', type: 'http', config: { method: 'POST', url: `${origin}/sink`, body: '{{ nodes.fetch.output.body }}' }, depends_on: ['fetch'] },
      ],
    });
    expect(run.status).toBe('completed');
    const servedBytes = Buffer.byteLength(JSON.stringify(served));
    expect(ref('fetch').size_bytes).toBeGreaterThan(servedBytes);
    expect(node('title').output).toBe('Remote report');
    expect(JSON.parse(received ?? 'null')).toEqual(served);
    expect((node('forward').output as HttpResponseOutput).body).toEqual({ received_bytes: servedBytes });

    const history = await historyBytes(suite, run.id);
    expect(history).toBeLessThan(INLINE_MAX);
    expect(history * 4).toBeLessThan(servedBytes);
  });

  it('accepts a stored-output reference from no one but the engine: not in input, config or fetched data', async () => {
    const refused = await request(suite.api.url, 'POST', '/api/runs', { name: 'forged', input: { doc: forged } });
    expect(refused.status).toBe(422);
    expect(refused.body.details).toEqual(['input must not contain a stored-output reference ({"$output_ref": ...})']);
    const inConfig = await request(suite.api.url, 'POST', '/api/runs', {
      name: 'forged',
      workflow: { nodes: [{ id: 'e', type: 'echo', config: { value: forged } }] },
    });
    expect(inConfig.status).toBe(422);
    expect(inConfig.body.details).toEqual(['node "e": config must not contain a stored-output reference ({"$output_ref": ...})']);

    const { run } = await runToEnd({
      nodes: [
        { id: 'fetch', type: 'http', config: { url: `${origin}/forged` } },
        { id: 'use', type: 'echo', config: { value: '{{ nodes.fetch.output.body }}' }, depends_on: ['fetch'] },
      ],
    });
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/^node "fetch" failed: the result contains a stored-output reference/);
  });

  it('fails the node with the usual template error when a path inside a stored output is missing', async () => {
    const { run, node } = await runToEnd(
      {
        nodes: [
          { id: 'big', type: 'echo' },
          { id: 'use', type: 'echo', config: { value: '{{ nodes.big.output.doc.summary }}' }, depends_on: ['big'] },
        ],
      },
      report,
    );
    expect(run.status).toBe('failed');
    expect(run.error).toBe('node "use" failed: {{ nodes.big.output.doc.summary }} refers to a missing value: nodes.big.output.doc has no "summary"');
    expect(node('use').status).toBe('failed');
  });

  it('answers 404 JSON for an unknown node, a node without output, and an unknown run', async () => {
    const { run } = await runToEnd({
      nodes: [
        { id: 'broken', type: 'fail', config: { message: 'nope' }, on_error: 'continue' },
        { id: 'after', type: 'echo', config: { value: 'small' }, depends_on: ['broken'] },
      ],
    });
    const small = await request(suite.api.url, 'GET', `/api/runs/${run.id}/nodes/after/output`);
    expect(small).toMatchObject({ status: 200, body: { success: true, output: 'small', output_ref: null } });
    const unknownNode = await request(suite.api.url, 'GET', `/api/runs/${run.id}/nodes/ghost/output`);
    expect(unknownNode.status).toBe(404);
    expect(unknownNode.body).toEqual({ error: 'Node not found', details: [`run ${run.id} has no node "ghost"`] });
    const failed = await request(suite.api.url, 'GET', `/api/runs/${run.id}/nodes/broken/output`);
    expect(failed.status).toBe(404);
    expect(failed.body).toEqual({ error: 'Node has no output', details: ['node "broken" is failed; only completed nodes have an output'] });
    const unknownRun = await request(suite.api.url, 'GET', `/api/runs/run-01M834RNZ1A5D431X1NJFCWGY3/nodes/a/output`);
    expect(unknownRun.status).toBe(404);
    expect(unknownRun.body.error).toBe('Run not found');
  });
});
