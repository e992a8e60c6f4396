import { anApp, firstRunInput } from './world'
import { Visitor } from './visitor'
import type { Config } from '../../src/config'

/** A set-up clinic, its admin signed in, and a way to add and sign in more people by their emailed link. */
export async function aSignedInAdmin(overrides: Partial<Config> = {}) {
  const world = await anApp(overrides)
  const admin = new Visitor(world.app)
  await admin.post('/setup', firstRunInput)

  async function aSignedInPerson(name: string, email: string, role: 'patient' | 'clinician' | 'admin', password?: string) {
    const added = await admin.post('/people', { name, email, role })
    if (added.status !== 303) throw new Error(`adding ${email} answered ${added.status}`)
    const visitor = new Visitor(world.app)
    const signedIn = await visitor.post(await world.mailbox.linkFor(email), password ? { password } : {})
    if (signedIn.status !== 303) throw new Error(`signing ${email} in answered ${signedIn.status}`)
    return visitor
  }
  return { ...world, admin, aSignedInPerson }
}
