// Writes schema/schema.graphql from the resolvers; with --check, fails when the committed file drifted.
import "reflect-metadata";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createSchema, printSdl } from "../src/graphql/schema.js";

const target = fileURLToPath(new URL("../schema/schema.graphql", import.meta.url));
const sdl = printSdl(await createSchema());

if (process.argv.includes("--check")) {
  let committed = "";
  try {
    committed = readFileSync(target, "utf8");
  } catch {
    committed = "";
  }
  if (committed !== sdl) {
    console.error("schema/schema.graphql is out of date with the resolvers: run `npm run schema:emit` and commit the result.");
    process.exit(1);
  }
  console.log("schema/schema.graphql matches the resolvers.");
} else {
  writeFileSync(target, sdl);
  console.log(`wrote ${target}`);
}
