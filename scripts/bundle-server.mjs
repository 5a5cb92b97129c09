// Build step after tsc: the server (tsc's dist/main.js and everything it imports, packages included) bundled by
// esbuild into one ESM file, dist/server-bundle/main.js, and dist/main.js replaced by a one-line import of it.
// Loading ~260 compiled files and ~1,500 package files (resolution, a read and a compile each) was ~1.3 s of CPU of
// the embedded start; the bundle loads in ~0.45 s (bench/start.ts, docs/BENCHMARKS.md).
// esbuild bundles tsc's output, so the decorators and their reflect-metadata calls are TypeScript's own.
// The bundle sits one folder below dist/, like dist/db/*.js, so the paths the code finds from import.meta.url
// (../pgdata-template, ../../drizzle, ../public) resolve as they do for the unbundled files.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const entry = path.join(dist, "main.js");
const outdir = path.join(dist, "server-bundle");
const STUB_MARK = "// turnkey: the server bundle's entry (scripts/bundle-server.mjs)";

if (readFileSync(entry, "utf8").startsWith(STUB_MARK)) {
  process.stderr.write("bundle-server: dist/main.js is already the bundle's entry; run tsc -p tsconfig.build.json first (npm run build does)\n");
  process.exit(1);
}
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: entry },
  outdir,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // type-graphql names GraphQL types after their classes: a class esbuild renames to avoid a clash keeps its name.
  keepNames: true,
  sourcemap: "linked",
  logLevel: "warning",
  external: [
    // Finds its WebAssembly, data and extension files beside its own modules.
    "@electric-sql/pglite",
    // Start worker threads from files beside their modules (pino's transports, pino-pretty on a terminal).
    "pino",
    "pino-pretty",
    "thread-stream",
    // Reads its package.json through __dirname; loaded only with a Redis URL.
    "ioredis",
    // type-graphql's optional validator, not installed.
    "class-validator",
  ],
  // Bundled CommonJS packages call require() for Node's modules and their externals.
  banner: { js: "import { createRequire as __turnkeyCreateRequire } from 'node:module'; const require = __turnkeyCreateRequire(import.meta.url);" },
});
writeFileSync(entry, `${STUB_MARK}\nimport "./server-bundle/main.js";\n`);
rmSync(`${entry}.map`, { force: true });
