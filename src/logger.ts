// Structured JSON logs (pino); secrets and tokens are redacted wherever they appear in a log object.
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "turnkey" },
    redact: { paths: ["req.headers.authorization", 'req.headers["x-auth-token"]', 'req.headers["x-subject-token"]', "*.authorization", "*.token", "*.privateKey", "*.password"], censor: "[redacted]" },
  });
}
