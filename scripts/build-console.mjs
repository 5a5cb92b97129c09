// Build step after tsc: bundles the web console (web/console) and copies GraphiQL's assets into dist/public,
// so the server serves both locally (no CDN); with --stamp (npm run build) it then writes the stamp scripts/start.mjs reads.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const publicDir = path.join(root, "dist", "public");
mkdirSync(publicDir, { recursive: true });

await build({
  entryPoints: [path.join(root, "web", "console", "main.ts")],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  outfile: path.join(publicDir, "console.js"),
  logLevel: "warning",
});
copyFileSync(path.join(root, "web", "console", "index.html"), path.join(publicDir, "index.html"));
copyFileSync(path.join(root, "web", "console", "console.css"), path.join(publicDir, "console.css"));
copyFileSync(path.join(root, "web", "graphiql", "graphiql.html"), path.join(publicDir, "graphiql.html"));

const vendor = [
  ["react/umd/react.production.min.js", "react.production.min.js"],
  ["react-dom/umd/react-dom.production.min.js", "react-dom.production.min.js"],
  ["graphiql/graphiql.min.js", "graphiql.min.js"],
  ["graphiql/graphiql.min.css", "graphiql.min.css"],
];
for (const [from, to] of vendor) copyFileSync(path.join(root, "node_modules", from), path.join(publicDir, to));

// Only the full build (npm run build) stamps: the console alone (the browser test) says nothing about tsc's output.
if (process.argv.includes("--stamp")) writeFileSync(path.join(root, "dist", ".build-stamp"), `${new Date().toISOString()}\n`);
