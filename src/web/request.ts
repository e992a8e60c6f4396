import type { Context } from 'hono'
import { getConnInfo } from 'hono/bun'
import type { Chrome } from '../../views/chrome'
import type { AppEnv } from './env'
import { assetUrls } from './static'

/** The one route that takes a streamed multipart body (and its CSRF token in the URL). */
export const isUploadPath = (path: string) => /^\/conversations\/[^/]+\/files$/.test(path)

/** A request's path as logs may hold it: a sign-in link's token is a password, so it never reaches a log. */
export const loggablePath = (c: Context<AppEnv>) => c.req.path.replace(/^\/sign-in\/link\/[^/]+/, '/sign-in/link/[token]')

/** The caller's address: the proxy's X-Forwarded-For only when told to trust it. */
export function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string | null {
  if (trustProxy) {
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
    actor: c.var.actor,
    csrf: c.var.csrfToken,
    clinicName: c.var.clinic?.name,
    chargesEnabled: !!c.var.clinic?.chargesEnabled,
    assets: assetUrls,
  }
}

/** What domain functions that queue mail need, and the worker to wake once their transaction commits. */
export function mailContext(c: Context<AppEnv>) {
  return { baseUrl: c.var.baseUrl, clinicName: c.var.clinic!.name, address: c.var.address, mailQueued: () => c.var.mail.wake() }
}

/** The submitted form as plain strings (files and repeated fields come later with their own parsers). */
export async function formValues(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody()
  const values: Record<string, string> = {}
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string' && key !== '_csrf') values[key] = value
  return values
}
