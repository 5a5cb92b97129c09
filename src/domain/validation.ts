// Turns zod validation results into the domain's typed problems, one per offending field.
import type { z } from "zod";
import { DomainError, problem } from "./errors.js";

/** Parses `value` with `schema`, or throws one DomainError listing every BAD_USER_INPUT problem. */
export function parseOrThrow<Schema extends z.ZodType>(schema: Schema, value: unknown, prefix: string[] = []): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // One problem per field: the first rule a field breaks is the one worth reading.
  const seen = new Set<string>();
  const problems = result.error.issues
    .map((issue) => problem("BAD_USER_INPUT", [...prefix, ...issue.path.map((segment) => String(segment))], issue.message))
    .filter((entry) => {
      const key = entry.field.join("\u0000");
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  throw new DomainError(problems);
}
