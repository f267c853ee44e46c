import { cellText, formatRecord, formatTable } from './format-table';

describe('formatTable', () => {
  it('pads columns to their widest cell under a heading', () => {
    const rows = [
      { id: 'r1', status: 'completed', tags: ['a', 'b'] },
      { id: 'run-22', status: 'failed', tags: [] },
    ];
    const sut = formatTable(rows, [
      { header: 'ID', value: (r) => r.id },
      { header: 'STATUS', value: (r) => r.status },
      { header: 'TAGS', value: (r) => r.tags },
    ]);
    expect(sut.split('\n')).toEqual(['ID      STATUS     TAGS', 'r1      completed  a,b', 'run-22  failed']);
  });

  it('prints the heading alone for no rows', () => {
    expect(formatTable([], [{ header: 'ID', value: () => '' }])).toBe('ID');
  });
});

describe('cellText', () => {
  it('keeps every cell on one line', () => {
    expect(cellText(null)).toBe('');
    expect(cellText(undefined)).toBe('');
    expect(cellText('two\nlines')).toBe('two lines');
    expect(cellText(3)).toBe('3');
    expect(cellText(false)).toBe('false');
    expect(cellText({ a: [1] })).toBe('{"a":[1]}');
    expect(cellText([1, 2])).toBe('[1,2]');
  });
});

describe('formatRecord', () => {
  it('lines up keys and values, in the order asked for', () => {
    expect(formatRecord({ id: 'r1', status: 'running', error: null }, ['status', 'id', 'error'])).toBe('status  running\nid      r1\nerror');
  });
});
