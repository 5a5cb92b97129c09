#!/usr/bin/env node
// The `turnkey` command: runs the built CLI (npm run build, or npm start, builds it).
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "dist", "cli", "main.js");
if (!existsSync(cli)) {
  process.stderr.write("turnkey: the CLI is not built yet: run npm run build (npm start also builds it)\n");
  process.exit(2);
}
const { runCli } = await import(pathToFileURL(cli).href);
process.exitCode = await runCli(process.argv.slice(2));
