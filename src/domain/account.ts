import { eq } from 'drizzle-orm'
import { z } from 'zod'
import type { Db } from '../db/client'
import { people } from '../db/schema'
import type { Actor } from './actor'
import { recordAudit } from './audit'
import { Invalid } from './errors'
import { parseFields, passwordProblem, personName } from './fields'
import { getPerson } from './people'

const checkbox = z.union([z.literal('on'), z.literal('true'), z.boolean()]).optional().transform((v) => v !== undefined && v !== false)

export const accountForm = z.object({
  name: personName,
  emailNotifications: checkbox,
  newPassword: z.string().max(200).default(''),
  currentPassword: z.string().max(200).default(''),
})

/** What the Notifications page shows of the signed-in person. */
export async function getOwnAccount(db: Db, actor: Actor) {
  const person = await getPerson(db, actor.id)
  return { name: person.name, emailNotifications: person.emailNotifications, hasPassword: !!person.passwordHash }
}

/**
 * The person's own choices: their name, whether notifications about messages are emailed, and a new password
 * (which needs the current one when there is one, so an unattended session cannot take the account over).
 */
export async function updateOwnAccount(db: Db, actor: Actor, input: unknown, address: string | null) {
  const form = parseFields(accountForm, input)
  const person = await getPerson(db, actor.id)
  let passwordHash: string | undefined
  if (form.newPassword) {
    const weak = passwordProblem(form.newPassword, person.role)
    if (weak) throw new Invalid({ newPassword: weak })
    if (person.passwordHash && !await Bun.password.verify(form.currentPassword, person.passwordHash)) {
      throw new Invalid({ currentPassword: 'That is not your current password.' })
    }
    passwordHash = await Bun.password.hash(form.newPassword, 'argon2id')
  }
  await db.transaction(async (tx) => {
    await tx.update(people).set({ name: form.name, emailNotifications: form.emailNotifications, ...(passwordHash ? { passwordHash } : {}) })
      .where(eq(people.id, actor.id))
    await recordAudit(tx, { actorId: actor.id, action: 'account_changed', subject: passwordHash ? 'with password' : null, address })
  })
}
