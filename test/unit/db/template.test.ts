// The build's migrated data-dir template: an empty data directory starts from it, and nothing else does.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { migrationsFolder, openDatabase } from "../../../src/db/client.js";
import { buildTemplate, seedFromTemplate } from "../../../src/db/template.js";

describe("PGlite data-dir template", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "turnkey-template-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("seeds an empty data directory with a migrated cluster that opens and keeps data; refuses a non-empty directory or other migrations", { timeout: 180_000 }, async () => {
    const template = path.join(scratch, "template");
    await buildTemplate(template, migrationsFolder);

    const dataDir = path.join(scratch, "data");
    expect(await seedFromTemplate(dataDir, migrationsFolder, template)).toBe(true);
    const database = await openDatabase({ kind: "pglite", dataDir });
    try {
      const applied = await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      const rows = (applied as unknown as { rows: { n: number }[] }).rows;
      expect(rows[0]?.n).toBeGreaterThan(0);
      await database.db.execute(sql`insert into projects (id, name) values ('00000000-0000-4000-8000-0000000000aa', 'seeded')`);
    } finally {
      await database.close();
    }
    const reopened = await openDatabase({ kind: "pglite", dataDir });
    try {
      const found = (await reopened.db.execute(sql`select name from projects where id = '00000000-0000-4000-8000-0000000000aa'`)) as unknown as { rows: { name: string }[] };
      expect(found.rows.map((row) => row.name)).toEqual(["seeded"]);
    } finally {
      await reopened.close();
    }

    // A directory that already holds anything is PGlite's to open or initialise, never overwritten.
    expect(await seedFromTemplate(dataDir, migrationsFolder, template)).toBe(false);
    const halfMade = path.join(scratch, "half-made");
    mkdirSync(halfMade);
    writeFileSync(path.join(halfMade, "stray"), "");
    expect(await seedFromTemplate(halfMade, migrationsFolder, template)).toBe(false);

    // Migrations that differ from the template's (an edited or added migration): normal initdb + migrate instead.
    const otherMigrations = path.join(scratch, "drizzle");
    cpSync(migrationsFolder, otherMigrations, { recursive: true });
    writeFileSync(path.join(otherMigrations, "9999_extra.sql"), "select 1;");
    expect(await seedFromTemplate(path.join(scratch, "other"), otherMigrations, template)).toBe(false);
    // Without a template (the tsx entry, or a build without it): nothing to copy.
    expect(await seedFromTemplate(path.join(scratch, "none"), migrationsFolder, path.join(scratch, "absent"))).toBe(false);
  });
});
