import { expect, test } from 'bun:test'
import { completeConversation } from '../../src/domain/complete'
import { listConversations, samePeopleAs } from '../../src/domain/conversations'
import { Forbidden, NotFound, Refused } from '../../src/domain/errors'
import { aClinicWithPeople, aConversation } from '../support/conversations'

const refusal = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a refusal') }, (e) => e)

test('only the host completes, once; the conversation is Archived for every member and stays so', async () => {
  const world = await aClinicWithPeople(2)
  const { id } = await aConversation(world, world.host, [world.patients[0]!])
  expect(await refusal(completeConversation(world.db, world.patients[0]!, id, { clinic: world.clinic, canCharge: false, anyway: false, address: null }))).toBeInstanceOf(Forbidden)
  expect(await refusal(completeConversation(world.db, world.patients[1]!, id, { clinic: world.clinic, canCharge: false, anyway: false, address: null }))).toBeInstanceOf(NotFound)
  expect(await completeConversation(world.db, world.host, id, { clinic: world.clinic, canCharge: false, anyway: false, address: null }))
    .toEqual({ kind: 'confirm-archive' }) // asked once: it cannot be undone
  const [first, second] = await Promise.allSettled([1, 2].map(() => completeConversation(world.db, world.host, id, { clinic: world.clinic, canCharge: false, anyway: true, address: null })))
  expect([first.status, second.status].sort()).toEqual(['fulfilled', 'rejected'])
  expect(((first.status === 'rejected' ? first : second) as PromiseRejectedResult).reason).toBeInstanceOf(Refused)
  for (const member of [world.host, world.patients[0]!]) expect((await listConversations(world.db, member)).archived.map((c) => c.id)).toEqual([id])
  await expect(world.client.execute({ sql: 'UPDATE conversations SET archived_at = NULL WHERE id = ?', args: [id] })).rejects.toThrow(/stays archived/)
})

test('only the host may start again with the same people; they get the subject and emails', async () => {
  const world = await aClinicWithPeople(2)
  const { id } = await aConversation(world, world.host, world.patients)
  expect(await samePeopleAs(world.db, world.host, id)).toEqual({ subject: 'Tuesday group', emails: world.patients.map((p) => p.email) })
  expect(await refusal(samePeopleAs(world.db, world.patients[0]!, id))).toBeInstanceOf(Forbidden)
  expect(await refusal(samePeopleAs(world.db, world.admin, id))).toBeInstanceOf(NotFound)
})
