import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { compress } from 'hono/compress'
import { secureHeaders } from 'hono/secure-headers'
import type { Config } from '../config'
import { join } from 'node:path'
import { openDatabase, type Database } from '../db/client'
import { LocalFileStore, type FileStore } from '../db/file-store'
import { findClinic } from '../domain/clinic'
import { createMailer, type Mailer } from '../domain/mail'
import { createLog, type Log } from '../log'
import { MemoryBus, type Bus } from '../live/bus'
import { ChargeWorker } from '../live/charge-worker'
import { startOpeningsClock } from '../live/openings'
import { ReadMarkBuffer } from '../live/read-marks'
import { SseHub } from '../live/sse'
import type { AppEnv, Live } from './env'
import { LiveRenderer } from './live-render'
import { handleError, notFound } from './errors'
import { csrfProtection } from './middleware/csrf'
import { loadSession, requireSignIn } from './middleware/session'
import { clientAddress } from './request'
import { firstRunRoutes } from './routes/first-run'
import { chargeRoutes } from './routes/charges'
import { conversationRoutes } from './routes/conversations'
import { exportRoutes } from './routes/exports'
import { paymentMethodRoutes } from './routes/payment-method'
import { stripeFor } from './stripe'
import { fileRoutes } from './routes/files'
import { formRoutes } from './routes/forms'
import { liveRoutes } from './routes/live'
import { pageRoutes } from './routes/pages'
import { peopleRoutes } from './routes/people'
import { settingsRoutes } from './routes/settings'
import { signInRoutes } from './routes/sign-in'
import { stripeWebhookRoutes } from './routes/stripe-webhook'
import { staticRoutes } from './static'

export type AppServices = { database?: Database; mailer?: Mailer; log?: Log; bus?: Bus; fileStore?: FileStore }

// only the app itself (no CDN, no inline script or style); forms may also lead to Stripe's hosted card page
const contentSecurityPolicy = (config: Config) => ({
  defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'], connectSrc: ["'self'"],
  formAction: ["'self'", 'https://checkout.stripe.com', ...(config.stripeApiUrl ? [new URL(config.stripeApiUrl).origin] : [])],
  frameAncestors: ["'none'"], baseUri: ["'none'"], objectSrc: ["'none'"],
})

/** Builds the whole web app over an opened database; tests call `app.request` on it without a port. */
export async function createApp(config: Config, services: AppServices = {}) {
  const log = services.log ?? createLog(config.logLevel)
  const database = services.database ?? await openDatabase(config.databaseUrl)
  const { db } = database
  const mailer = services.mailer ?? createMailer(db, { smtpUrl: config.smtpUrl, from: config.mailFrom, log })
  const bus = services.bus ?? new MemoryBus()
  const stripe = stripeFor(config)
  const fileStore = services.fileStore ?? new LocalFileStore(join(config.dataDir, 'files'))
  const charges = new ChargeWorker(db, stripe, bus, log, { concurrency: 5, timeoutMs: config.stripeTimeoutMs })
  const live: Live = { bus, hub: new SseHub(), openings: startOpeningsClock(db, bus), renderer: new LiveRenderer(db), readMarks: new ReadMarkBuffer(db), charges }
  await charges.start()
  const app = new Hono<AppEnv>()

  app.use(async (c, next) => {
    c.set('config', config)
    c.set('db', db)
    c.set('mailer', mailer)
    c.set('log', log)
    c.set('live', live)
    c.set('files', fileStore)
    c.set('stripe', stripe)
    c.set('baseUrl', config.publicUrl ?? new URL(c.req.url).origin)
    c.set('address', clientAddress(c, config.trustProxy))
    await next()
  })
  app.use(secureHeaders({ contentSecurityPolicy: contentSecurityPolicy(config), referrerPolicy: 'same-origin', crossOriginEmbedderPolicy: false }))
  app.use(compress())
  app.get('/healthz', async (c) => {
    await database.client.execute('SELECT 1')
    return c.text('ok')
  })
  app.route('/', staticRoutes)
  const formLimit = bodyLimit({ maxSize: 256 * 1024, onError: (c) => c.text('That form is too large.', 413) })
  // uploads are limited while they stream to disk (MAX_UPLOAD_MB), every other body here
  app.use((c, next) => (c.req.method === 'POST' && /^\/conversations\/[^/]+\/files$/.test(c.req.path) ? next() : formLimit(c, next)))
  app.route('/', stripeWebhookRoutes)
  app.use(csrfProtection)
  app.use(async (c, next) => {
    c.set('clinic', await findClinic(db))
    if (!c.var.clinic && c.req.path !== '/setup') return c.redirect('/setup', 303)
    await next()
  })
  app.use(loadSession)
  app.route('/', firstRunRoutes)
  app.route('/', signInRoutes)
  app.get('/', (c) => c.redirect(c.var.actor ? '/messages' : '/sign-in', 303))
  app.use(requireSignIn)
  app.route('/', conversationRoutes)
  app.route('/', liveRoutes)
  app.route('/', fileRoutes)
  app.route('/', formRoutes)
  app.route('/', exportRoutes)
  app.route('/', paymentMethodRoutes)
  app.route('/', chargeRoutes)
  app.route('/', pageRoutes)
  app.route('/', peopleRoutes)
  app.route('/', settingsRoutes)
  app.notFound(notFound)
  app.onError(handleError)

  const close = async () => {
    live.hub.close()
    live.openings.stop()
    live.readMarks.stop()
    await charges.stop()
    database.client.close()
  }
  return { app, database, mailer, live, fileStore, close }
}
