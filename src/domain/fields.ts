import { z } from 'zod'
import type { Role } from './actor'
import { Invalid } from './errors'

/**
 * Every stored text ends its lines with \n alone: SSE also ends a line at a lone \r, so a stored \r could start
 * a field (`id:`, `event:`) in someone else's live stream. Normalised here, at the domain's edge, for every text.
 */
export const normaliseLineBreaks = (text: string) => text.replace(/\r\n?/g, '\n')
export const storedText = () => z.string().overwrite(normaliseLineBreaks)

/** Field rules shared by every form that asks for them. */
const timeZones = new Set(Intl.supportedValuesOf('timeZone').concat('UTC'))
const currencies = new Set(Intl.supportedValuesOf('currency'))

export const supportedTimeZones = [...timeZones].sort()
export const supportedCurrencies = [...currencies].sort()

export const personName = storedText().trim()
  .min(1, 'Enter a name.')
  .max(120, 'Keep the name under 120 characters.')

export const email = z.string().trim().toLowerCase()
  .min(1, 'Enter an email address.')
  .max(254, 'That email address is too long.')
  .pipe(z.email('Enter a valid email address, like name@example.com.'))

export const timeZone = z.string().refine((v) => timeZones.has(v), 'Choose a time zone from the list.')
export const currency = z.string().trim().toUpperCase()
  .refine((v) => currencies.has(v), 'Choose a currency from the list (a three-letter code such as EUR).')

export const clinicName = storedText().trim()
  .min(1, 'Enter the clinic name.')
  .max(120, 'Keep the clinic name under 120 characters.')

export const minimumPasswordLength = (role: Role) => (role === 'patient' ? 8 : 12)

/** Staff passwords need 12 characters, patients' 8; none may exceed what argon2 input should take. */
export function passwordProblem(password: string, role: Role): string | undefined {
  const min = minimumPasswordLength(role)
  if (password.length < min) return `Use at least ${min} characters.`
  if (password.length > 200) return 'Use at most 200 characters.'
}

/** zod's issues as one message per field, the first for each. */
export function fieldMessages(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = issue.path.join('.') || 'form'
    fields[key] ??= issue.message
  }
  return fields
}

/** Parses input with a schema, throwing the domain's Invalid with per-field messages. */
export function parseFields<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input)
  if (!result.success) throw new Invalid(fieldMessages(result.error))
  return result.data
}
