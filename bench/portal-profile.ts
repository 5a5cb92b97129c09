// Profiles the Turnkey side of the portal read alone: seeds the quick portal data, starts `node --cpu-prof
// dist/main.js`, loads it (autocannon -c 32) for TURNKEY_PROFILE_SECONDS (default 15) after a warm-up, then
// stops it so the profile is written to TURNKEY_PROFILE_DIR (default /tmp/turnkey-portal-profile).
// `npx tsx bench/portal-profile.ts`; read the .cpuprofile in Chrome's DevTools or any cpuprofile viewer.
// The profile covers start-up too: read the samples of the load window (the last seconds).
import "reflect-metadata";
import { ensureBuilt } from "../test/support/build.js";
import { DATABASES } from "../test/support/databases.js";
import { ADMIN_TOKEN, SECRET_KEY } from "../test/support/server.js";
import { BENCH_SERVER_SETTINGS, load, startProcess } from "./load.js";
import { PORTAL_QUERY, seedPortal } from "./portal.js";

await ensureBuilt();
const database = DATABASES.find((candidate) => candidate.label === "PostgreSQL")!;
const created = await database.create();
const directory = process.env.TURNKEY_PROFILE_DIR ?? "/tmp/turnkey-portal-profile";
const seconds = Number(process.env.TURNKEY_PROFILE_SECONDS ?? 15);
const turnkey = await startProcess(
  "dist/main.js",
  { ...BENCH_SERVER_SETTINGS, DATABASE_URL: created.url, TURNKEY_ADMIN_TOKEN: ADMIN_TOKEN, TURNKEY_SECRET_KEY: SECRET_KEY, TURNKEY_LOG_LEVEL: "warn" },
  async (port) => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok,
  ["--cpu-prof", `--cpu-prof-dir=${directory}`],
);
let firstFailure = "";
try {
  const seed = await seedPortal(created.url, 10, 100);
  // TURNKEY_PROFILE_QUERY=viewer: a one-field query instead, to see the fixed cost of a request.
  const query = process.env.TURNKEY_PROFILE_QUERY === "viewer" ? "{ viewer { user { name } } }" : PORTAL_QUERY;
  const body = JSON.stringify({ query, variables: query === PORTAL_QUERY ? { projectId: seed.projectId } : {} });
  const options = { url: `${turnkey.url}/graphql`, pid: turnkey.child.pid!, body, headers: { authorization: `Bearer ${seed.token}` }, connections: 32, failed: (text: string) => {
    const failed = text.includes('"errors"');
    if (failed && !firstFailure) firstFailure = text.slice(0, 500);
    return failed;
  } };
  await load({ ...options, seconds: 3 });
  const marked = Date.now();
  const result = await load({ ...options, seconds });
  console.log(`load window from ${new Date(marked).toISOString()}: ${result.requestsPerSecond.toFixed(0)} req/s, ${result.cpuMsPerRequest.toFixed(2)} ms CPU/request, ${result.requests} requests, ${result.non2xx + result.errors} failed`);
  if (firstFailure) console.log(`first failed answer: ${firstFailure}`);
} finally {
  await turnkey.stop();
  await created.dispose();
}
console.log(`profile written to ${directory}`);
process.exit(0);
