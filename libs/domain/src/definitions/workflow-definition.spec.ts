import { ONE_GRAPH_TWO_SPELLINGS } from '../../../../test/fixtures/two-spellings';
import { definitionHashContent, parseWorkflowRef, validateWorkflowDefinition } from './workflow-definition';

describe('parseWorkflowRef', () => {
  it.each([
    ['summarise', { name: 'summarise' }],
    ['summarise@3', { name: 'summarise', version: 3 }],
    ['team.report-v2_x@12', { name: 'team.report-v2_x', version: 12 }],
  ])('reads %j', (text, ref) => {
    expect(parseWorkflowRef(text)).toEqual(ref);
  });

  it.each(['', '@3', 'x@', 'x@0', 'x@-1', 'x@1.5', 'x@03', 'x@latest', 'a@b@2', 'has space', 'x'.repeat(65), 'x@1234567890'])('refuses %j', (text) => {
    expect(parseWorkflowRef(text)).toBeUndefined();
  });
});

describe('validateWorkflowDefinition', () => {
  it('separates description and input_schema from the normalised DAG', () => {
    const sut = validateWorkflowDefinition({ description: 'd', input_schema: { type: 'object' }, timeout: '1m', nodes: [{ id: 'a', type: 'echo' }] });
    expect(sut.errors).toEqual([]);
    expect(sut.definition).toEqual({
      description: 'd',
      input_schema: { type: 'object' },
      dag: { nodes: [{ id: 'a', type: 'echo', config: {}, depends_on: [] }], timeout_ms: 60_000 },
    });
  });

  it('defaults the optional parts to null', () => {
    expect(validateWorkflowDefinition({ nodes: [{ id: 'a', type: 'echo' }] }).definition).toMatchObject({ description: null, input_schema: null });
  });

  it('reports its own problems together with the DAG problems', () => {
    const sut = validateWorkflowDefinition({ description: 7, input_schema: 'object', nodes: [{ id: 'a', type: 'echo', depends_on: ['b'] }] });
    expect(sut.definition).toBeUndefined();
    expect(sut.errors).toEqual([
      'workflow.description must be a string of at most 2000 characters',
      'workflow.input_schema must be a JSON Schema object',
      'node "a": depends_on references unknown node "b"',
    ]);
  });

  it('still refuses fields that are neither definition nor DAG fields', () => {
    expect(validateWorkflowDefinition({ nodes: [{ id: 'a', type: 'echo' }], owner: 'x' }).errors).toEqual(['workflow: unknown field(s) owner']);
  });
});

describe('definitionHashContent', () => {
  it('is the same for the edges and the depends_on spelling of one graph', () => {
    const byEdges = validateWorkflowDefinition(ONE_GRAPH_TWO_SPELLINGS.byEdges);
    const byDependsOn = validateWorkflowDefinition(ONE_GRAPH_TWO_SPELLINGS.byDependsOn);
    expect(definitionHashContent(byEdges.definition!)).toEqual(definitionHashContent(byDependsOn.definition!));
  });

  it('differs when only the description differs', () => {
    const sut = (description?: string) => definitionHashContent(validateWorkflowDefinition({ description, nodes: [{ id: 'a', type: 'echo' }] }).definition!);
    expect(sut('one')).not.toEqual(sut('two'));
    expect(sut()).toEqual(sut(undefined));
  });
});
