import { startEmbeddedPostgres } from './embedded-postgres';

/**
 * `node run-embedded-postgres.js <dir> <port>`: a Postgres in its own process that prints its URL and
 * stops on SIGTERM. Tests use it for a database they can take away.
 */
async function main(): Promise<void> {
  const [dir, port] = process.argv.slice(2);
  const pg = await startEmbeddedPostgres({ dir, port: Number(port) });
  process.stdout.write(`${JSON.stringify({ url: pg.url })}\n`);
  const stop = () => void pg.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
