import { Forbidden } from './errors'

export type Role = 'patient' | 'clinician' | 'admin'
export const roles: readonly Role[] = ['patient', 'clinician', 'admin']

/** The signed-in person acting on a request. */
export type Actor = { id: number; name: string; email: string; role: Role }
/** Who reads, as much as a read needs: what they may see is decided by their id (and memberships) and role. */
export type Viewer = Pick<Actor, 'id' | 'role'>

export const isStaff = (role: Role) => role !== 'patient'

/** Clinicians and admins host conversations and keep the form library; patients do not. */
export function requireStaff(actor: Actor, message = 'Only clinicians and admins can do that.') {
  if (!isStaff(actor.role)) throw new Forbidden(message)
}

export function requireAdmin(actor: Actor) {
  if (actor.role !== 'admin') throw new Forbidden('Only an admin can do that.')
}
