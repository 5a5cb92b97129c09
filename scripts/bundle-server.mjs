// Build step after tsc: the server (tsc's dist/main.js and everything it imports, packages included) bundled by
// esbuild into one CommonJS file, dist/server-bundle/main.cjs, and dist/main.js replaced by a small loader of it.
// Loading ~260 compiled files and ~1,500 package files (resolution, a read and a compile each) was ~1.3 s of CPU of
// the embedded start; the bundle loads in ~0.45 s (bench/start.ts, docs/BENCHMARKS.md).
// The loader compiles the bundle through vm.Script with a V8 code cache made here, at build time, after a real start
// of the built server (dist/server-bundle/main.cjs.cache): V8 then skips parsing and compiling what the start runs.
// A cache V8 rejects (another Node/V8 version, other V8 flags) is ignored and the bundle compiles as without one.
// CommonJS because V8's code cache is for scripts (vm.Script), not for ES modules (no module.enableCompileCache in
// Node 20); the sources stay ES modules, and tests and `npm run dev` (tsx) do not use the bundle.
// esbuild bundles tsc's output, so the decorators and their reflect-metadata calls are TypeScript's own.
// The bundle sits one folder below dist/, like dist/db/*.js, so the paths the code finds from import.meta.url
// (../pgdata-template, ../../drizzle, ../public) resolve as they do for the unbundled files.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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
  entryPoints: [entry],
  outfile: path.join(outdir, "main.cjs"),
  bundle: true,
  platform: "node",
  format: "cjs",
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
  // import() of an external package as require(): a vm.Script's import() needs an experimental loader option in Node 20.
  supported: { "dynamic-import": false },
  // The sources' import.meta (an ES module's) in a CommonJS file: the bundle's own URL and folder.
  define: { "import.meta.url": "__turnkeyImportMetaUrl", "import.meta.dirname": "__dirname" },
  banner: { js: "const __turnkeyImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// esbuild's keepNames helper runs for every function expression each time one is created, in the packages' hot paths
// too (a closure per request, per field): defining `name` on a function that already has that name costs a property
// redefinition each time (2.3% of the portal read's CPU, issue 13). The same helper, skipping the definition when the
// name is already right; a function whose name differs is renamed exactly as before. Same line, so the map still fits.
const bundleFile = path.join(outdir, "main.cjs");
const NAME_HELPER = 'var __name = (target, value) => __defProp(target, "name", { value, configurable: true });';
const bundled = readFileSync(bundleFile, "utf8");
if (!bundled.includes(NAME_HELPER)) {
  process.stderr.write("bundle-server: esbuild's __name helper has changed; update NAME_HELPER in scripts/bundle-server.mjs\n");
  process.exit(1);
}
writeFileSync(bundleFile, bundled.replace(NAME_HELPER, 'var __name = (target, value) => target.name === value ? target : __defProp(target, "name", { value, configurable: true });'));

// dist/main.js: compiles the bundle with its code cache and runs it as Node runs a CommonJS module. The wrapper
// opens on the bundle's first line, so line numbers in stack traces and the source map are the bundle's own.
// TURNKEY_BUILD_CODE_CACHE=1 (this script only) writes the cache at exit, with every function compiled by then.
// With --enable-source-maps the bundle is required instead, so stack traces name the sources (src/...ts lines).
writeFileSync(
  entry,
  `${STUB_MARK}
// Runs dist/server-bundle/main.cjs through vm.Script with V8's code cache from the build (main.cjs.cache).
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const filename = fileURLToPath(new URL("./server-bundle/main.cjs", import.meta.url));
const cacheFile = \`\${filename}.cache\`;
const produce = process.env.TURNKEY_BUILD_CODE_CACHE === "1";
let cachedData;
try {
  if (!produce) cachedData = readFileSync(cacheFile);
} catch {
  // No cache (a build without one): a plain compile.
}
if (process.sourceMapsEnabled && !produce) {
  // --enable-source-maps: Node's CommonJS loader, which reads main.cjs.map (Node 20 maps no vm.Script's frames).
  createRequire(import.meta.url)(filename);
} else {
const source = readFileSync(filename, "utf8");
const script = new vm.Script(\`(function (exports, require, module, __filename, __dirname) {\${source}\\n})\`, {
  filename,
  cachedData,
});
// script.cachedDataRejected: the cache was made by another V8 or with other flags; V8 compiled the source instead.
if (produce) {
  process.once("exit", () => writeFileSync(cacheFile, script.createCachedData()));
  // A SIGTERM before the server's own handler (main.ts) would end the process without writing the cache.
  process.on("SIGTERM", () => undefined);
}
const module = { exports: {}, filename, id: filename, loaded: false };
script.runInThisContext()(module.exports, createRequire(filename), module, filename, path.dirname(filename));
}
`,
);
rmSync(`${entry}.map`, { force: true });

// The cache: one start of the built server (in-memory PGlite, a free port) until it is ready, then a clean stop.
const dataDir = mkdtempSync(path.join(tmpdir(), "turnkey-code-cache-"));
try {
  await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? dataDir, TURNKEY_BUILD_CODE_CACHE: "1", TURNKEY_DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", TURNKEY_LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    const onData = (chunk) => {
      output += chunk.toString();
      if (output.includes("Turnkey is ready")) stop ??= setInterval(() => child.kill("SIGTERM"), 200);
    };
    // Sent again until it exits: one that came before main.ts listened for it was ignored.
    let stop;
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      clearInterval(stop);
      if (code === 0 && existsSync(`${path.join(outdir, "main.cjs")}.cache`)) resolve();
      else reject(new Error(`bundle-server: the start that makes the code cache failed (exit ${code ?? signal}):\n${output}`));
    });
  });
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
