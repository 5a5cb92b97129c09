// Rules every string and list an API caller sends must keep, whatever field it is in: no NUL, no lone surrogate, bounded lengths and counts.
import { problem, type Problem } from "./errors.js";

/** Magnum's String(255) columns: names, ids and every other short field. */
export const MAX_SHORT_STRING = 255;

/** Fields that carry more than a name: their own ceilings (the domain's rules may be tighter). */
export const LONG_STRINGS: Readonly<Record<string, number>> = {
  csr: 16_384,
  value: 1_024, // a label's value (src/domain/labels.ts)
  clientKeyPath: 4_096,
};

/** Lists with a known ceiling; any other list of the API is capped at MAX_LIST. */
export const LIST_COUNTS: Readonly<Record<string, number>> = { labels: 100, tags: 50, nodesToRemove: 1_000, ids: 100 };
export const MAX_LIST = 1_000;

// A high surrogate not followed by a low one, or a low one not preceded by a high one: not UTF-16, PostgreSQL refuses it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Every problem of a resolver's arguments, one per field, with its path (["input", "labels", "0", "value"]).
 * Stops at 20: a hostile input of a million bad strings is refused as fast as one.
 */
export function inputProblems(args: Readonly<Record<string, unknown>>): Problem[] {
  const problems: Problem[] = [];
  // No closure per call: this runs for every field with arguments of every object of an answer (issue 13).
  for (const key in args) if (Object.hasOwn(args, key)) visitInput(problems, args[key], [key], key);
  return problems;
}

function visitInput(problems: Problem[], value: unknown, path: string[], name: string): void {
  if (problems.length >= 20) return;
  if (typeof value === "string") {
    if (value.includes("\u0000")) problems.push(problem("BAD_USER_INPUT", path, "must not contain NUL characters"));
    else if (LONE_SURROGATE.test(value)) problems.push(problem("BAD_USER_INPUT", path, "must be valid Unicode (an unpaired surrogate was sent)"));
    else {
      const maximum = LONG_STRINGS[name] ?? MAX_SHORT_STRING;
      if (value.length > maximum) problems.push(problem("BAD_USER_INPUT", path, `must be at most ${maximum} characters`));
    }
  } else if (Array.isArray(value)) {
    const maximum = LIST_COUNTS[name] ?? MAX_LIST;
    if (value.length > maximum) {
      problems.push(problem("BAD_USER_INPUT", path, `at most ${maximum} items`));
      return;
    }
    value.forEach((item, index) => visitInput(problems, item, [...path, String(index)], name));
  } else if (value && typeof value === "object" && !(value instanceof Date)) {
    for (const [key, inner] of Object.entries(value)) visitInput(problems, inner, [...path, key], key);
  }
}
