import { z } from 'zod'
import type { Db } from '../db/client'
import { recordAudit, countRecent } from './audit'
import { Invalid, TooManyAttempts } from './errors'
import { parseFields } from './fields'
import type { Mailer } from './mail'
import { findPersonByEmail, type Person } from './people'
import { sendSignInLink } from './sign-in-links'

const window = 15 * 60_000
export const signInLimits = { failuresPerEmail: 5, failuresPerAddress: 20, linksPerEmail: 3, linksPerAddress: 10 }

export const signInForm = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Enter your email address.'),
  password: z.string().min(1, 'Enter your password.'),
})
export const linkRequestForm = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Enter your email address.').pipe(z.email('Enter a valid email address.')),
})

// compared against when the email is unknown, so a wrong email costs as long as a wrong password
let decoyHash: Promise<string> | undefined
const decoy = () => (decoyHash ??= Bun.password.hash(crypto.randomUUID(), 'argon2id'))

const tooMany = 'Too many sign-in attempts. Wait 15 minutes, or ask for a sign-in link.'

/** Counts failures by email and by address in the audit log, so limits hold across restarts and processes. */
async function refuseIfLimited(db: Db, action: string, email: string, address: string | null, perEmail: number, perAddress: number) {
  if (await countRecent(db, action, { subject: email }, window) >= perEmail) throw new TooManyAttempts(tooMany)
  if (address && await countRecent(db, action, { address }, window) >= perAddress) throw new TooManyAttempts(tooMany)
}

/** Checks an email and password; wrong ones, unknown ones and disabled accounts are refused and recorded. */
export async function signInWithPassword(db: Db, input: unknown, address: string | null): Promise<Person> {
  const { email, password } = parseFields(signInForm, input)
  await refuseIfLimited(db, 'sign_in_failed', email, address, signInLimits.failuresPerEmail, signInLimits.failuresPerAddress)
  const person = await findPersonByEmail(db, email)
  const matches = await Bun.password.verify(password, person?.passwordHash ?? await decoy())
  if (!person || !person.passwordHash || !matches) {
    await recordAudit(db, { actorId: person?.id, action: 'sign_in_failed', subject: email, address })
    throw new Invalid({ password: 'That email and password do not match. Check them, or ask for a sign-in link.' })
  }
  if (person.disabledAt) {
    await recordAudit(db, { actorId: person.id, action: 'sign_in_failed', subject: email, address })
    throw new Invalid({ email: 'This account has been disabled. Contact your clinic.' })
  }
  await recordAudit(db, { actorId: person.id, action: 'sign_in', address })
  return person
}

/** Emails a one-time link to an active person; says nothing about whether the email is known. */
export async function requestSignInLink(db: Db, input: unknown, effects: { mailer: Mailer; baseUrl: string; clinicName: string; address: string | null }) {
  const { email } = parseFields(linkRequestForm, input)
  await refuseIfLimited(db, 'sign_in_link_requested', email, effects.address, signInLimits.linksPerEmail, signInLimits.linksPerAddress)
  const person = await findPersonByEmail(db, email)
  await recordAudit(db, { actorId: person?.id, action: 'sign_in_link_requested', subject: email, address: effects.address })
  if (person && !person.disabledAt) await sendSignInLink(db, person, effects)
}
