import { LOG_BATCH_MAX_CHARS, TokenLogStream } from './token-log-stream';

describe('TokenLogStream', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function setup() {
    const sent: string[] = [];
    const errors: unknown[] = [];
    const sut = new TokenLogStream(
      async (message) => void sent.push(message),
      (err) => errors.push(err),
      250,
      () => Date.now(),
    );
    return { sut, sent, errors };
  }

  it('sends the first text at once and batches what follows within the interval', async () => {
    const { sut, sent } = setup();
    sut.push('Hello');
    await Promise.resolve();
    expect(sent).toEqual(['Hello']);
    sut.push(' wor');
    sut.push('ld');
    await jest.advanceTimersByTimeAsync(100);
    expect(sent).toEqual(['Hello']);
    await jest.advanceTimersByTimeAsync(200);
    expect(sent).toEqual(['Hello', ' world']);
  });

  it('sends the rest on close, in order', async () => {
    const { sut, sent } = setup();
    sut.push('a');
    sut.push('b');
    sut.push('c');
    await sut.close();
    expect(sent.join('')).toBe('abc');
    expect(sent).toEqual(['a', 'bc']);
  });

  it('splits long text into bounded batches', async () => {
    const { sut, sent } = setup();
    sut.push('x'.repeat(LOG_BATCH_MAX_CHARS * 2 + 5));
    await sut.close();
    expect(sent.map((s) => s.length)).toEqual([LOG_BATCH_MAX_CHARS, LOG_BATCH_MAX_CHARS, 5]);
  });

  it('reports a failed send and keeps sending later batches', async () => {
    const sent: string[] = [];
    const errors: unknown[] = [];
    let first = true;
    const sut = new TokenLogStream(
      async (message) => {
        if (first) {
          first = false;
          throw new Error('workflow gone');
        }
        sent.push(message);
      },
      (err) => errors.push(err),
    );
    sut.push('lost');
    await jest.advanceTimersByTimeAsync(300);
    sut.push('kept');
    await sut.close();
    expect(errors).toHaveLength(1);
    expect(sent).toEqual(['kept']);
  });
});
