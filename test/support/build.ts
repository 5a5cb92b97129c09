// Runs `npm run build` when the build is stale, once at a time across test files (they share dist/).
import { spawnSync } from "node:child_process";
import { mkdirSync, rmdirSync } from "node:fs";
import path from "node:path";
import { buildIsStale } from "../../scripts/start.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const lock = path.join(root, "dist.build-lock");

export async function ensureBuilt(): Promise<void> {
  if (!buildIsStale()) return;
  const deadline = Date.now() + 240_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is building: wait for its lock to go (the fact), then look again.
      if (Date.now() > deadline) throw new Error(`${lock} held for too long: remove it if no build is running`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    if (buildIsStale()) {
      const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: root, encoding: "utf8" });
      if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
    }
  } finally {
    rmdirSync(lock);
  }
}
