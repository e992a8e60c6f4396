import type { Config } from '../config'
import type { Db } from '../db/client'
import type { Actor } from '../domain/actor'
import type { Clinic } from '../domain/clinic'
import type { Mailer } from '../domain/mail'
import type { Log } from '../log'

/** What every route can read from the context. */
export type AppEnv = {
  Variables: {
    config: Config
    db: Db
    mailer: Mailer
    log: Log
    clinic: Clinic | undefined
    actor: Actor | undefined
    csrfToken: string
    address: string | null
    baseUrl: string
  }
}
