// `npm start`: builds only when the build is older than its sources, then runs the server in this very process,
// so the signals npm forwards (SIGTERM, SIGINT) reach the server itself and no orphan is left behind.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Written by scripts/build-console.mjs as the build's last step. */
export const stampPath = path.join(root, "dist", ".build-stamp");
const inputs = ["src", "web", "drizzle", "scripts/build-console.mjs", "scripts/build-pgdata.mjs", "scripts/bundle-server.mjs", "package.json", "tsconfig.json", "tsconfig.build.json"];

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stats = statSync(target);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

export function buildIsStale() {
  if (!existsSync(stampPath)) return true;
  const built = statSync(stampPath).mtimeMs;
  return inputs.some((input) => newestMtime(path.join(root, input)) > built);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (buildIsStale()) {
    process.stderr.write("turnkey: the build is older than its sources: npm run build\n");
    const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  await import(pathToFileURL(path.join(root, "dist", "main.js")).href);
}
