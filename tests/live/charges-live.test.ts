import { afterEach, expect, test } from 'bun:test'
import { aChargingGroup } from '../support/charging'
import { SseClient } from '../support/sse-client'

const groups: { stop(): Promise<void> }[] = []
afterEach(async () => { await Promise.all(groups.splice(0).map((g) => g.stop())) })

test('the host\'s open page sees charges settle live; a participant\'s page never gets them', async () => {
  const g = await aChargingGroup(2)
  groups.push(g)
  for (const p of g.patients) await g.addCard(p)
  const id = await g.openPaid(['40', '12'])
  const base = `http://localhost:${g.server.port}`
  const host = new SseClient(base, `/live?c=${id}`, g.host)
  const patient = new SseClient(base, `/live?c=${id}`, g.patients[0]!)
  await Promise.all([host.connect(), patient.connect()])
  expect((await g.host.post(`/conversations/${id}/complete`)).status).toBe(303)
  await g.settled(id)
  await host.waitFor(() => host.frames.some((f) => f.data.includes('2 of 2 paid')))
  const panels = host.frames.filter((f) => f.data.includes('aria-label="Charges"'))
  expect(panels.at(-1)!.data).toContain('id="charges-panel" class="panel" aria-label="Charges" hx-swap-oob="true"')
  await patient.waitFor(() => patient.frames.some((f) => f.data.includes('Archived')))
  expect(patient.frames.some((f) => f.data.includes('Charges'))).toBe(false)
  host.drop()
  patient.drop()
})
