import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { approvalSettings } from '../approvals/approval-config';
import { NodeConfigError } from './node-configs';
import { isNodeType, NODE_TYPE_SPECS, NODE_TYPES, nodeTypeSpec, parseNodeConfig } from './node-types';

/** The first-column names of the "Node types:" table in the API reference. */
function documentedNodeTypes(markdown: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf('Node types:');
  if (start === -1) throw new Error('no "Node types:" table');
  const table: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('|')) table.push(line);
    else if (table.length > 0) break;
  }
  // Header and separator first; a row counts only with all four cells filled in.
  return table.slice(2).flatMap((row) => {
    const cells = row
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const name = /^`([\w-]+)`$/.exec(cells[0] ?? '')?.[1];
    return name && cells.length === 4 && cells.every((cell) => cell !== '') ? [name] : [];
  });
}

describe('node type registry', () => {
  it('lists every type once, in registry order', () => {
    const sut = NODE_TYPES;
    expect(sut).toEqual(['echo', 'delay', 'fail', 'http', 'condition', 'transform', 'agent', 'approval']);
  });

  it.each(['nope', 'toString', 'constructor', '__proto__', ''])('knows no type %j', (type) => {
    expect(isNodeType(type)).toBe(false);
    expect(nodeTypeSpec(type)).toBeUndefined();
  });

  it('looks a known type up by name', () => {
    const sut = nodeTypeSpec('condition');
    expect(sut).toBe(NODE_TYPE_SPECS.condition);
    expect(sut).toMatchObject({ rawKeys: ['expression'], choosesLabel: true });
  });

  describe('docs/api.md', () => {
    const markdown = readFileSync(join(__dirname, '../../../../docs/api.md'), 'utf8');

    it('has a row in the node type table for every node type, and none for a type the engine lacks', () => {
      const sut = documentedNodeTypes(markdown);
      expect([...sut].sort()).toEqual([...NODE_TYPES].sort());
    });

    it('would catch a missing or empty row', () => {
      const table = ['Node types:', '', '| type | config | behaviour | output |', '| --- | --- | --- | --- |'];
      const sut = documentedNodeTypes([...table, '| `echo` | `value` | Echoes. | that value |', '| `delay` | `duration` |  | x |', ''].join('\n'));
      expect(sut).toEqual(['echo']);
    });
  });
});

describe('parseNodeConfig', () => {
  it('echo: the value when the key is there (null included), nothing otherwise', () => {
    expect(parseNodeConfig('echo', { value: null })).toEqual({ value: null });
    const sut = parseNodeConfig('echo', {});
    expect('value' in sut).toBe(false);
  });

  it('delay: the duration in milliseconds', () => {
    expect(parseNodeConfig('delay', { duration: '2s' })).toEqual({ duration_ms: 2000 });
    expect(parseNodeConfig('delay', { duration: 0 })).toEqual({ duration_ms: 0 });
  });

  it('delay: a duration that is none fails the node', () => {
    const sut = () => parseNodeConfig('delay', { duration: 'soon' });
    expect(sut).toThrow(NodeConfigError);
    expect(sut).toThrow('invalid duration');
  });

  it('fail: keeps a string message and a numeric fail_attempts, drops anything else', () => {
    expect(parseNodeConfig('fail', { message: 'boom', fail_attempts: 2 })).toEqual({ message: 'boom', fail_attempts: 2 });
    const sut = parseNodeConfig('fail', { message: { rendered: true }, fail_attempts: '2' });
    expect(sut).toEqual({});
  });

  it('http: defaults GET, parses the timeout, passes the request parts through as rendered', () => {
    const sut = parseNodeConfig('http', {
      url: 'https://example.com/x',
      headers: { 'x-id': '7' },
      query: { page: 2 },
      body: { a: 1 },
      timeout: '5s',
      max_response_bytes: 1024,
      secret_headers: ['authorization'],
    });
    expect(sut).toEqual({
      method: 'GET',
      url: 'https://example.com/x',
      headers: { 'x-id': '7' },
      query: { page: 2 },
      body: { a: 1 },
      timeout_ms: 5000,
      max_response_bytes: 1024,
      secret_headers: ['authorization'],
    });
  });

  it('http: optional parts absent stay absent (no secret_headers key at all)', () => {
    const sut = parseNodeConfig('http', { url: 'https://example.com', method: 'POST' });
    expect(sut).toMatchObject({ method: 'POST', url: 'https://example.com', timeout_ms: undefined, max_response_bytes: undefined });
    expect('secret_headers' in sut).toBe(false);
  });

  it.each(['condition', 'transform'] as const)('%s: the expression as text', (type) => {
    const sut = parseNodeConfig(type, { expression: 'input.a' });
    expect(sut).toEqual({ expression: 'input.a' });
  });

  it('agent: the rendered config itself, the object the agent activity receives', () => {
    const config = { prompt: 'Summarise', model: 'gpt-4o-mini', output_schema: { type: 'object' } };
    const sut = parseNodeConfig('agent', config);
    expect(sut).toBe(config);
  });

  it('approval: the settings with defaults applied', () => {
    const config = { title: 'Ship?', timeout: '2h', on_timeout: 'approve' };
    const sut = parseNodeConfig('approval', config);
    expect(sut).toEqual(approvalSettings(config));
    expect(sut).toMatchObject({ timeoutMs: 7_200_000, onTimeout: 'approve', approvers: [] });
  });
});
