// Structured JSON logs (pino), pretty on a terminal; secrets and tokens are redacted wherever they appear in a log object.
import { pino, type Logger } from "pino";

export type { Logger };

/** `auto`: pretty when stdout is a terminal, JSON lines otherwise (files, pipes, log shippers). */
export type LogFormat = "auto" | "json" | "pretty";

/** `destination`: where JSON lines go instead of stdout (a test reading the log). */
export function createLogger(level: string, format: LogFormat = "json", destination?: pino.DestinationStream): Logger {
  const pretty = !destination && (format === "pretty" || (format === "auto" && process.stdout.isTTY === true));
  const options: pino.LoggerOptions = {
    level,
    base: { service: "turnkey" },
    redact: { paths: ["req.headers.authorization", 'req.headers["x-auth-token"]', 'req.headers["x-subject-token"]', "*.authorization", "*.token", "*.privateKey", "*.password"], censor: "[redacted]" },
    ...(pretty ? { transport: { target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname,service" } } } : {}),
  };
  return destination ? pino(options, destination) : pino(options);
}
