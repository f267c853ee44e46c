import { readFileSync } from 'node:fs';

/**
 * `node dist/test/tools/cpuprofile-summary.js <file.cpuprofile> [--from=s] [--to=s] [--per=n] [--top=n] [--callers=text]`
 *
 * Where a V8 CPU profile (`npm run bench` with BENCH_PROFILE_DIR) spent its busy time: per second (to
 * choose a window, in seconds since the profile began), by component of a request, by package and by
 * function. `--per` divides by a count, the requests served in the window, to print milliseconds per
 * request; `--callers` prints the stacks leading to functions whose name or url contains the text.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const IDLE = new Set(['(idle)', '(program)']);

/** A sample belongs to the first of these found walking from its function towards the root. */
const COMPONENTS: [string, RegExp][] = [
  ['run id (ulid)', /ulid|crypto\/random/],
  ['Temporal client (gRPC, http2, payloads)', /@temporalio|@grpc|http2/],
  ['Postgres (typeorm, pg)', /typeorm|\/pg\/|pg-protocol|pg-pool|pg-types|postgres-/],
  ['validation (class-validator, class-transformer)', /class-validator|class-transformer|validation\.pipe|\.constraint\.js/],
  ['logging (pino, nestjs-pino)', /pino/],
  ['security headers (helmet)', /helmet/],
  ['metrics (prom-client)', /prom-client/],
  ['JSON body parser', /json-body\.parser/],
  ['authentication', /apps\/api\/src\/auth\//],
  ['Steadfast API code', /apps\/api\/src\//],
  ['Nest (core, common, platform, middie)', /@nestjs|middie/],
  ['Fastify (routing, hooks, reply)', /fastify|find-my-way/],
];
/** Only when nothing more specific is on the stack: sockets and streams are everybody's. */
const NODE_IO: [string, RegExp] = ['Node I/O (net, http, streams)', /_http_|node:net|internal\/streams|stream_base/];

function option(name: string): string | undefined {
  return process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

/** Where a function lives: an npm package, our own code by folder, or V8/Node itself. */
function packageOf({ url, functionName }: ProfileNode['callFrame']): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node:internal';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const [scope, name] = url.slice(modules + '/node_modules/'.length).split('/');
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  return /\/dist\/((?:apps|libs)\/[^/]+\/src\/[^/]+)/.exec(url)?.[1] ?? url;
}

const shortUrl = (url: string) => (url.includes('/node_modules/') ? url.replace(/^.*\/node_modules\//, 'node_modules/') : url.replace(/^.*\/dist\//, 'dist/'));
const frameName = ({ functionName, url, lineNumber }: ProfileNode['callFrame']) =>
  `${functionName || '(anonymous)'}${url ? ` ${shortUrl(url)}:${lineNumber + 1}` : ''}`;

function main(): void {
  const file = process.argv[2];
  if (!file || file.startsWith('--')) throw new Error('usage: cpuprofile-summary <file.cpuprofile> [--from=s] [--to=s] [--per=n] [--top=n] [--callers=text]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const from = Number(option('from') ?? 0) * 1e6;
  const to = Number(option('to') ?? Number.POSITIVE_INFINITY) * 1e6;
  const per = Number(option('per') ?? 0);
  const top = Number(option('top') ?? 25);
  const callers = option('callers');
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const ancestry = function* (id: number) {
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) yield nodes.get(at) as ProfileNode;
  };
  const componentOf = (id: number): string => {
    if (nodes.get(id)?.callFrame.functionName === '(garbage collector)') return 'garbage collector';
    for (const table of [COMPONENTS, [NODE_IO]]) {
      for (const node of ancestry(id)) {
        const text = `${node.callFrame.functionName} ${node.callFrame.url}`;
        const match = table.find(([, pattern]) => pattern.test(text));
        if (match) return match[0];
      }
    }
    return 'other (microtasks, timers)';
  };

  const table = () => new Map<string, number>();
  const tables = { component: table(), package: table(), function: table(), stack: table() };
  const perSecond = new Map<number, number>();
  const add = (into: Map<string, number>, key: string, ms: number) => into.set(key, (into.get(key) ?? 0) + ms);
  let at = 0;
  let window = 0;
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    const node = nodes.get(id);
    if (!node || at < from || at > to) return;
    const ms = delta / 1000;
    window += ms;
    if (IDLE.has(node.callFrame.functionName)) return;
    busy += ms;
    perSecond.set(Math.floor(at / 1e6), (perSecond.get(Math.floor(at / 1e6)) ?? 0) + ms);
    add(tables.component, componentOf(id), ms);
    add(tables.package, packageOf(node.callFrame), ms);
    add(tables.function, frameName(node.callFrame), ms);
    if (callers && `${node.callFrame.functionName} ${node.callFrame.url}`.includes(callers)) {
      add(
        tables.stack,
        [...ancestry(id)]
          .slice(0, 9)
          .map((frame) => frameName(frame.callFrame))
          .join(' < '),
        ms,
      );
    }
  });

  const perUnit = (ms: number) => (per > 0 ? `  ${(ms / per).toFixed(3).padStart(7)} ms/unit` : '');
  const print = (title: string, rows: Map<string, number>, limit = top) => {
    console.log(`\n${title}`);
    for (const [label, ms] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
      console.log(`${ms.toFixed(0).padStart(8)} ms ${((ms / busy) * 100).toFixed(1).padStart(5)}%${perUnit(ms)}  ${label}`);
    }
  };
  const busyPerUnit = per > 0 ? `, ${(busy / per).toFixed(2)} ms busy per unit (${per} units)` : '';
  console.log(`window ${(window / 1000).toFixed(1)} s, busy ${(busy / 1000).toFixed(1)} s${busyPerUnit}`);
  console.log(`busy ms per second: ${[...perSecond].map(([second, ms]) => `${second}s:${ms.toFixed(0)}`).join(' ')}`);
  print('by component', tables.component, COMPONENTS.length + 4);
  print('by package', tables.package);
  print('by function (self time)', tables.function);
  if (callers) print(`stacks into "${callers}"`, tables.stack);
}

main();
