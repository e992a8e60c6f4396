import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import { endSession, resumeSession, startSession } from '../../domain/sessions'
import type { AppEnv } from '../env'

const secure = (c: Context<AppEnv>) => c.var.baseUrl.startsWith('https:')
export const sessionCookieName = (c: Context<AppEnv>) => (secure(c) ? '__Host-huddle_session' : 'huddle_session')

/** Loads the signed-in person, if any, from the session cookie. */
export const loadSession = createMiddleware<AppEnv>(async (c, next) => {
  const id = getCookie(c, sessionCookieName(c))
  const { sessionIdleMinutes, sessionMaxHours } = c.var.config
  const actor = id ? await resumeSession(c.var.db, id, { idleMs: sessionIdleMinutes * 60_000, maxMs: sessionMaxHours * 3_600_000 }) : undefined
  if (id && !actor) deleteCookie(c, sessionCookieName(c), { path: '/', secure: secure(c) })
  c.set('actor', actor)
  await next()
})

export async function signIn(c: Context<AppEnv>, personId: number) {
  const id = await startSession(c.var.db, personId)
  setCookie(c, sessionCookieName(c), id, {
    path: '/', httpOnly: true, sameSite: 'Lax', secure: secure(c), maxAge: c.var.config.sessionMaxHours * 3600,
  })
}

export async function signOut(c: Context<AppEnv>) {
  const id = getCookie(c, sessionCookieName(c))
  if (id) await endSession(c.var.db, id)
  deleteCookie(c, sessionCookieName(c), { path: '/', secure: secure(c) })
}

/** Pages behind sign-in send strangers to the sign-in page (htmx gets a redirect header). */
export const requireSignIn = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.actor) return next()
  if (c.req.header('hx-request')) return c.body(null, 401, { 'HX-Redirect': '/sign-in' })
  return c.redirect('/sign-in', 303)
})
