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
