// The Heat environment that maps the template's Turnkey::* types onto real resources (production)
// or onto Heat's test resources (tests), and the properties each mapping target accepts.

import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { DriverError } from "../../driver.js";

/** The abstract types the generated template uses; an environment maps each onto something real. */
export const MAPPED_TYPES = ["Turnkey::Network", "Turnkey::Server", "Turnkey::LoadBalancer"] as const;

export type MappedType = (typeof MAPPED_TYPES)[number];

/**
 * Which properties a mapped resource gets. OS::Heat::TestResource accepts only its own knobs
 * (value, wait_secs, fail, ...), so it gets those; anything else (OS::Heat::None, which accepts
 * everything, a Nova server, a provider template) gets the production properties.
 */
export type ResourceProfile = "test" | "real";

export type ResourceProfiles = Record<MappedType, ResourceProfile>;

export const REAL_PROFILES: ResourceProfiles = {
  "Turnkey::Network": "real",
  "Turnkey::Server": "real",
  "Turnkey::LoadBalancer": "real",
};

export interface HeatEnvironment {
  /** Sent with each stack create as `environment_files`, merged by Heat in this order. */
  environmentFiles: string[];
  /** Every file the stack needs: the environments themselves and the provider templates they name. */
  files: Record<string, string>;
  profiles: ResourceProfiles;
}

/** Reads environment files (YAML or JSON) and the provider templates their registries name by file:// URL. */
export function loadEnvironment(paths: readonly string[], base: string = process.cwd()): HeatEnvironment {
  const files: Record<string, string> = {};
  const environmentFiles: string[] = [];
  let registry: Record<string, string> = {};
  for (const path of paths) {
    const absolute = isAbsolute(path) ? path : resolve(base, path);
    const text = readText(absolute, "TURNKEY_HEAT_ENVIRONMENT");
    const name = pathToFileURL(absolute).href;
    files[name] = text;
    environmentFiles.push(name);
    const mapping = resourceRegistryOf(text);
    registry = { ...registry, ...mapping };
    for (const target of Object.values(mapping)) {
      if (/^file:\/\//.test(target)) files[target] ??= readText(new URL(target).pathname, `the registry of ${path}`);
      else if (/\.(ya?ml|json|template)$/.test(target) && !/^https?:\/\//.test(target)) {
        throw new DriverError(
          "INVALID_REQUEST",
          `${path} maps a type onto "${target}": name provider templates by absolute file:// URL so Turnkey can send them`,
        );
      }
    }
  }
  return { environmentFiles, files, profiles: profilesOf(registry) };
}

export function profilesOf(registry: Readonly<Record<string, string>>): ResourceProfiles {
  const profile = (type: MappedType): ResourceProfile =>
    registry[type] === "OS::Heat::TestResource" ? "test" : "real";
  return {
    "Turnkey::Network": profile("Turnkey::Network"),
    "Turnkey::Server": profile("Turnkey::Server"),
    "Turnkey::LoadBalancer": profile("Turnkey::LoadBalancer"),
  };
}

/**
 * The top level of an environment's resource_registry: type → target. Heat parses the file itself;
 * this only needs the plain `"Type": Target` lines (or JSON), so a small reader does, rather than a
 * YAML dependency. Nested sections such as `resources:` are skipped.
 */
export function resourceRegistryOf(text: string): Record<string, string> {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    const parsed = JSON.parse(trimmed) as { resource_registry?: Record<string, unknown> };
    const entries = Object.entries(parsed.resource_registry ?? {});
    return Object.fromEntries(entries.filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  }
  const registry: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => /^resource_registry\s*:\s*(#.*)?$/.test(line));
  if (start < 0) return registry;
  let indent: number | null = null;
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    const depth = line.length - line.trimStart().length;
    if (depth === 0) break;
    indent ??= depth;
    if (depth !== indent) continue;
    const entry = mappingEntry(line.trim());
    if (entry !== null) registry[entry.key] = entry.value;
  }
  return registry;
}

// One `key: value` line of YAML: keys may hold ":" (Turnkey::Server) as long as no space follows it.
function mappingEntry(line: string): { key: string; value: string } | null {
  let key: string;
  let rest: string;
  const quote = line[0];
  if (quote === '"' || quote === "'") {
    const close = line.indexOf(quote, 1);
    if (close < 0) return null;
    key = line.slice(1, close);
    rest = line.slice(close + 1).trimStart();
    if (!rest.startsWith(":")) return null;
  } else {
    const colon = line.search(/:(\s|$)/);
    if (colon < 0) return null;
    key = line.slice(0, colon).trim();
    rest = line.slice(colon);
  }
  rest = rest.slice(1).trim();
  const quoted = /^(["'])(.*?)\1/.exec(rest);
  const value = quoted !== null ? (quoted[2] ?? "") : rest.replace(/(^|\s+)#.*$/, "").trim();
  return key === "" || value === "" ? null : { key, value };
}

function readText(path: string, source: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new DriverError("INVALID_REQUEST", `Cannot read the Heat environment file named by ${source}: ${detail}`);
  }
}
