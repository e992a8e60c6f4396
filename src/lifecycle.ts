import { accessSync, constants, mkdirSync } from 'node:fs'
import { printableUrl, type Config } from './config'
import { openDatabase, type Database } from './db/client'
import { joinServerProcesses, otherServerProcesses } from './db/server-processes'
import { createApp } from './web/app'

/** A start-up failure the operator can fix: one line that names the setting, then exit 1. */
export class CannotStart extends Error {}

/** The data folder exists (or can be made) and this user may write to it. */
export function checkDataDir(config: Config) {
  if (!config.databaseUrl.startsWith('file:')) return
  try {
    mkdirSync(config.dataDir, { recursive: true })
    accessSync(config.dataDir, constants.W_OK)
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error)
    throw new CannotStart(`Huddle cannot write to DATA_DIR=${config.dataDir} (${reason}). Give the user running it write access, or set DATA_DIR to another folder.`)
  }
}

export async function openOrExplain(config: Config): Promise<Database> {
  try {
    return await openDatabase(config.databaseUrl)
  } catch (error) {
    let cause: unknown = error
    while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause // drizzle wraps the driver's error
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause)
    throw new CannotStart(`Huddle cannot open the database at DATABASE_URL=${printableUrl(config.databaseUrl)}: ${reason}`)
  }
}

/**
 * Two servers on one database would each show only their own live events: refuse the second. REDIS_URL does not
 * lift this yet, because no bus reads it (issue 15); letting it through would split the live pages silently.
 */
export async function refuseSecondServer(database: Database, config: Config) {
  const [other] = await otherServerProcesses(database.db)
  if (other) {
    throw new CannotStart(`Another Huddle server (pid ${other.pid} on ${other.host}) is already serving ${printableUrl(config.databaseUrl)}. ` +
      'Stop it first: live updates cross processes only through a shared bus (REDIS_URL), which this version does not have yet.')
  }
}

export function listen(config: Config, fetch: (request: Request) => Response | Promise<Response>) {
  try {
    // live streams send a heartbeat every 15 s; Bun's default idle timeout (10 s) would cut quiet ones
    return Bun.serve({ port: config.port, fetch, idleTimeout: 60 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new CannotStart(`Port ${config.port} is already in use by another program. Stop it, or set PORT to a free port.`)
    }
    throw error
  }
}

/**
 * SIGTERM and SIGINT (Docker's stop, Ctrl-C, npm forwarding either): stop accepting connections, end event
 * streams, give requests in flight up to `graceMs` to be answered, then `close` (workers, WAL) and exit 0.
 * Installed explicitly, so it holds as PID 1 in a container too.
 */
export function stopOnSignals(server: ReturnType<typeof Bun.serve>, endStreams: () => void, close: () => Promise<void>, graceMs = 5000) {
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: finishing requests in flight, then stopping`)
    const drained = server.stop()
    endStreams()
    const inTime = await Promise.race([drained.then(() => true), Bun.sleep(graceMs).then(() => false)])
    if (!inTime) await server.stop(true)
    await close()
    console.log('Stopped.')
    process.exit(0)
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(signal))
}

/** Checks what it can before starting anything, then builds the app, listens, and stops cleanly on a signal. */
export async function serve(config: Config) {
  checkDataDir(config)
  const database = await openOrExplain(config)
  try {
    await refuseSecondServer(database, config)
  } catch (error) {
    database.client.close()
    throw error
  }
  const { app, live, close } = await createApp(config, { database })
  let server: ReturnType<typeof listen>
  try {
    server = listen(config, app.fetch)
  } catch (error) {
    await close()
    throw error
  }
  const registration = await joinServerProcesses(database.db)
  stopOnSignals(server, () => live.hub.close(), async () => {
    await registration.leave()
    await close()
  })
  return server
}
