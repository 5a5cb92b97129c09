// First-start setup: the home project, and on the embedded default a generated admin token and secret key kept in the data dir.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Config } from "./config.js";
import type { Database } from "./db/client.js";
import { ensureProject } from "./db/queries/projects.js";

/** The project a global admin's objects go to when it names none; fixed id so replicas agree. */
export const HOME_PROJECT = { id: "00000000-0000-4000-8000-000000000001", name: "admin" } as const;

export interface Secrets {
  adminToken: string;
  adminTokenGenerated: boolean;
  secretKey: string;
}

function readOrCreate(file: string, make: () => string): { value: string; created: boolean } {
  if (existsSync(file)) return { value: readFileSync(file, "utf8").trim(), created: false };
  mkdirSync(path.dirname(file), { recursive: true });
  const value = make();
  // wx: two processes starting together cannot both write; mode 0600: only the owner reads it.
  try {
    writeFileSync(file, `${value}\n`, { mode: 0o600, flag: "wx" });
    return { value, created: true };
  } catch {
    return { value: readFileSync(file, "utf8").trim(), created: false };
  }
}

/** Environment wins; otherwise the values persist under the data dir so a restart keeps them. */
export function resolveSecrets(config: Config): Secrets {
  const token = config.adminToken ? { value: config.adminToken, created: false } : readOrCreate(path.join(config.dataDir, "admin-token"), () => `tk_${randomBytes(24).toString("base64url")}`);
  const key = config.secretKey ? { value: config.secretKey, created: false } : readOrCreate(path.join(config.dataDir, "secret-key"), () => randomBytes(32).toString("base64url"));
  return { adminToken: token.value, adminTokenGenerated: token.created || (!config.adminToken && token.value !== ""), secretKey: key.value };
}

export async function ensureHomeProject(db: Database): Promise<string> {
  const project = await ensureProject(db, HOME_PROJECT.id, HOME_PROJECT.name);
  return project.id;
}
