import { join, resolve } from 'node:path'

/** Everything the app reads from the environment, with defaults that work on a laptop. */
export type Config = {
  port: number
  dataDir: string
  databaseUrl: string
  publicUrl: string | undefined
  smtpUrl: string | undefined
  mailFrom: string
  stripeSecretKey: string | undefined
  stripeWebhookSecret: string | undefined
  stripeApiUrl: string | undefined
  /** How long one Stripe request may take before the charge is tried again later. */
  stripeTimeoutMs: number
  maxUploadMb: number
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent'
  trustProxy: boolean
  sessionIdleMinutes: number
  sessionMaxHours: number
  /** Unread messages wait this long, with no page of them open, before a reminder email. */
  unreadReminderMs: number
  /** Live events across processes (several on one box, or several boxes): a Redis pub/sub URL. */
  redisUrl: string | undefined
  /** Server processes to start on this box, sharing the port, the database and the files folder. */
  webConcurrency: number
  /** This process is one of several its supervisor started (src/workers.ts). */
  worker: boolean
}

/** A database URL as it may be printed: no password, no auth token. */
export const printableUrl = (url: string) =>
  url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@').replace(/([?&](authToken|auth_token)=)[^&]+/i, '$1***')

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const dataDir = resolve(env.DATA_DIR || './data')
  return {
    port: Number(env.PORT || 3000),
    dataDir,
    databaseUrl: env.DATABASE_URL || `file:${join(dataDir, 'huddle.db')}`,
    publicUrl: env.PUBLIC_URL?.replace(/\/$/, '') || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'Huddle <no-reply@localhost>',
    stripeSecretKey: env.STRIPE_SECRET_KEY || undefined,
    stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET || undefined,
    stripeApiUrl: env.STRIPE_API_URL || undefined,
    stripeTimeoutMs: Number(env.STRIPE_TIMEOUT_SECONDS || 20) * 1000,
    maxUploadMb: Number(env.MAX_UPLOAD_MB || 25),
    logLevel: (env.LOG_LEVEL as Config['logLevel']) || 'info',
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    sessionIdleMinutes: Number(env.SESSION_IDLE_MINUTES || 30),
    sessionMaxHours: Number(env.SESSION_MAX_HOURS || 12),
    unreadReminderMs: Number(env.UNREAD_REMINDER_MINUTES || 15) * 60_000,
    redisUrl: env.REDIS_URL || undefined,
    worker: env.HUDDLE_WORKER === '1',
    webConcurrency: Math.max(1, Math.floor(Number(env.WEB_CONCURRENCY || 1)) || 1),
  }
}
