import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import { timingSafeEqual } from 'node:crypto'
import { randomToken } from '../../domain/tokens'
import type { AppEnv } from '../env'
import { ErrorPage } from '../../../views/pages/error'
import { chrome, isUploadPath, loggablePath } from '../request'

const cookieName = 'huddle_csrf'
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

const sameToken = (a: string | undefined, b: string) =>
  !!a && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

/**
 * Every state-changing request, htmx or not, must come from our own origin and carry the token
 * from its cookie, in the `_csrf` form field or the `X-CSRF-Token` header that htmx sends.
 */
export const csrfProtection = createMiddleware<AppEnv>(async (c, next) => {
  let token = getCookie(c, cookieName)
  if (!token) token = rotateCsrfToken(c)
  c.set('csrfToken', token)
  if (safeMethods.has(c.req.method)) return next()
  if (!fromOwnOrigin(c) || !sameToken(await submittedToken(c), token)) {
    c.get('log').warn('csrf refused', { path: loggablePath(c), origin: c.req.header('origin') ?? null })
    const message = 'This form has expired or came from another site. Reload the page and try again.'
    if (c.req.header('hx-request')) return c.text(message, 403)
    // back to where the form was, when that was here; a page with the navigation, not a bare line of text
    const back = sameOriginPath(c.req.header('referer'), c.get('baseUrl'))
    return c.html(<ErrorPage chrome={chrome(c)} title="This form has expired" message={message} back={back} />, 403)
  }
  return next()
})

export function rotateCsrfToken(c: Context<AppEnv>) {
  const token = randomToken()
  setCookie(c, cookieName, token, { path: '/', httpOnly: true, sameSite: 'Lax', secure: c.get('baseUrl').startsWith('https:') })
  c.set('csrfToken', token)
  return token
}

/**
 * Compared with the install's public origin, never one derived from the request's Host (anyone can send any Host).
 * Text browsers (lynx, w3m) send neither Origin nor Referer: such a request rests on its token alone.
 */
function fromOwnOrigin(c: Context<AppEnv>) {
  const origin = c.req.header('origin')
  if (origin) return origin === c.get('baseUrl')
  const referer = c.req.header('referer')
  if (referer) return URL.parse(referer)?.origin === c.get('baseUrl')
  const site = c.req.header('sec-fetch-site')
  return !site || site === 'same-origin' || site === 'none'
}

const sameOriginPath = (url: string | undefined, origin: string) => {
  const parsed = url ? URL.parse(url) : null
  return parsed?.origin === origin ? parsed.pathname : undefined
}

async function submittedToken(c: Context<AppEnv>) {
  const header = c.req.header('x-csrf-token')
  if (header) return header
  const type = c.req.header('content-type') ?? ''
  // uploads stream to disk, so their token rides in the form's action URL; nowhere else may a URL carry it
  if (type.startsWith('multipart/form-data')) return isUploadPath(c.req.path) ? c.req.query('_csrf') : undefined
  if (!type.startsWith('application/x-www-form-urlencoded')) return undefined
  const field = (await c.req.parseBody())._csrf
  return typeof field === 'string' ? field : undefined
}
