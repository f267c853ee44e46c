import { exitOnStartupError, loadConfig } from '@steadfast/config';
import { createApiApp } from './app.factory';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApiApp(config);
  await app.listen({ port: config.http.port, host: config.http.host });
}

bootstrap().catch(exitOnStartupError);
