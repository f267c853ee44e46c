import { setTimeout as sleep } from 'node:timers/promises';
import { BackgroundLoop } from './background-loop';

/** A pass that can be held open, to see what the loop does around a pass in flight. */
function gatedPass(answer: () => boolean | void = () => undefined) {
  const calls: number[] = [];
  let release: () => void = () => undefined;
  let held = false;
  return {
    calls,
    hold: () => (held = true),
    release: () => {
      held = false;
      release();
    },
    pass: async () => {
      calls.push(Date.now());
      if (held) await new Promise<void>((resolve) => (release = resolve));
      return answer();
    },
  };
}

/** A loop started with its first pass held open, once that pass is under way. */
async function startedInHeldPass(intervalMs: number) {
  const gate = gatedPass();
  const sut = new BackgroundLoop({ intervalMs, pass: gate.pass, onError: () => undefined });
  gate.hold();
  sut.start(0);
  await sleep(10);
  return { gate, sut };
}

describe('BackgroundLoop', () => {
  it('runs a pass every interval until stopped, never two at once', async () => {
    let running = 0;
    let overlapped = false;
    let passes = 0;
    const loop = new BackgroundLoop({
      intervalMs: 5,
      pass: async () => {
        overlapped ||= running > 0;
        running++;
        await sleep(15);
        running--;
        passes++;
      },
      onError: () => undefined,
    });
    loop.start(0);
    await sleep(120);
    await loop.stop();
    const after = passes;
    await sleep(40);
    expect(after).toBeGreaterThanOrEqual(3);
    expect(passes).toBe(after);
    expect(overlapped).toBe(false);
  });

  it('waits on stop for the pass in flight, which can see it is stopping', async () => {
    const { gate, sut } = await startedInHeldPass(1000);
    let stopped = false;
    const stopping = sut.stop().then(() => (stopped = true));
    await sleep(10);
    expect(sut.stopped).toBe(true);
    expect(stopped).toBe(false);
    gate.release();
    await stopping;
    expect(stopped).toBe(true);
  });

  it('after a poke during a pass, runs the next pass at once rather than after the interval', async () => {
    const { gate, sut } = await startedInHeldPass(10_000);
    sut.poke();
    gate.release();
    await sleep(30);
    expect(gate.calls).toHaveLength(2);
    await sut.stop();
  });

  it('goes idle when a pass answers false, and a poke wakes it', async () => {
    const gate = gatedPass(() => false);
    const loop = new BackgroundLoop({ intervalMs: 5, pass: gate.pass, onError: () => undefined });
    loop.start(0);
    await sleep(40);
    expect(gate.calls).toHaveLength(1);
    loop.poke();
    await sleep(20);
    expect(gate.calls).toHaveLength(2);
    await loop.stop();
  });

  it('reports a failed pass and tries again after the interval', async () => {
    const errors: unknown[] = [];
    let attempt = 0;
    const loop = new BackgroundLoop({
      intervalMs: 5,
      pass: async () => {
        if (++attempt === 1) throw new Error('database down');
      },
      onError: (err) => errors.push(err),
    });
    loop.start(0);
    await sleep(50);
    await loop.stop();
    expect(errors).toHaveLength(1);
    expect(attempt).toBeGreaterThanOrEqual(2);
  });

  it('ignores a poke before start and after stop', async () => {
    const gate = gatedPass();
    const loop = new BackgroundLoop({ intervalMs: 5, pass: gate.pass, onError: () => undefined });
    loop.poke();
    await sleep(20);
    expect(gate.calls).toHaveLength(0);
    await loop.stop();
    loop.start(0);
    loop.poke();
    await sleep(20);
    expect(gate.calls).toHaveLength(0);
  });
});
