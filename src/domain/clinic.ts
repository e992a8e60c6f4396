import { eq } from 'drizzle-orm'
import { z } from 'zod'
import type { Db } from '../db/client'
import { prepared } from '../db/prepared'
import { clinic, people } from '../db/schema'
import { requireAdmin, type Actor } from './actor'
import { recordAudit } from './audit'
import { Invalid, NotFound, Refused } from './errors'
import { clinicName, currency, email, parseFields, passwordProblem, personName, timeZone } from './fields'

export type Clinic = typeof clinic.$inferSelect

const clinicQuery = prepared((db) => db.select().from(clinic).where(eq(clinic.id, 1)).prepare())
// every request reads the clinic row: kept for a second per database, forgotten at once when this process changes
// it (another process's change shows within the second)
const recentClinic = new WeakMap<Db, { row: Clinic; at: number }>()

export async function findClinic(db: Db): Promise<Clinic | undefined> {
  const now = Date.now()
  const recent = recentClinic.get(db)
  if (recent && now - recent.at < 1000 && now >= recent.at) return recent.row
  const row = await clinicQuery(db).get()
  if (row) recentClinic.set(db, { row, at: now })
  return row
}
/** After a change to the clinic row (also one made with plain SQL, as a test does). */
export const forgetClinic = (db: Db) => recentClinic.delete(db)

export async function getClinic(db: Db): Promise<Clinic> {
  const found = await findClinic(db)
  if (!found) throw new NotFound('clinic')
  return found
}

export const firstRunForm = z.object({
  clinicName, timeZone, currency, yourName: personName, email, password: z.string(),
})
export type FirstRunForm = z.infer<typeof firstRunForm>

/** `https://clinic.example/` → `https://clinic.example`; anything but an http(s) address is refused. */
export function originOf(url: string): string {
  let parsed: URL
  try { parsed = new URL(url) } catch { throw new Refused(`${url} is not an address like https://clinic.example.`) }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Refused(`${url} must start with http:// or https://.`)
  return parsed.origin
}

/**
 * Where people reach this install, for links in mail and the CSRF origin check: PUBLIC_URL when set, else the
 * origin first run was completed on. Never a request's Host, which anyone can forge.
 */
export function publicOriginOf(found: Clinic, configured: string | undefined, fallback: string): string {
  return configured ? originOf(configured) : found.publicOrigin ?? fallback
}

/** The operator moves the install to a new address (the CLI's `public-url`). */
export async function setPublicOrigin(db: Db, url: string) {
  const origin = originOf(url)
  await getClinic(db)
  await db.update(clinic).set({ publicOrigin: origin }).where(eq(clinic.id, 1))
  forgetClinic(db)
  return origin
}

/** First run: creates the clinic and its first admin, once, and remembers the origin it was completed on. */
export async function setUpClinic(db: Db, input: unknown, address: string | null, publicOrigin?: string) {
  const form = parseFields(firstRunForm, input)
  const weak = passwordProblem(form.password, 'admin')
  if (weak) throw new Invalid({ password: weak })
  if (await findClinic(db)) throw new Refused('This clinic is already set up. Sign in instead.')
  const passwordHash = await Bun.password.hash(form.password, 'argon2id')
  try {
    return await db.transaction(async (tx) => {
      await tx.insert(clinic).values({ id: 1, name: form.clinicName, timeZone: form.timeZone, currency: form.currency, publicOrigin })
      const [admin] = await tx.insert(people)
        .values({ name: form.yourName, email: form.email, role: 'admin', passwordHash }).returning()
      await recordAudit(tx, { actorId: admin!.id, action: 'clinic_set_up', subject: form.clinicName, address })
      return admin!
    }).finally(() => forgetClinic(db))
  } catch (error) {
    // two first-run forms racing: the clinic row's primary key lets only one through
    if (await findClinic(db)) throw new Refused('This clinic is already set up. Sign in instead.')
    throw error
  }
}

const checkbox = z.union([z.literal('on'), z.literal('true'), z.boolean()]).optional().transform((v) => v !== undefined && v !== false)

export const settingsForm = z.object({ name: clinicName, timeZone, currency, chargesEnabled: checkbox })

/** Admins change the clinic's name, zone, currency and whether it charges through the app. */
export async function updateSettings(db: Db, actor: Actor, input: unknown, opts: { paymentsConfigured: boolean; address: string | null }) {
  requireAdmin(actor)
  const form = parseFields(settingsForm, input)
  if (form.chargesEnabled && !opts.paymentsConfigured) {
    throw new Invalid({ chargesEnabled: 'Charging needs STRIPE_SECRET_KEY set on the server first.' })
  }
  const before = await getClinic(db)
  const changed = (['name', 'timeZone', 'currency', 'chargesEnabled'] as const).filter((k) => before[k] !== form[k])
  await db.transaction(async (tx) => {
    await tx.update(clinic).set(form).where(eq(clinic.id, 1))
    await recordAudit(tx, { actorId: actor.id, action: 'settings_changed', subject: changed.join(',') || 'nothing', address: opts.address })
  })
  forgetClinic(db)
  return getClinic(db)
}
