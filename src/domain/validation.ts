// Turns zod validation results into the domain's typed problems, one per offending field.
import type { z } from "zod";
import { DomainError, problem } from "./errors.js";

/** Parses `value` with `schema`, or throws one DomainError listing every BAD_USER_INPUT problem. */
export function parseOrThrow<Schema extends z.ZodType>(schema: Schema, value: unknown, prefix: string[] = []): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new DomainError(
    result.error.issues.map((issue) =>
      problem("BAD_USER_INPUT", [...prefix, ...issue.path.map((segment) => String(segment))], issue.message),
    ),
  );
}
