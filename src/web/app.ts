import { Hono, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { createMiddleware } from 'hono/factory'
import { secureHeaders } from 'hono/secure-headers'
import type { Config } from '../config'
import { join } from 'node:path'
import { checkpoint, openDatabase, type Database } from '../db/client'
import { LocalFileStore, type FileStore } from '../db/file-store'
import { findClinic, getClinic, originOf, publicOriginOf } from '../domain/clinic'
import { queueOpenedNotifications } from '../domain/notifications'
import type { MailTransport } from '../domain/mail'
import { createLog, type Log } from '../log'
import { MemoryBus, type Bus } from '../live/bus'
import { RedisBus } from '../live/redis-bus'
import { ChargeWorker } from '../live/charge-worker'
import { MailWorker, smtpTransport } from '../live/mail-worker'
import { startOpeningsClock } from '../live/openings'
import { startSessionSweep } from '../live/session-sweep'
import { PagePresence } from '../live/presence'
import { startUnreadReminders } from '../live/unread-reminders'
import { SseHub } from '../live/sse'
import { ConversationLists } from '../live/lists'
import { relayChanges } from '../live/relay'
import { ConversationTails } from '../live/tail'
import type { AppEnv, Live } from './env'
import { LiveRenderer } from '../live/render'
import { handleError, notFound } from './errors'
import { csrfProtection } from './middleware/csrf'
import { loadSession, requireSignIn, sessionPolicy } from './middleware/session'
import { asConversationMember, conversationPath } from './middleware/membership'
import { isEventStreamPath, isUploadPath } from './request'
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
import { notificationRoutes } from './routes/notifications'
import { signInRoutes } from './routes/sign-in'
import { stripeWebhookRoutes } from './routes/stripe-webhook'
import { compression } from './compression'
import { staticRoutes } from './static'

export type AppServices = { database?: Database; mailTransport?: MailTransport; log?: Log; bus?: Bus; fileStore?: FileStore }

const isUpload = (method: string, path: string) => method === 'POST' && isUploadPath(path)

const exceptEventStreams = (middleware: MiddlewareHandler): MiddlewareHandler => (c, next) =>
  isEventStreamPath(c.req.path) ? next() : middleware(c, next)

// only the app itself (no CDN, no inline script or style); forms may also lead to Stripe's hosted card page
const contentSecurityPolicy = (config: Config) => ({
  defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'], connectSrc: ["'self'"],
  formAction: ["'self'", 'https://checkout.stripe.com', ...(config.stripeApiUrl ? [new URL(config.stripeApiUrl).origin] : [])],
  frameAncestors: ["'none'"], baseUri: ["'none'"], objectSrc: ["'none'"],
})

/** With REDIS_URL, the Redis bus, waited for up to 3 s; a server whose Redis is down starts degraded and links later. */
async function busFor(config: Config, log: Log): Promise<Bus> {
  if (!config.redisUrl) return new MemoryBus()
  const bus = new RedisBus(config.redisUrl, log)
  if (!await bus.ready(3000)) log.warn('live bus (Redis) not reachable yet: starting degraded, linking when it answers')
  return bus
}

/** Builds the whole web app over an opened database; tests call `app.request` on it without a port. */
export async function createApp(config: Config, services: AppServices = {}) {
  const log = services.log ?? createLog(config.logLevel)
  const database = services.database ?? await openDatabase(config.databaseUrl)
  const { db } = database
  const transport = services.mailTransport ?? (config.smtpUrl ? smtpTransport(config.smtpUrl, config.mailFrom) : undefined)
  const mail = new MailWorker(db, transport, log)
  // installs set up before the origin was stored: PUBLIC_URL or the CLI's public-url sets it
  const unstoredOrigin = `http://localhost:${config.port}`
  const existing = await findClinic(db)
  // mail that no request causes (a conversation opening, reminders) names the install the same way requests do
  const mailContextNow = async () => {
    const found = await getClinic(db)
    return { baseUrl: publicOriginOf(found, config.publicUrl, unstoredOrigin), clinicName: found.name, mailQueued: () => mail.wake() }
  }
  if (existing && !existing.publicOrigin && !config.publicUrl) {
    log.warn('no public address stored: links in mail use it until PUBLIC_URL is set or `npm run cli -- public-url URL` is run',
      { origin: unstoredOrigin })
  }
  const bus = services.bus ?? await busFor(config, log)
  const stripe = stripeFor(config)
  const fileStore = services.fileStore ?? new LocalFileStore(join(config.dataDir, 'files'))
  const charges = new ChargeWorker(db, stripe, bus, log, { concurrency: 5, timeoutMs: config.stripeTimeoutMs })
  const openings = startOpeningsClock(db, bus, undefined, async (id) => queueOpenedNotifications(db, id, await mailContextNow()))
  const live: Live = { db, bus, hub: new SseHub(), openings, renderer: new LiveRenderer(db), presence: new PagePresence(db), charges,
    tails: new ConversationTails(db), lists: new ConversationLists(db) }
  relayChanges(db, bus, { charges, openings })
  await charges.start(!config.worker) // a worker's supervisor resumed them once, before any worker started
  mail.start()
  const sessionSweep = startSessionSweep(db, sessionPolicy(config), log)
  const reminders = startUnreadReminders(db, config.unreadReminderMs, mailContextNow, log)
  const app = new Hono<AppEnv>()

  app.use(async (c, next) => {
    c.set('config', config)
    c.set('db', db)
    c.set('mail', mail)
    c.set('log', log)
    c.set('live', live)
    c.set('files', fileStore)
    c.set('stripe', stripe)
    await next()
  })
  // an event stream is never a document and never compressed; it carries its own few headers (src/live/sse.ts)
  app.use(exceptEventStreams(secureHeaders({ contentSecurityPolicy: contentSecurityPolicy(config), referrerPolicy: 'same-origin', crossOriginEmbedderPolicy: false })))
  app.use(exceptEventStreams(compression()))
  app.get('/healthz', async (c) => {
    await database.client.execute('SELECT 1')
    // still 200: the app serves; only pages on other processes wait for the bus to return
    return c.text(bus.health === 'ok' ? 'ok' : 'degraded: live bus (Redis) unreachable')
  })
  app.route('/', staticRoutes)
  const formLimit = bodyLimit({ maxSize: 256 * 1024, onError: (c) => c.text('That form is too large.', 413) })
  const uploadLimit = (config.maxUploadMb + 1) * 1024 * 1024
  // an upload streams to disk after its sender is known; anything else on that path is refused unread
  app.use(createMiddleware<AppEnv>(async (c, next) => {
    if (!isUpload(c.req.method, c.req.path)) return formLimit(c, next)
    if (!(c.req.header('content-type') ?? '').startsWith('multipart/form-data')) return c.text('Send files with the upload form.', 415)
    if (Number(c.req.header('content-length') ?? 0) > uploadLimit) return c.text(`That file is larger than ${config.maxUploadMb} MB.`, 413)
    await next()
  }))
  app.route('/', stripeWebhookRoutes)
  app.use(async (c, next) => {
    const found = await findClinic(db)
    c.set('clinic', found)
    // before first run there is nothing to protect yet: the origin it is completed on becomes the install's
    const beforeFirstRun = config.publicUrl ? originOf(config.publicUrl) : new URL(c.req.url).origin
    c.set('baseUrl', found ? publicOriginOf(found, config.publicUrl, unstoredOrigin) : beforeFirstRun)
    await next()
  })
  app.use(loadSession) // before the CSRF check, so that its refusal is a page with the person's navigation
  app.use(csrfProtection)
  app.use(async (c, next) => {
    if (!c.get('clinic') && c.req.path !== '/setup') return c.redirect('/setup', 303)
    await next()
  })
  app.route('/', firstRunRoutes)
  app.route('/', signInRoutes)
  app.get('/', (c) => c.redirect(c.get('actor') ? '/messages' : '/sign-in', 303))
  app.use(requireSignIn)
  app.use(conversationPath, asConversationMember)
  app.use(`${conversationPath}/*`, asConversationMember)
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
  app.route('/', notificationRoutes)
  app.notFound(notFound)
  app.onError(handleError)

  /** Ends event streams (their pages reconnect, elsewhere if there is an elsewhere), lets the workers finish their step, writes what is buffered, checkpoints the WAL and closes the database. */
  const close = async () => {
    live.hub.close()
    sessionSweep.stop()
    reminders.stop()
    live.openings.stop()
    await charges.stop()
    await mail.stop()
    live.presence.stop()
    await live.presence.flush()
    bus.close()
    await checkpoint(database)
    database.client.close()
  }
  return { app, database, mail, live, fileStore, close }
}
