import { ONE_GRAPH_TWO_SPELLINGS } from '../../../../test/fixtures/two-spellings';
import { defaultDag, MAX_AGENT_NODES, MAX_DAG_NODES, sinkNodes, validateDag } from './validate-dag';

describe('validateDag', () => {
  it('normalises a valid graph: defaults filled, duplicate dependencies folded', () => {
    const sut = validateDag({
      nodes: [
        { id: 'a', type: 'echo' },
        { id: 'b', type: 'delay', config: { duration: '2s' }, depends_on: ['a', 'a'] },
      ],
    });
    expect(sut.errors).toEqual([]);
    expect(sut.dag).toEqual({
      nodes: [
        { id: 'a', type: 'echo', config: {}, depends_on: [] },
        { id: 'b', type: 'delay', config: { duration: '2s' }, depends_on: ['a'] },
      ],
    });
  });

  it.each([
    [null, 'workflow must be an object with a nodes array'],
    [{}, 'workflow.nodes must be an array'],
    [{ nodes: [] }, 'workflow.nodes must contain at least one node'],
    [{ nodes: [42] }, 'workflow.nodes[0] must be an object'],
    [{ nodes: [{ id: 'has space', type: 'echo' }] }, 'workflow.nodes[0].id must be 1-64 characters of letters, digits, "_" or "-"'],
    [{ nodes: [{ id: 'a', type: '' }] }, 'node "a": type must be a non-empty string'],
    [{ nodes: [{ id: 'a', type: 'echo', config: [] }] }, 'node "a": config must be an object'],
    [{ nodes: [{ id: 'a', type: 'echo', depends_on: 'b' }] }, 'node "a": depends_on must be an array of node ids'],
    [{ nodes: [{ id: 'a', type: 'echo', extra: 1 }] }, 'node "a": unknown field(s) extra'],
    [
      {
        nodes: [
          { id: 'a', type: 'echo' },
          { id: 'a', type: 'echo' },
        ],
      },
      'node "a": duplicate node id',
    ],
    [{ nodes: [{ id: 'a', type: 'echo', depends_on: ['a'] }] }, 'node "a": depends on itself'],
    [{ nodes: [{ id: 'a', type: 'echo', depends_on: ['zz'] }] }, 'node "a": depends_on references unknown node "zz"'],
    [
      { nodes: [{ id: 'a', type: 'delay', config: { duration: -5 } }] },
      'node "a": config.duration must be milliseconds (a number >= 0) or a duration string such as "30s"',
    ],
    [{ nodes: [{ id: 'a', type: 'fail', config: { message: 7 } }] }, 'node "a": config.message must be a string'],
  ])('rejects %j', (raw, message) => {
    const sut = validateDag(raw);
    expect(sut.dag).toBeUndefined();
    expect(sut.errors).toContain(message);
  });

  it('names every node on a cycle, and not the nodes merely upstream of it', () => {
    const sut = validateDag({
      nodes: [
        { id: 'start', type: 'echo' },
        { id: 'x', type: 'echo', depends_on: ['start', 'z'] },
        { id: 'y', type: 'echo', depends_on: ['x'] },
        { id: 'z', type: 'echo', depends_on: ['y'] },
      ],
    });
    expect(sut.errors).toEqual(['workflow has a cycle through nodes "x", "y", "z"']);
  });

  it(`accepts ${MAX_DAG_NODES} nodes and refuses one more`, () => {
    const nodes = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `n${i}`, type: 'echo' }));
    expect(validateDag({ nodes: nodes(MAX_DAG_NODES) }).errors).toEqual([]);
    expect(validateDag({ nodes: nodes(MAX_DAG_NODES + 1) }).errors).toEqual([
      `workflow.nodes has ${MAX_DAG_NODES + 1} nodes; at most ${MAX_DAG_NODES} are allowed`,
    ]);
  });

  it('reads a run deadline from timeout (ms or a duration string) and refuses a bad one', () => {
    expect(validateDag({ timeout: '2m', nodes: [{ id: 'a', type: 'echo' }] }).dag?.timeout_ms).toBe(120_000);
    expect(validateDag({ timeout_ms: 500, nodes: [{ id: 'a', type: 'echo' }] }).dag?.timeout_ms).toBe(500);
    expect(validateDag({ nodes: [{ id: 'a', type: 'echo' }] }).dag).not.toHaveProperty('timeout_ms');
    expect(validateDag({ timeout: 0, nodes: [{ id: 'a', type: 'echo' }] }).errors).toEqual([
      'workflow.timeout must be a positive number of milliseconds or a duration string such as "10m"',
    ]);
    expect(validateDag({ deadline: 5, nodes: [{ id: 'a', type: 'echo' }] }).errors).toEqual(['workflow: unknown field(s) deadline']);
  });

  it('accepts its own output: validating a normalised DAG yields the same DAG', () => {
    const first = validateDag({
      timeout: '5m',
      nodes: [
        {
          id: 'a',
          type: 'fail',
          retry: { max_attempts: 3, initial_interval: '1s', backoff: 2, non_retryable: ['Fatal'] },
          timeout: '30s',
          on_error: { handler: 'h' },
        },
        { id: 'h', type: 'echo', depends_on: ['a'] },
        { id: 'c', type: 'condition', config: { expression: '"x"' }, depends_on: ['a'] },
        { id: 'd', type: 'echo', depends_on: ['c'], when: 'x', on_error: 'continue' },
      ],
    });
    expect(first.errors).toEqual([]);
    expect(first.dag?.nodes[0]).toMatchObject({
      retry: { max_attempts: 3, initial_interval_ms: 1000, backoff: 2, non_retryable: ['Fatal'] },
      timeout_ms: 30_000,
    });
    const second = validateDag(first.dag);
    expect(second.errors).toEqual([]);
    expect(second.dag).toEqual(first.dag);
  });

  it('checks error handlers and branch labels', () => {
    expect(validateDag({ nodes: [{ id: 'a', type: 'echo', on_error: { handler: 'zz' } }] }).errors).toEqual([
      'node "a": on_error.handler references unknown node "zz"',
    ]);
    expect(
      validateDag({
        nodes: [
          { id: 'a', type: 'echo', on_error: { handler: 'h' } },
          { id: 'h', type: 'echo' },
        ],
      }).errors,
    ).toEqual(['node "a": its error handler "h" must list "a" in depends_on']);
    expect(validateDag({ nodes: [{ id: 'a', type: 'echo', when: 'yes' }] }).errors).toEqual(['node "a": when needs a dependency that chooses a branch']);
  });

  it('tolerates an unknown node type with a warning (it is skipped at run time)', () => {
    const sut = validateDag({ nodes: [{ id: 'a', type: 'teleport' }] });
    expect(sut.errors).toEqual([]);
    expect(sut.warnings).toEqual(['node "a": unknown node type "teleport"; it will be skipped']);
  });

  it('reports every problem at once, in node order', () => {
    const sut = validateDag({
      nodes: [
        { id: 'a', type: 'delay' },
        { id: 'b', type: 'echo', depends_on: ['q'] },
      ],
    });
    expect(sut.errors).toEqual([
      'node "a": config.duration must be milliseconds (a number >= 0) or a duration string such as "30s"',
      'node "b": depends_on references unknown node "q"',
    ]);
  });
});

