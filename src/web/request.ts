import type { Context } from 'hono'
import { getConnInfo } from 'hono/bun'
import type { Chrome } from '../../views/chrome'
import type { AppEnv } from './env'
import { assetUrls } from './static'

/**
 * The event stream every open page holds. Its response is made whole with its headers and never touched after: in
 * Bun, reading or setting a streaming response's headers afterwards keeps a copy of them for as long as the page stays
 * open (about 4 KiB per page with the security headers, measured on a bare server).
 */
export const isEventStreamPath = (path: string) => path === '/live'

/** The one route that takes a streamed multipart body (and its CSRF token in the URL). */
export const isUploadPath = (path: string) => /^\/conversations\/[^/]+\/files$/.test(path)

/** A request's path as logs may hold it: a sign-in link's token is a password, so it never reaches a log. */
export const loggablePath = (c: Context<AppEnv>) => c.req.path.replace(/^\/sign-in\/link\/[^/]+/, '/sign-in/link/[token]')

/** The caller's address, for the audit log and sign-in limits: the proxy's X-Forwarded-For only when told to trust it. */
export function addressOf(c: Context<AppEnv>): string | null {
  if (c.get('config').trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
    if (forwarded) return forwarded
  }
  try {
    return getConnInfo(c).remote.address ?? null
  } catch {
    return null // app.request in tests has no socket
  }
}

export function chrome(c: Context<AppEnv>): Chrome {
  return {
    actor: c.get('actor'),
    csrf: c.get('csrfToken'),
    clinicName: c.get('clinic')?.name,
    chargesEnabled: !!c.get('clinic')?.chargesEnabled,
    assets: assetUrls,
  }
}

/** What domain functions that queue mail need, and the worker to wake once their transaction commits. */
export function mailContext(c: Context<AppEnv>) {
  return { baseUrl: c.get('baseUrl'), clinicName: c.get('clinic')!.name, address: addressOf(c), mailQueued: () => c.get('mail').wake() }
}

/** The submitted form as plain strings (files and repeated fields come later with their own parsers). */
export async function formValues(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody()
  const values: Record<string, string> = {}
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string' && key !== '_csrf') values[key] = value
  return values
}
