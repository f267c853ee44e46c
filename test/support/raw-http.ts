import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends bytes exactly as given (no client-side normalisation of headers, encoding or framing) and
 * reads until the server closes: what a hostile client can do that fetch will not.
 */
export function rawRequest(base: string, payload: Buffer | string, timeoutMs = 10_000): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      // An event stream stays open for as long as the run lives: its head is the answer.
      const soFar = Buffer.concat(chunks).toString('latin1');
      const end = soFar.indexOf('\r\n\r\n');
      const head = end === -1 ? '' : soFar.slice(0, end);
      if (head && /\r\ncontent-type: text\/event-stream/i.test(head)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(parse(Buffer.concat(chunks)));
      }
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      // The server may close mid-upload once it has answered (431): what it wrote still counts.
      if (chunks.length > 0) resolve(parse(Buffer.concat(chunks)));
      else reject(err);
    });
    socket.on('end', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parse(Buffer.concat(chunks)));
    });
    socket.write(payload);
  });
}

function parse(raw: Buffer): RawResponse {
  const text = raw.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  const head = split === -1 ? text : text.slice(0, split);
  const [statusLine, ...lines] = head.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  // latin1 keeps one character per byte, so chunk sizes can be counted before decoding as UTF-8.
  let body = split === -1 ? '' : text.slice(split + 4);
  if (headers['transfer-encoding'] === 'chunked') body = unchunk(body);
  return { status, headers, body: Buffer.from(body, 'latin1').toString('utf8') };
}

function unchunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (!(size > 0)) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

/** A keep-alive-free HTTP/1.1 request with the given head lines and body. */
export function rawHttp(method: string, path: string, headerLines: string[], body: Buffer | string = ''): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const head = [`${method} ${path} HTTP/1.1`, 'host: 127.0.0.1', 'connection: close', ...headerLines];
  if (bytes.length > 0 || ['POST', 'PUT', 'PATCH'].includes(method)) head.push(`content-length: ${bytes.length}`);
  return Buffer.concat([Buffer.from(head.join('\r\n') + '\r\n\r\n', 'latin1'), bytes]);
}