describe('defaultDag and sinkNodes', () => {
  it('echoes the input in one node, which is also the only sink', () => {
    const dag = defaultDag();
    expect(validateDag(dag).errors).toEqual([]);
    expect(sinkNodes(dag).map((n) => n.id)).toEqual(['echo']);
  });

  it('finds every node nothing depends on', () => {
    const dag = validateDag({
      nodes: [
        { id: 'a', type: 'echo' },
        { id: 'b', type: 'echo', depends_on: ['a'] },
        { id: 'c', type: 'echo', depends_on: ['a'] },
      ],
    }).dag!;
    expect(sinkNodes(dag).map((n) => n.id)).toEqual(['b', 'c']);
  });
});

describe('validateDag: agent nodes', () => {
  const agent = (id: string) => ({
    id,
    type: 'agent',
    config: { prompt: `task {{ input.topic }}`, output_schema: { type: 'object', description: 'not a {{ template }}' } },
  });

  it('accepts up to MAX_AGENT_NODES agents and leaves output_schema unrendered', () => {
    const sut = validateDag({ nodes: Array.from({ length: MAX_AGENT_NODES }, (_, i) => agent(`a${i}`)) });
    expect(sut.errors).toEqual([]);
  });

  it('refuses one agent too many, naming them', () => {
    const sut = validateDag({ nodes: Array.from({ length: MAX_AGENT_NODES + 1 }, (_, i) => agent(`a${i}`)) });
    expect(sut.errors).toEqual(['workflow has 6 agent nodes ("a0", "a1", "a2", "a3", "a4", "a5"); at most 5 are allowed']);
  });

  it('names the node whose agent config is bad', () => {
    expect(validateDag({ nodes: [{ id: 'writer', type: 'agent', config: { max_steps: 500 } }] }).errors).toEqual([
      'node "writer": config.prompt must be a non-empty string',
      'node "writer": config.max_steps must be an integer from 1 to 50',
    ]);
  });
});

