import type Stripe from 'stripe'
import type { Config } from '../config'
import type { Db } from '../db/client'
import type { FileStore } from '../db/file-store'
import type { Actor } from '../domain/actor'
import type { Clinic } from '../domain/clinic'
import type { ChargeWorker } from '../live/charge-worker'
import type { MailWorker } from '../live/mail-worker'
import type { SseHub } from '../live/sse'
import type { Log } from '../log'
import type { StreamServices } from '../live/stream'

/**
 * What every route can read from the context, with `c.get(name)`: hono's `c.var` copies every one of them into a new
 * object on each access (Object.fromEntries), which a request that reads ten of them pays ten times.
 */
export type AppEnv = {
  Variables: {
    config: Config
    db: Db
    mail: MailWorker
    log: Log
    clinic: Clinic | undefined
    actor: Actor | undefined
    /** The hash of the signed-in session's id, naming it to the live streams it opens. */
    sessionHash: string | undefined
    csrfToken: string
    /** The install's public origin (never the request's Host). */
    baseUrl: string
    live: Live
    files: FileStore
    stripe: Stripe | undefined
  }
}

/** The live side of the app: the bus, the open streams, the openings clock, the shared renderer, the charge worker. */
export type Live = StreamServices & {
  hub: SseHub; openings: { reschedule(): Promise<void>; stop(): void }; charges: ChargeWorker
}
