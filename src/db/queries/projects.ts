// Queries on projects.
import { eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../client.js";
import { selectRows, uuidArray } from "../row-reader.js";
import { projects, type ProjectRow } from "../schema/index.js";

export async function projectsByIds(executor: Executor, ids: readonly string[]): Promise<ProjectRow[]> {
  if (ids.length === 0) return [];
  return selectRows(executor, projects, sql`from ${projects} where ${projects.id} = any(${uuidArray(ids)})`);
}

export async function findProjectByName(executor: Executor, name: string): Promise<ProjectRow | undefined> {
  const [row] = await executor.select().from(projects).where(eq(projects.name, name));
  return row;
}

/** Creates the project unless it exists; safe when several replicas start at once. */
export async function ensureProject(executor: Executor, id: string, name: string): Promise<ProjectRow> {
  await executor.insert(projects).values({ id, name }).onConflictDoNothing();
  const row = await findProjectByName(executor, name);
  if (!row) throw new Error(`project ${name} could not be created`);
  return row;
}
