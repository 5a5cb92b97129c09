// Process entry: read configuration, start the server, print the banner, and shut down cleanly on SIGTERM/SIGINT.
import "reflect-metadata";
import { ConfigError, loadConfig } from "./config.js";
import { preparePglite } from "./db/pglite-start.js";
import { createLogger } from "./logger.js";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`turnkey: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  // The embedded database's WebAssembly compile and template copy run on other threads while the server's modules
  // load (imported only now, so that load comes after their start).
  if (config.database.kind === "pglite") preparePglite(config.database.dataDir);
  const logger = createLogger(config.logLevel, config.logFormat);
  const { startServer } = await import("./server.js");
  const server = await startServer(config, logger);
  const databaseLabel = config.database.kind === "postgres" ? "PostgreSQL" : config.database.dataDir ? `PGlite at ${config.database.dataDir}` : "PGlite in memory";
  const banner = [
    "",
    `  Turnkey is ready: ${server.url}`,
    `  web console: ${server.url.replace(/\/graphql$/, "/")} (GraphQL IDE at /graphiql); CLI: npx turnkey --help`,
    `  database: ${databaseLabel}; driver: ${config.driver}`,
    `  admin token: ${server.adminToken}${config.adminToken ? " (from TURNKEY_ADMIN_TOKEN)" : ` (kept in ${config.dataDir}/admin-token)`}`,
    `  try: curl -s ${server.url} -H 'authorization: Bearer ${server.adminToken}' -H 'content-type: application/json' -d '{"query":"{ viewer { user { name } } }"}'`,
    "",
  ].join("\n");
  process.stdout.write(`${banner}\n`);
  logger.info({ url: server.url, database: config.database.kind, driver: config.driver }, "turnkey started");

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: no new connections, finishing in-flight requests");
    server.close().then(
      () => {
        logger.info("stopped");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error("turnkey failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
