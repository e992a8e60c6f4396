import { Forbidden } from './errors'

export type Role = 'patient' | 'clinician' | 'admin'
export const roles: readonly Role[] = ['patient', 'clinician', 'admin']

/** The signed-in person acting on a request. */
export type Actor = { id: number; name: string; email: string; role: Role }

export const isStaff = (role: Role) => role !== 'patient'

export function requireAdmin(actor: Actor) {
  if (actor.role !== 'admin') throw new Forbidden('Only an admin can do that.')
}
