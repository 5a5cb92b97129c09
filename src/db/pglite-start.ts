// The parts of opening the embedded database that need none of PGlite's code: the compile of its WebAssembly (V8's
// background threads) and, on an empty data directory, the copy of the build's migrated template (libuv's threads).
// main.ts starts them first thing, before the server's modules load (a few hundred ms of CPU on the main thread),
// so they run meanwhile; openDatabase (src/db/client.ts) takes what was started, or starts it then.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PGliteOptions } from "@electric-sql/pglite";
import { seedFromTemplate } from "./template.js";

export const migrationsFolder = fileURLToPath(new URL("../../drizzle", import.meta.url));

type WasmModule = NonNullable<PGliteOptions["pgliteWasmModule"]>;

export interface PglitePreparation {
  /** pglite.wasm, compiled. */
  wasmModule: Promise<WasmModule>;
  /** Whether the template was copied into the (empty) data directory. */
  seeded: Promise<boolean>;
}

/** Started and not yet taken, by data directory (null: in memory). */
const started = new Map<string | null, PglitePreparation>();

/** Starts the preparation for `dataDir` unless it is already under way. */
export function preparePglite(dataDir: string | null): void {
  if (started.has(dataDir)) return;
  started.set(dataDir, begin(dataDir));
}

/** The preparation started for `dataDir`, or a new one; each is taken once (a later open starts afresh). */
export function takePglitePreparation(dataDir: string | null): PglitePreparation {
  const preparation = started.get(dataDir) ?? begin(dataDir);
  started.delete(dataDir);
  return preparation;
}

function begin(dataDir: string | null): PglitePreparation {
  const preparation = { wasmModule: compilePgliteWasm(), seeded: dataDir ? seedFromTemplate(dataDir, migrationsFolder) : Promise.resolve(false) };
  // Whoever awaits them sees a failure; one never awaited (the start failed before) is no unhandled rejection.
  preparation.wasmModule.catch(() => undefined);
  preparation.seeded.catch(() => undefined);
  return preparation;
}

/** pglite.wasm beside the package's entry, compiled asynchronously (what PGlite would compile itself on construction). */
async function compilePgliteWasm(): Promise<WasmModule> {
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  // The build's TypeScript libraries do not declare WebAssembly's global value.
  const { compile } = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> } }).WebAssembly;
  // Read at once (9 MB, a few ms): fs.promises.readFile reads in chunks, each waiting for a turn of the event loop.
  return compile(readFileSync(path.join(path.dirname(entry), "pglite.wasm")));
}
