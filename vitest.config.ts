import { defineConfig } from "vitest/config";

// One config for the whole suite: unit tests (pure functions) and integration
// tests (real HTTP, real WebSocket, real PGlite and PostgreSQL).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/support/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default"],
    // graphql must be one module instance: graphql-ws would otherwise load the CommonJS build
    // beside the ESM one type-graphql uses ("Cannot use GraphQLSchema from another module or realm").
    server: { deps: { inline: ["graphql-ws", "type-graphql", "graphql-scalars", "@apollo/server", "@as-integrations/express5"] } },
  },
});
