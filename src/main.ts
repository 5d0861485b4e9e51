import { openCatalogueStore } from './catalogue/index/startCatalogue';
import { readConfig } from './server/config';
import { createJsonLogger } from './core/logger';
import { startServer } from './server/server';
import { startTracing } from './observability/tracing/startTracing';

/** The process entry point: the only module that touches `process`. */
async function main(): Promise<void> {
  const config = readConfig(process.env);
  const logger = createJsonLogger({ level: config.logLevel });
  const tracing = startTracing(config);
  // Before serving: a store that cannot be used stops the process with its path and cause.
  const store = await openCatalogueStore(config.catalogue);
  const server = await startServer(config, { logger, ...(store ? { catalogue: { store } } : {}) });
  logger.info('subgraph ready', { url: server.url, upstream: config.baseUrl, rateLimit: config.rateLimit });
  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    server
      .stop()
      .then(() => tracing?.shutdown())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error('shutdown failed', { error: String(error) });
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
