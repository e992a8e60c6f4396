import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import { endSession, resumeSession, startSession, type SessionPolicy } from '../../domain/sessions'
import type { AppEnv } from '../env'
import { isEventStreamPath } from '../request'

const secure = (c: Context<AppEnv>) => c.get('baseUrl').startsWith('https:')
export const sessionCookieName = (c: Context<AppEnv>) => (secure(c) ? '__Host-huddle_session' : 'huddle_session')

export const sessionPolicy = (config: { sessionIdleMinutes: number; sessionMaxHours: number }): SessionPolicy =>
  ({ idleMs: config.sessionIdleMinutes * 60_000, maxMs: config.sessionMaxHours * 3_600_000 })

/** Loads the signed-in person, if any, from the session cookie; an open page's event stream does not count as activity. */
export const loadSession = createMiddleware<AppEnv>(async (c, next) => {
  const id = getCookie(c, sessionCookieName(c))
  const touch = !isEventStreamPath(c.req.path)
  const resumed = id ? await resumeSession(c.get('db'), id, sessionPolicy(c.get('config')), Date.now(), touch) : undefined
  if (id && !resumed) deleteCookie(c, sessionCookieName(c), { path: '/', secure: secure(c) })
  if (resumed) {
    const { sessionHash, ...actor } = resumed
    c.set('actor', actor)
    c.set('sessionHash', sessionHash)
  } else c.set('actor', undefined)
  await next()
})

export async function signIn(c: Context<AppEnv>, personId: number) {
  const id = await startSession(c.get('db'), personId)
  setCookie(c, sessionCookieName(c), id, {
    path: '/', httpOnly: true, sameSite: 'Lax', secure: secure(c), maxAge: c.get('config').sessionMaxHours * 3600,
  })
}

/** Ends this session and, at once, the event streams its pages hold open (on every process, through the bus). */
export async function signOut(c: Context<AppEnv>) {
  const id = getCookie(c, sessionCookieName(c))
  if (id) await endSession(c.get('db'), id)
  deleteCookie(c, sessionCookieName(c), { path: '/', secure: secure(c) })
}

/** Pages behind sign-in send strangers to the sign-in page (htmx gets a redirect header); what they show is never cached. */
export const requireSignIn = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get('actor')) {
    if (c.req.header('hx-request')) return c.body(null, 401, { 'HX-Redirect': '/sign-in' })
    return c.redirect('/sign-in', 303)
  }
  await next()
  if (!isEventStreamPath(c.req.path) && !c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store')
})
