import { defineConfig } from "vitest/config";

// One config for the whole suite: unit tests (pure functions) and integration
// tests (real HTTP, real WebSocket, real PGlite and PostgreSQL).
export default defineConfig({
  // One graphql for every module, the CommonJS build, as Node itself resolves "graphql" (its package has no exports
  // map) and as the server bundle has it: graphql-jit's ES build imports its own CommonJS files, which require
  // graphql's CommonJS build, so against the ES build vite picks for "graphql" every compilation failed with
  // "Cannot use GraphQLScalarType from another module or realm" and the suite never ran compiled code.
  resolve: { alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }] },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/support/setup.ts"],
    // Collects the reliability suite's figures from its files and prints them as one table at the end.
    globalSetup: ["test/reliability/figures-setup.ts"],
    // Above test/support/wait.ts's 45 s deadline, so a wait that never comes fails with its own message.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Two files at a time (vitest's default on two cores is one): integration files spend most of their
    // time waiting on simulated time, sockets and child processes, so a second file fills that time.
    // TURNKEY_TEST_WORKERS overrides it (1 runs the files one after another).
    maxWorkers: Number(process.env.TURNKEY_TEST_WORKERS ?? 2),
    reporters: ["default"],
    // graphql must be one module instance: graphql-ws (and graphql-jit) would otherwise load the CommonJS build
    // beside the ESM one type-graphql uses ("Cannot use GraphQLSchema from another module or realm").
    server: { deps: { inline: ["graphql-ws", "type-graphql", "graphql-scalars", "@apollo/server", "@as-integrations/express5", "graphql-jit"] } },
  },
});
