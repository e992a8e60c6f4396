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

/** Which live bus a server is on: servers on one database must share one, or each would show only its own events. */
export const busIdentity = (config: Config) =>
  config.redisUrl ? `redis:${new Bun.CryptoHasher('sha256').update(config.redisUrl).digest('hex').slice(0, 16)}` : 'memory'

/**
 * A server joins others on one database only when all of them share a Redis bus (the same REDIS_URL); otherwise
 * live pages would split silently between processes.
 */
export async function refuseSecondServer(database: Database, config: Config) {
  const mine = busIdentity(config)
  const apart = (await otherServerProcesses(database.db)).find((other) => mine === 'memory' || other.bus !== mine)
  if (!apart) return
  const serving = `Another Huddle server (pid ${apart.pid} on ${apart.host}) is already serving ${printableUrl(config.databaseUrl)}.`
  throw new CannotStart(mine === 'memory'
    ? `${serving} Stop it first, or give every server the same REDIS_URL so their live pages hear each other.`
    : `${serving} It is not on this REDIS_URL: give every server on one database the same REDIS_URL.`)
}

export function listen(config: Config, fetch: (request: Request) => Response | Promise<Response>) {
  try {
    // live streams send a heartbeat every 15 s; Bun's default idle timeout (10 s) would cut quiet ones.
    // Several processes of one box share the port (WEB_CONCURRENCY): the kernel spreads connections among them.
    return Bun.serve({ port: config.port, fetch, idleTimeout: 60, reusePort: config.webConcurrency > 1 })
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
  const registration = await joinServerProcesses(database.db, busIdentity(config))
  stopOnSignals(server, () => live.hub.close(), async () => {
    await registration.leave()
    await close()
  })
  return server
}
