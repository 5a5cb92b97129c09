// The layering of src/, read from its import lines: domain/ decides, db/ reads and writes, and the folders
// GraphQL → domain → db and orchestration → domain/db never loop back.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));

interface ImportEdge {
  /** Importing file, relative to src/ ("domain/errors.ts"). */
  from: string;
  /** What it names: a package ("drizzle-orm/pg-core") or a path relative to src/ ("db/schema/index.js"). */
  to: string;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

// Static imports and re-exports (type-only ones too: they are dependencies as much as the others), side-effect
// imports and dynamic import() of a literal.
const IMPORT_PATTERN = /(?:^|[\n;])\s*(?:import|export)\b[^'"`;]*?\bfrom\s*["']([^"']+)["']|(?:^|[\n;])\s*import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

export function importsOf(file: string, text: string): ImportEdge[] {
  const from = path.relative(SRC, file).split(path.sep).join("/");
  const edges: ImportEdge[] = [];
  for (const match of text.matchAll(IMPORT_PATTERN)) {
    const specifier = match[1] ?? match[2] ?? match[3]!;
    const to = specifier.startsWith(".") ? path.relative(SRC, path.resolve(path.dirname(file), specifier)).split(path.sep).join("/") : specifier;
    edges.push({ from, to });
  }
  return edges;
}

const EDGES: ImportEdge[] = sourceFiles(SRC).flatMap((file) => importsOf(file, readFileSync(file, "utf8")));

/** The top folder of a path under src/ ("domain", "db", "server" for server.ts). */
const folderOf = (relative: string) => relative.split("/")[0]!.replace(/\.(ts|js)$/, "");
const isLocal = (to: string) => !to.startsWith("..") && !path.isAbsolute(to) && /^[a-z]/.test(to) && (to.includes("/") || /\.(js|ts)$/.test(to));

/**
 * Known violations: reported, not failed on. Empty now that the certificate phases are orchestration hooks;
 * a violation outside this list fails.
 */
const KNOWN: readonly string[] = [];

const describeEdge = (edge: ImportEdge) => `${edge.from} -> ${edge.to}`;

function violations(edges: ImportEdge[]): { fresh: string[]; known: string[] } {
  const all = [...new Set(edges.map(describeEdge))].sort();
  return { fresh: all.filter((edge) => !KNOWN.includes(edge)), known: all.filter((edge) => KNOWN.includes(edge)) };
}

function report(name: string, known: string[]): void {
  if (known.length > 0) console.info(`architecture: ${name}, known and owned elsewhere:\n  ${known.join("\n  ")}`);
}

const DOMAIN_MAY_NOT_IMPORT = ["graphql", "orchestration", "identity", "events", "server", "http", "rest"];
const DB_MAY_NOT_IMPORT = ["domain", "graphql", "orchestration"];
/** Every top-level folder and file of src/ (app, config, db, domain, events, graphql, openstack, orchestration, …). */
const LAYERS = [...new Set(EDGES.map((edge) => folderOf(edge.from)))].sort();

describe("architecture: the import graph of src/", () => {
  it("reads the import lines it checks (the parser finds imports, re-exports, type-only and dynamic ones)", () => {
    const file = path.join(SRC, "domain/example.ts");
    const text = [
      'import { a } from "drizzle-orm";',
      'import type { B } from "../db/schema/index.js";',
      'export { c } from "./errors.js";',
      "import {\n  d,\n  e,\n} from '../orchestration/driver.js';",
      'const f = await import("../graphql/errors.js");',
      'import "../events/bus.js";',
    ].join("\n");
    expect(importsOf(file, text).map((edge) => edge.to).sort()).toEqual(["db/schema/index.js", "domain/errors.js", "drizzle-orm", "events/bus.js", "graphql/errors.js", "orchestration/driver.js"]);
    // The graph of the real tree is not empty: a parser that found nothing would pass every rule below.
    expect(EDGES.filter((edge) => edge.from.startsWith("domain/")).length).toBeGreaterThan(50);
    expect(EDGES.some((edge) => edge.from.startsWith("domain/") && edge.to.startsWith("db/queries/"))).toBe(true);
  });

  it("domain/ issues no queries: no file imports drizzle-orm or db/schema", () => {
    const found = EDGES.filter((edge) => edge.from.startsWith("domain/") && (edge.to === "drizzle-orm" || edge.to.startsWith("drizzle-orm/") || edge.to.startsWith("db/schema")));
    const { fresh, known } = violations(found);
    report("domain/ → drizzle-orm, db/schema", known);
    expect(fresh).toEqual([]);
  });

  it("domain/ imports no higher layer (graphql, orchestration, identity, events, server, http, rest)", () => {
    const found = EDGES.filter((edge) => edge.from.startsWith("domain/") && isLocal(edge.to) && DOMAIN_MAY_NOT_IMPORT.includes(folderOf(edge.to)));
    const { fresh, known } = violations(found);
    report("domain/ → higher layers", known);
    expect(fresh).toEqual([]);
  });

  it("db/ imports neither domain/ nor graphql/ nor orchestration/", () => {
    const found = EDGES.filter((edge) => edge.from.startsWith("db/") && isLocal(edge.to) && DB_MAY_NOT_IMPORT.includes(folderOf(edge.to)));
    const { fresh, known } = violations(found);
    report("db/ → higher layers", known);
    expect(fresh).toEqual([]);
  });

  it("no import cycle among the top-level folders and files of src/ (domain, db, graphql, orchestration, openstack, config, …)", () => {
    expect(LAYERS).toEqual(expect.arrayContaining(["config", "db", "domain", "events", "graphql", "identity", "openstack", "orchestration"]));
    const between = EDGES.filter((edge) => isLocal(edge.to) && LAYERS.includes(folderOf(edge.from)) && LAYERS.includes(folderOf(edge.to)) && folderOf(edge.from) !== folderOf(edge.to));
    // Known edges are set aside first; the rest must form no cycle.
    const counted = between.filter((edge) => !KNOWN.includes(describeEdge(edge)));
    const next = new Map<string, Set<string>>(LAYERS.map((layer) => [layer, new Set()]));
    for (const edge of counted) next.get(folderOf(edge.from))!.add(folderOf(edge.to));
    const cycles: string[] = [];
    const walk = (start: string, at: string, trail: string[]) => {
      for (const target of next.get(at)!) {
        if (target === start) cycles.push([...trail, target].join(" → "));
        else if (!trail.includes(target)) walk(start, target, [...trail, target]);
      }
    };
    for (const layer of LAYERS) walk(layer, layer, [layer]);
    const witnesses = cycles.map((cycle) => {
      const [first, second] = cycle.split(" → ");
      const edge = counted.find((candidate) => folderOf(candidate.from) === first && folderOf(candidate.to) === second);
      return `${cycle} (e.g. ${edge ? describeEdge(edge) : "?"})`;
    });
    report("folder-level cycles through known edges", between.filter((edge) => KNOWN.includes(describeEdge(edge))).map(describeEdge));
    expect(witnesses).toEqual([]);
  });
});
