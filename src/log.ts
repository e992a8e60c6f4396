const levels = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const
export type LogLevel = keyof typeof levels
export type Log = Record<Exclude<LogLevel, 'silent'>, (message: string, fields?: Record<string, unknown>) => void>

/** One JSON line per event on stderr/stdout. Never pass message text, subjects or form answers here. */
export function createLog(level: LogLevel = 'info'): Log {
  const at = (name: Exclude<LogLevel, 'silent'>) => (message: string, fields?: Record<string, unknown>) => {
    if (levels[name] < levels[level]) return
    const line = JSON.stringify({ at: new Date().toISOString(), level: name, message, ...fields })
    if (levels[name] >= levels.warn) console.error(line)
    else console.log(line)
  }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

/**
 * An error as a log line may carry it. A failed query's message lists its parameters (a message's text, a name, an
 * email): only its SQL and the driver's own error are kept.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const { query, cause } = error as Error & { query?: unknown; cause?: unknown }
  if (typeof query === 'string') return `Failed query (parameters not logged): ${query}\n${describeError(cause)}`
  return String(error.stack ?? error)
}
