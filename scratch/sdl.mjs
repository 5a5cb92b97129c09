import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { buildClientSchema, getIntrospectionQuery, printSchema, buildSchema, lexicographicSortSchema } from "graphql";
const dir = mkdtempSync("/tmp/tk-sdl-"); const port = 31000 + Math.floor(Math.random()*1000);
const child = spawn(process.execPath, [process.argv[2]], { env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", TURNKEY_DATA_DIR: dir, TURNKEY_ADMIN_TOKEN: "tk_test_admin_token_123456789", TURNKEY_LOG_LEVEL: "warn" }, stdio: ["ignore", "ignore", "inherit"] });
for (;;) { if (await fetch(`http://127.0.0.1:${port}/readyz`).then(r => r.ok, () => false)) break; await new Promise(r => setTimeout(r, 50)); }
const r = await fetch(`http://127.0.0.1:${port}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer tk_test_admin_token_123456789" }, body: JSON.stringify({ query: getIntrospectionQuery({ descriptions: true }) }) }).then(r => r.json());
const live = printSchema(lexicographicSortSchema(buildClientSchema(r.data)));
const file = printSchema(lexicographicSortSchema(buildSchema(readFileSync(process.argv[3], "utf8"))));
console.log(live === file ? "SDL identical" : "SDL DIFFERS"); if (live !== file) { (await import("node:fs")).writeFileSync("/tmp/live.graphql", live); (await import("node:fs")).writeFileSync("/tmp/file.graphql", file); }
const c = await fetch(`http://127.0.0.1:${port}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer tk_test_admin_token_123456789" }, body: JSON.stringify({ query: "{ viewer { user { name } } }" }) }).then(r => r.json());
console.log(JSON.stringify(c));
child.kill("SIGTERM");
