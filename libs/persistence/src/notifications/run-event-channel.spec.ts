import { decodeRunEventNews, encodeRunEventNews, runEventPayloads } from './run-event-channel';

describe('runEventPayloads', () => {
  it('puts run ids in one space-separated payload while they fit', () => {
    expect(runEventPayloads(['run-a', 'run-b'])).toEqual(['run-a run-b']);
  });

  it('sends nothing for no runs', () => {
    expect(runEventPayloads([])).toEqual([]);
  });

  it('splits past the notification size limit, losing and repeating no id', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `run-01M8SJ5NXE3GZ7X0VNQNQ${String(i).padStart(5, '0')}`);
    const sut = runEventPayloads(ids);
    expect(sut.length).toBeGreaterThan(1);
    for (const payload of sut) expect(Buffer.byteLength(payload)).toBeLessThan(8000);
    expect(sut.flatMap((payload) => payload.split(' '))).toEqual(ids);
  });
});

describe('run event news', () => {
  it('tells runs with new events from runs whose log is complete in Postgres', () => {
    const [payload] = encodeRunEventNews({ live: ['run-a', 'run-b'], ended: ['run-c'] });
    expect(decodeRunEventNews(payload)).toEqual({ live: ['run-a', 'run-b'], ended: ['run-c'] });
  });
});
