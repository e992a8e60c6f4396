import type { Actor } from '../src/domain/actor'

/** What every full page needs from the request: who is signed in, the CSRF token, the clinic's name. */
export type Chrome = {
  actor?: Actor
  csrf: string
  clinicName?: string
  chargesEnabled?: boolean
  assets: { css: string; scripts: string[] }
}

export type FieldErrors = Record<string, string | undefined>
export type FormValues = Record<string, string | undefined>
