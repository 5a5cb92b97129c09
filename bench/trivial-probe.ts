// Fixed cost of one authenticated GraphQL request (docs/BENCHMARKS.md): `{ viewer { user { name } } }` and the portal
// query at first: 1, 10, 50, against the same server, alternating; CPU ms per request. Run: npx tsx bench/trivial-probe.ts
import "reflect-metadata";
import { ensureBuilt } from "../test/support/build.js";
import { DATABASES } from "../test/support/databases.js";
import { ADMIN_TOKEN, SECRET_KEY } from "../test/support/server.js";
import { BENCH_SERVER_SETTINGS, load, startProcess } from "./load.js";
import { PORTAL_QUERY, seedPortal } from "./portal.js";

await ensureBuilt();
const database = DATABASES.find((candidate) => candidate.label === "PostgreSQL")!;
const created = await database.create();
const turnkey = await startProcess("dist/main.js", { ...BENCH_SERVER_SETTINGS, DATABASE_URL: created.url, TURNKEY_ADMIN_TOKEN: ADMIN_TOKEN, TURNKEY_SECRET_KEY: SECRET_KEY, TURNKEY_LOG_LEVEL: "warn" }, async (port) => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok);
try {
  const seed = await seedPortal(created.url, 10, 100);
  const documents: Record<string, string> = {
    viewer: "{ viewer { user { name } } }",
    "portal first 1": PORTAL_QUERY.replace("first: 50", "first: 1"),
    "portal first 10": PORTAL_QUERY.replace("first: 50", "first: 10"),
    "portal first 50": PORTAL_QUERY,
  };
  for (let round = 0; round < 3; round++) {
    for (const [name, query] of Object.entries(documents)) {
      const body = JSON.stringify({ query, variables: name === "viewer" ? {} : { projectId: seed.projectId } });
      const result = await load({ url: `${turnkey.url}/graphql`, pid: turnkey.child.pid!, body, headers: { authorization: `Bearer ${seed.token}` }, connections: 32, seconds: 3, failed: (text) => text.includes('"errors"') });
      console.log(`round ${round} ${name}: ${result.requestsPerSecond.toFixed(0)} req/s, ${result.cpuMsPerRequest.toFixed(2)} ms CPU/request, failed ${result.non2xx + result.errors}`);
    }
  }
} finally {
  await turnkey.stop();
  await created.dispose();
}
process.exit(0);
