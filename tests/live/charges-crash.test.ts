import { afterEach, expect, test } from 'bun:test'
import { dirname } from 'node:path'
import { aChargingClinic } from '../support/conversations'
import { startFakeStripe } from '../support/fake-stripe'
import { databaseReader, startServer } from '../support/processes'

const cleanup: (() => unknown)[] = []
afterEach(async () => { for (const step of cleanup.splice(0).reverse()) await step() })

test('a server killed (kill -9) while charging resumes on its next start: one charge each, none lost', async () => {
  const fake = startFakeStripe({ timeoutMs: 60_000 })
  cleanup.push(() => fake.stop())
  const world = await aChargingClinic(3)
  for (const patient of world.patients) await world.giveCard(patient, fake.savedCard())
  const { id } = await world.paidConversation(['40', '25', '10'])
  expect((await world.complete(id)).kind).toBe('completed')
  const file = (await world.client.execute('PRAGMA database_list')).rows[0]!.file as string
  world.client.close()

  // two charges are made but their answers never come back; the third request never gets through
  fake.fail('timeout', 2)
  fake.fail('hang', 1)
  const env = { STRIPE_SECRET_KEY: 'sk_test_fake', STRIPE_API_URL: fake.url, STRIPE_TIMEOUT_SECONDS: '60', LOG_LEVEL: 'silent' }
  const first = await startServer(dirname(file), env)
  cleanup.push(() => first.stop())
  for (let i = 0; fake.chargeRequests() < 3; i++) {
    if (i > 500) throw new Error('the worker never sent the three charges')
    await Bun.sleep(20)
  }
  await first.kill9()
  const reader = databaseReader(file)
  cleanup.push(() => reader.close())
  const statuses = async () => (await reader.execute({ sql: 'SELECT status FROM charges WHERE conversation_id = ? ORDER BY id', args: [id] })).rows.map((r) => r.status)
  expect(await statuses()).toEqual(['pending', 'pending', 'pending'])
  expect(fake.charges).toHaveLength(2)

  const second = await startServer(dirname(file), env)
  cleanup.push(() => second.stop())
  // up to 30 s: on a loaded CI machine the restart alone has taken most of 10 s
  for (let i = 0; (await statuses()).includes('pending'); i++) {
    if (i > 1500) throw new Error(`charges still pending after the restart: ${await statuses()}`)
    await Bun.sleep(20)
  }
  expect(await statuses()).toEqual(['succeeded', 'succeeded', 'succeeded'])
  const chargedIds = fake.charges.map((c) => (c.metadata as Record<string, string>).charge_id).sort()
  const rowIds = (await reader.execute({ sql: 'SELECT id FROM charges WHERE conversation_id = ? ORDER BY id', args: [id] })).rows.map((r) => String(r.id)).sort()
  expect(chargedIds).toEqual(rowIds)
})
