// CORS as an allowlist: browsers on the listed origins may call the API; any other origin gets no CORS headers.
import cors from "cors";
import type { RequestHandler } from "express";

/** `*` allows every origin (tokens travel in the Authorization header, never in cookies, so no credentials mode). */
export function corsAllowlist(origins: readonly string[]): RequestHandler {
  const allowAll = origins.includes("*");
  const allowed = new Set(origins.map((origin) => origin.replace(/\/$/, "")));
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && (allowAll || allowed.has(origin))),
    methods: ["GET", "POST", "OPTIONS"],
    allowedHeaders: ["authorization", "content-type", "x-request-id", "apollo-require-preflight"],
    exposedHeaders: ["x-request-id"],
    maxAge: 600,
  });
}
