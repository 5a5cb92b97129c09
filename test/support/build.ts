// Runs `npm run build` when the build is stale, once at a time across test files (they share dist/).
import { waitUntil } from "./wait.js";
import { spawnSync } from "node:child_process";
import { mkdirSync, rmdirSync } from "node:fs";
import path from "node:path";
import { buildIsStale } from "../../scripts/start.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const lock = path.join(root, "dist.build-lock");

export async function ensureBuilt(): Promise<void> {
  if (!buildIsStale()) return;
  // Another test file may be building: wait for its lock to go (the fact), taking it in the same step.
  const take = () => {
    try {
      mkdirSync(lock);
      return true;
    } catch {
      return false;
    }
  };
  await waitUntil(take, 240_000, `${lock} to be released (remove it if no build is running)`);
  try {
    if (buildIsStale()) {
      const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: root, encoding: "utf8" });
      if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
    }
  } finally {
    rmdirSync(lock);
  }
}