describe('validateDag: edges', () => {
  it('folds edges into depends_on, merged with what nodes list themselves, and drops the edges', () => {
    const sut = validateDag({
      nodes: [
        { id: 'a', type: 'echo' },
        { id: 'b', type: 'echo' },
        { id: 'c', type: 'echo', depends_on: ['a'] },
      ],
      edges: [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'a', to: 'c' },
      ],
    });
    expect(sut.errors).toEqual([]);
    expect(sut.dag).toEqual({
      nodes: [
        { id: 'a', type: 'echo', config: {}, depends_on: [] },
        { id: 'b', type: 'echo', config: {}, depends_on: ['a'] },
        { id: 'c', type: 'echo', config: {}, depends_on: ['a', 'b'] },
      ],
    });
  });

  it('gives the same DAG for edges as for depends_on', () => {
    const byEdges = validateDag(ONE_GRAPH_TWO_SPELLINGS.byEdges);
    const byDependsOn = validateDag(ONE_GRAPH_TWO_SPELLINGS.byDependsOn);
    expect(byEdges.dag).toEqual(byDependsOn.dag);
  });

  it.each([
    [{ from: 'a', to: 'zz' }, 'edge "a" -> "zz": unknown node "zz"'],
    [{ from: 'x', to: 'y' }, 'edge "x" -> "y": unknown node "x", "y"'],
    [{ from: 'a' }, 'workflow.edges[0] must be {"from": "<node id>", "to": "<node id>"}'],
    [{ from: 'a', to: 'a', label: 'x' }, 'workflow.edges[0] must be {"from": "<node id>", "to": "<node id>"}'],
    [{ from: 'a', to: 'a' }, 'node "a": depends on itself'],
  ])('refuses the edge %j', (edge, message) => {
    const sut = validateDag({ nodes: [{ id: 'a', type: 'echo' }], edges: [edge] });
    expect(sut.dag).toBeUndefined();
    expect(sut.errors).toEqual([message]);
  });

  it('refuses edges that are not an array, and finds cycles made of edges', () => {
    expect(validateDag({ nodes: [{ id: 'a', type: 'echo' }], edges: { from: 'a' } }).errors).toEqual([
      'workflow.edges must be an array of {"from", "to"} objects',
    ]);
    const cyclic = validateDag({
      nodes: [
        { id: 'a', type: 'echo' },
        { id: 'b', type: 'echo' },
      ],
      edges: [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'a' },
      ],
    });
    expect(cyclic.errors).toEqual(['workflow has a cycle through nodes "a", "b"']);
  });
});

describe('stored-output references in a DAG', () => {
  it('are refused in node config: only the engine makes them', () => {
    const sut = validateDag({
      nodes: [{ id: 'e', type: 'echo', config: { value: { nested: [{ $output_ref: { sha256: 'a'.repeat(64), size_bytes: 1 } }] } } }],
    });
    expect(sut.errors).toEqual(['node "e": config must not contain a stored-output reference ({"$output_ref": ...})']);
    expect(validateDag({ nodes: [{ id: 'e', type: 'echo', config: { value: { $output_ref: 'just data', other: 1 } } }] }).errors).toEqual([]);
  });
});
