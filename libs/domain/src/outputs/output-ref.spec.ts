import { containsOutputRef, isOutputRef, outputRef, outputRefShas, replaceOutputRefs } from './output-ref';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('output references', () => {
  it('recognises exactly the reference shape', () => {
    expect(isOutputRef(outputRef(A, 40_000))).toBe(true);
    expect(isOutputRef({ $output_ref: { sha256: A, size_bytes: 1 }, note: 'user data' })).toBe(false);
    expect(isOutputRef({ $output_ref: { sha256: 'not-a-sha', size_bytes: 1 } })).toBe(false);
    expect(isOutputRef({ $output_ref: { sha256: A, size_bytes: -1 } })).toBe(false);
    expect(isOutputRef({ $output_ref: { sha256: A.toUpperCase(), size_bytes: 1 } })).toBe(false);
    expect(isOutputRef([outputRef(A, 1)])).toBe(false);
    expect(isOutputRef(null)).toBe(false);
    expect(isOutputRef('$output_ref')).toBe(false);
  });

  it('finds references at any depth', () => {
    const value = { body: [1, { x: outputRef(A, 1) }], other: outputRef(B, 2), again: outputRef(A, 1) };
    expect(containsOutputRef(value)).toBe(true);
    expect(containsOutputRef({ body: [1, { x: 'plain' }] })).toBe(false);
    expect([...outputRefShas(value)].sort()).toEqual([A, B]);
  });

  it('replaces references by their content and leaves the rest as it was', () => {
    const untouched = { deep: { list: [1, 2] } };
    const value = { untouched, list: [outputRef(A, 1), 'x'], whole: outputRef(B, 2) };
    const sut = replaceOutputRefs(
      value,
      new Map<string, unknown>([
        [A, { big: true }],
        [B, 'text'],
      ]),
    ) as typeof value;
    expect(sut).toEqual({ untouched: { deep: { list: [1, 2] } }, list: [{ big: true }, 'x'], whole: 'text' });
    expect(sut.untouched).toBe(untouched);
    expect(value.whole).toEqual(outputRef(B, 2));
  });

  it('refuses to replace a reference it has no content for', () => {
    expect(() => replaceOutputRefs([outputRef(A, 1)], new Map())).toThrow(`no content for stored output ${A}`);
  });
});
