import type { Hono } from 'hono'

type App = Pick<Hono<any>, 'request'>

/** A browser-like client for `app.request`: keeps cookies, sends Origin and the CSRF token like our pages do. */
export class Visitor {
  cookies = new Map<string, string>()
  constructor(private app: App, readonly origin = 'http://localhost') {}

  get csrf() { return this.cookies.get('huddle_csrf') ?? '' }

  async get(path: string, headers: Record<string, string> = {}) {
    return this.send(path, { method: 'GET', headers })
  }

  /** Posts a form with the visitor's CSRF token unless the form already names one. */
  async post(path: string, form: Record<string, string> = {}, headers: Record<string, string> = {}) {
    if (!this.csrf) await this.get('/sign-in')
    const body = new URLSearchParams({ _csrf: this.csrf, ...form })
    return this.send(path, { method: 'POST', body, headers: { origin: this.origin, 'content-type': 'application/x-www-form-urlencoded', ...headers } })
  }

  async send(path: string, init: RequestInit & { headers: Record<string, string> }) {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const response = await this.app.request(path, { ...init, headers: { ...(cookie ? { cookie } : {}), ...init.headers } })
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';')
      const [name, value] = pair!.split('=') as [string, string]
      const expired = attributes.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()))
      if (expired || value === '') this.cookies.delete(name.trim())
      else this.cookies.set(name.trim(), value)
    }
    return response
  }

  /** Signs in with a password and returns the response. */
  async signIn(email: string, password: string) {
    return this.post('/sign-in', { email, password })
  }
}
