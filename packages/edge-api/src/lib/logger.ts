/**
 * Structured JSON logs, one object per line. Fields whose names look like secrets are replaced before
 * anything is written, so a careless `logger.info("x", { apiKey })` still cannot leak a key.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export type LogSink = (line: string) => void;

const SECRET_FIELD = /(api[-_]?key|secret|token|authorization|password|cookie|ciphertext|plaintext)/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 5) {
    return "[depth]";
  }
  if (Array.isArray(value)) {
    return value.map((item) => redact(item, depth + 1));
  }
  if (value instanceof Error) {
    return { name: value.name, message: value.message };
  }
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SECRET_FIELD.test(key) ? "[redacted]" : redact(inner, depth + 1);
    }
    return out;
  }
  return value;
}

export function createLogger(
  sink: LogSink,
  base: LogFields = {},
  now: () => Date = () => new Date(),
): Logger {
  const write = (level: LogLevel, message: string, fields?: LogFields) => {
    sink(
      JSON.stringify({
        level,
        time: now().toISOString(),
        message,
        ...(redact({ ...base, ...fields }) as object),
      }),
    );
  };
  return {
    debug: (message, fields) => write("debug", message, fields),
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
    child: (fields) => createLogger(sink, { ...base, ...fields }, now),
  };
}

/** Workers Logs ingest console output; one JSON object per line keeps it queryable. */
export const consoleSink: LogSink = (line) => console.log(line);
