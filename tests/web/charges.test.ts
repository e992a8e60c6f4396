import { afterEach, describe, expect, test } from 'bun:test'
import { aChargingGroup } from '../support/charging'

const groups: { stop(): Promise<void> }[] = []
afterEach(async () => { await Promise.all(groups.splice(0).map((g) => g.stop())) })

async function aGroupWithCards(patients: number, options: Parameters<typeof aChargingGroup>[1] = {}) {
  const g = await aChargingGroup(patients, options)
  groups.push(g)
  return g
}

const complete = (g: Awaited<ReturnType<typeof aChargingGroup>>, id: string, anyway = false) =>
  g.host.post(`/conversations/${id}/complete`, anyway ? { anyway: '1' } : {})

describe('Complete charges each fee once', () => {
  test('a dialog names only those with a fee and no card; Complete anyway charges the others once and records the rest', async () => {
    const g = await aGroupWithCards(3)
    const [carded, cardless] = g.patients as [any, any]
    await g.addCard(carded)
    const id = await g.openPaid(['40', '25.50', '0'], g.emails) // Patient 3 is free: never named, never charged

    const asked = await complete(g, id)
    expect(asked.status).toBe(200)
    const dialog = (await asked.text()).match(/<dialog[\s\S]*<\/dialog>/)![0]
    expect(dialog).toMatch(/<li>Patient 2 <form[^>]*card-requests[\s\S]*?>Ask to add a card<\/button><\/form><\/li>/)
    expect(dialog).not.toContain('Patient 1')
    expect(dialog).not.toContain('Patient 3')
    expect(dialog).not.toContain('@mail.example')
    expect(dialog).toContain('>Go back</button>')
    expect(dialog).toContain('>Complete anyway</button>')
    expect(await g.chargeRows(id)).toEqual([])

    expect((await complete(g, id, true)).status).toBe(303)
    const rows = await g.settled(id)
    expect(rows.map((r) => [r.name, r.amount_minor, r.status])).toEqual([['Patient 1', 4000, 'succeeded'], ['Patient 2', 2550, 'not_charged']])
    expect(g.fake.charges).toHaveLength(1)

    const again = await complete(g, id, true)
    expect(again.status).toBe(422)
    expect(await again.text()).toContain('nothing was charged again')
    await g.settled(id)
    expect(g.fake.charges).toHaveLength(1)

    const hostPage = await (await g.host.get(`/conversations/${id}`)).text()
    expect(hostPage).toContain('aria-label="Charges"')
    expect(hostPage).toContain('1 of 2 paid')
    expect(hostPage).toContain('No card on file when the conversation was completed.')
    expect(hostPage).toContain('aria-label="Charge again: Patient 2"')
    const own = await (await carded.get('/payment-method')).text()
    expect(own).toContain('>Paid group</a></td><td>€40.00</td><td>Paid</td>')
    expect(await (await cardless.get(`/conversations/${id}`)).text()).not.toContain('aria-label="Charges"')
  })

  test('Stripe gets amounts in the minor unit and ids only: no subject, no name, no description', async () => {
    const g = await aGroupWithCards(2, { currency: 'JPY' })
    for (const p of g.patients) await g.addCard(p)
    const id = await g.openPaid(['5000', '1200'])
    expect((await complete(g, id)).status).toBe(303)
    await g.settled(id)
    const intents = g.fake.intents()
    expect(intents.map((i) => [i.amount, i.currency])).toEqual([[5000, 'jpy'], [1200, 'jpy']])
    for (const intent of intents) {
      expect(Object.keys(intent.metadata as object).sort()).toEqual(['attempt', 'charge_id'])
      expect(intent.description).toBeNull()
      expect(JSON.stringify(intent)).not.toMatch(/Paid group|Patient|mail\.example/)
    }
  })

  test('a declined card is shown to the host with the reason; charged again after a new card, it is paid once', async () => {
    const g = await aGroupWithCards(1)
    const patient = g.patients[0]!
    await g.addCard(patient, 'decline')
    const id = await g.openPaid(['40'])
    await complete(g, id)
    const [declined] = await g.settled(id)
    expect([declined!.status, declined!.reason]).toEqual(['declined', 'Your card was declined.'])
    expect(await (await g.host.get(`/conversations/${id}`)).text()).toContain('Your card was declined.')

    await g.addCard(patient)
    expect((await g.patients[0]!.post(`/conversations/${id}/charges/${declined!.id}/retry`)).status).toBe(403)
    expect((await g.host.post(`/conversations/${id}/charges/${declined!.id}/retry`)).status).toBe(303)
    const [paid] = await g.settled(id)
    expect([paid!.status, paid!.attempt]).toEqual(['succeeded', 2])
    expect(g.fake.charges).toHaveLength(1)
    const done = await g.host.post(`/conversations/${id}/charges/${declined!.id}/retry`)
    expect(done.status).toBe(422)
    expect(await done.text()).toContain('already paid')
  })

  test('Stripe answering 500, then success: one charge', async () => {
    const g = await aGroupWithCards(1)
    await g.addCard(g.patients[0]!)
    const id = await g.openPaid(['40'])
    g.fake.fail('500')
    await complete(g, id)
    const [paid] = await g.settled(id)
    expect(paid!.status).toBe('succeeded')
    expect(g.fake.charges).toHaveLength(1)
  })

  test('Stripe timing out after charging: the retry with the same key is answered, not charged again', async () => {
    const g = await aGroupWithCards(1)
    await g.addCard(g.patients[0]!)
    const id = await g.openPaid(['40'])
    g.fake.sendWebhooksTo('http://localhost:9/nowhere', 'unused') // the webhook must not be what settles it
    g.fake.fail('timeout')
    await complete(g, id)
    await Bun.sleep(300)
    expect((await g.chargeRows(id))[0]!.reason).toContain('Stripe did not answer')
    const [paid] = await g.settled(id)
    expect(paid!.status).toBe('succeeded')
    expect(g.fake.charges).toHaveLength(1)
  })

  test('a charge given up as failed that went through after all: charging again finds it and charges nothing more', async () => {
    const g = await aGroupWithCards(1)
    await g.addCard(g.patients[0]!)
    const id = await g.openPaid(['40'])
    g.fake.sendWebhooksTo('http://localhost:9/nowhere', 'unused') // Stripe's news never arrives
    g.fake.fail('timeout')
    await g.host.post(`/conversations/${id}/complete`)
    while (!(await g.chargeRows(id))[0]!.reason) await Bun.sleep(10)
    const [unanswered] = await g.chargeRows(id)
    // as if every later try had gone unanswered too
    await g.database.client.execute({ sql: "UPDATE charges SET status = 'failed', next_try_at = NULL, reason = 'Stripe did not answer' WHERE id = ?", args: [unanswered!.id] })
    expect((await g.host.post(`/conversations/${id}/charges/${unanswered!.id}/retry`)).status).toBe(303)
    const [row] = await g.settled(id)
    expect([row!.status, row!.attempt]).toEqual(['succeeded', 2])
    expect(g.fake.charges).toHaveLength(1)
  })
})
