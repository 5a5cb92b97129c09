// Structured JSON logs (pino); secrets and tokens are redacted wherever they appear in a log object.
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "turnkey" },
    redact: { paths: ["req.headers.authorization", "*.authorization", "*.token", "*.privateKey", "*.password"], censor: "[redacted]" },
  });
}
