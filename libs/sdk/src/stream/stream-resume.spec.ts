import { StreamResume } from './stream-resume';

describe('StreamResume', () => {
  const settings = { giveUpAfterMs: 10_000, baseDelayMs: 100, maxDelayMs: 1_000 };
  const full = () => 1;

  it('accepts each seq once and in order, and resumes after the highest', () => {
    const sut = new StreamResume(0, settings);
    expect(sut.lastEventId).toBeUndefined();
    expect([1, 2, 3].map((seq) => sut.accept(seq))).toEqual([true, true, true]);
    expect(sut.lastEventId).toBe('3');
    // After a reconnect the server may replay what was already delivered: none of it is yielded again.
    expect([2, 3, 4].map((seq) => sut.accept(seq))).toEqual([false, false, true]);
    expect(sut.lastEventId).toBe('4');
  });

  it("starts after the caller's lastEventId", () => {
    const sut = new StreamResume(7, settings);
    expect(sut.lastEventId).toBe('7');
    expect(sut.accept(7)).toBe(false);
    expect(sut.accept(8)).toBe(true);
  });

  it('refuses a frame without an integer seq', () => {
    const sut = new StreamResume(0, settings);
    expect(sut.accept(Number.NaN)).toBe(false);
    expect(sut.accept(1.5)).toBe(false);
  });

  it('backs off more after each failure and starts over once a connection holds', () => {
    const sut = new StreamResume(0, settings);
    expect([0, 1, 2, 3, 4, 5].map((t) => sut.nextDelay(t, undefined, full))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    sut.connected();
    expect(sut.nextDelay(100, undefined, full)).toBe(100);
  });

  it("waits the server's Retry-After instead of the backoff", () => {
    expect(new StreamResume(0, settings).nextDelay(0, 3_000)).toBe(3_000);
  });

  it('gives up once the stream has been down for giveUpAfterMs, never waiting past it', () => {
    const sut = new StreamResume(0, settings);
    expect(sut.nextDelay(1_000, undefined, full)).toBe(100);
    expect(sut.nextDelay(10_950, undefined, full)).toBe(50);
    expect(sut.nextDelay(11_000, undefined, full)).toBeUndefined();
  });
});
