import type { ServerResponse } from 'node:http';
import type { RunEvent } from '@steadfast/domain';

/*
 * A run's feed hands the same event objects to every subscriber, so each event is serialised once however
 * many streams it goes to; the frame lives as long as the event does.
 */
const frames = new WeakMap<RunEvent, string>();

function frameOf(event: RunEvent): string {
  let frame = frames.get(event);
  if (frame === undefined) {
    frame = `id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`;
    frames.set(event, frame);
  }
  return frame;
}

/**
 * One Server-Sent Events response. Frames carry `id:` and `data:` only (no `event:` line), so a browser's
 * EventSource.onmessage sees every frame.
 */
export class SseStream {
  private closed = false;

  constructor(private readonly raw: ServerResponse) {}

  open(headers: Record<string, string> = {}): void {
    this.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Tell nginx-style proxies not to buffer the stream.
      'x-accel-buffering': 'no',
      ...headers,
    });
    this.raw.flushHeaders();
  }

  get isClosed(): boolean {
    return this.closed || this.raw.destroyed || this.raw.writableEnded;
  }

  /** An unnumbered frame (the opening `connected`): it must not move the client's Last-Event-ID. */
  sendUnnumbered(data: unknown, retryMs?: number): void {
    const retry = retryMs === undefined ? '' : `retry: ${retryMs}\n`;
    this.write(`${retry}data: ${JSON.stringify(data)}\n\n`);
  }

  sendEvent(event: RunEvent): void {
    this.write(frameOf(event));
  }

  comment(text: string): void {
    this.write(`: ${text}\n\n`);
  }

  end(): void {
    if (this.isClosed) return;
    this.closed = true;
    this.raw.end();
  }

  private write(chunk: string): void {
    if (!this.isClosed) this.raw.write(chunk);
  }
}
