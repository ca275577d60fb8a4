export type Level = 'INFO' | 'WARN' | 'ERROR';

/** Writes one structured log line. */
export type Log = (level: Level, event: string, fields?: Readonly<Record<string, unknown>>) => void;

/** JSON logs on stdout, one object per line, with the fields every line of an invocation shares. */
export function jsonLog(context: Readonly<Record<string, unknown>>, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Log {
  return (level, event, fields = {}) => write(JSON.stringify({ timestamp: new Date().toISOString(), level, event, ...context, ...fields }));
}

/** An error as log fields (name and message; the stack is long with source maps). */
export function errorFields(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { name: error.name, message: error.message } : { message: String(error) };
}
