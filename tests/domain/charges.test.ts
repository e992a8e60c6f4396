import { describe, expect, test } from 'bun:test'
import { eq, sql } from 'drizzle-orm'
import { charges } from '../../src/db/schema'
import { forgetClinic } from '../../src/domain/clinic'
import { canMove, canRetry, chargeStatuses, maxUnanswered, type ChargeStatus } from '../../src/domain/charge-states'
import { claimDue, listCharges, listOwnCharges, noCardReason, recordOutcome, resumePending, retryCharge, settle } from '../../src/domain/charges'
import { idempotencyKey } from '../../src/domain/charging'
import { Forbidden, NotFound, Refused } from '../../src/domain/errors'
import { stripeAmount } from '../../src/domain/money'
import { aChargingClinic } from '../support/conversations'

const refusal = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a refusal') }, (e) => e)

describe('Complete in a clinic that charges', () => {
  test('names only the participants with a fee and no card, and changes nothing until the host goes on anyway', async () => {
    const world = await aChargingClinic(3)
    const [withCard, noCard, free] = world.patients as [any, any, any]
    await world.giveCard(withCard)
    const { id } = await world.paidConversation(['40', '25.50', '0'])
    expect(await world.complete(id)).toEqual({ kind: 'confirm', withoutCard: [{ personId: noCard.id, name: noCard.name }] })
    expect((await world.chargesOf(id)).length).toBe(0)
    expect((await listCharges(world.db, world.host, id)).length).toBe(0)
    expect((await world.client.execute({ sql: 'SELECT archived_at FROM conversations WHERE id = ?', args: [id] })).rows[0]!.archived_at).toBeNull()

    const done = await world.complete(id, true)
    expect(done.kind).toBe('completed')
    const rows = await world.chargesOf(id)
    expect(rows.map((r) => [r.personId, r.amountMinor, r.currency, r.status, r.reason])).toEqual([
      [withCard.id, 4000, 'EUR', 'pending', null],
      [noCard.id, 2550, 'EUR', 'not_charged', noCardReason],
    ])
    expect(rows.some((r) => r.personId === free.id)).toBe(false)
  })

  test('with every payer carded, completes at once; a second Complete writes no second charge', async () => {
    const world = await aChargingClinic(2)
    for (const p of world.patients) await world.giveCard(p)
    const { id } = await world.paidConversation(['40', '10'])
    const [a, b] = await Promise.allSettled([world.complete(id), world.complete(id)])
    expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected'])
    expect(await refusal(world.complete(id, true))).toBeInstanceOf(Refused)
    expect((await world.chargesOf(id)).map((r) => r.status)).toEqual(['pending', 'pending'])
  })

  test('a currency without a minor unit is charged in whole units (JPY), and the fee keeps the currency it was set in', async () => {
    const world = await aChargingClinic(1, 'JPY')
    await world.giveCard(world.patients[0]!)
    const { id } = await world.paidConversation(['5000'])
    await world.client.execute("UPDATE clinic SET currency = 'EUR'")
    forgetClinic(world.db)
    await expect(world.client.execute({ sql: "UPDATE conversations SET currency = 'EUR' WHERE id = ?", args: [id] })).rejects.toThrow(/currency cannot change/)
    await world.complete(id)
    const [row] = await world.chargesOf(id)
    expect([row!.amountMinor, row!.currency]).toEqual([5000, 'JPY'])
    expect(stripeAmount(row!.amountMinor, row!.currency)).toBe(5000)
    expect(stripeAmount(150, 'ISK')).toBe(15000) // Stripe's backwards-compatible hundredths
  })
})

describe('the charge state machine', () => {
  test('the database allows exactly the moves the domain allows', async () => {
    const world = await aChargingClinic(1)
    await world.giveCard(world.patients[0]!)
    const { id } = await world.paidConversation(['40'])
    await world.complete(id)
    const [row] = await world.chargesOf(id)
    const pathTo: Record<ChargeStatus, ChargeStatus[]> = {
      pending: [], succeeded: ['succeeded'], declined: ['declined'], failed: ['failed'], not_charged: ['not_charged'],
    }
    const refusedByDb: string[] = []
    const allowedByDomain: string[] = []
    for (const from of chargeStatuses) {
      for (const to of chargeStatuses) {
        if (canMove(from, to)) allowedByDomain.push(`${from}>${to}`)
        const rolledBack = new Error('roll back')
        await world.db.transaction(async (tx) => {
          try {
            for (const step of pathTo[from]) await tx.run(sql`UPDATE charges SET status = ${step} WHERE id = ${row!.id}`)
            await tx.run(sql`UPDATE charges SET status = ${to} WHERE id = ${row!.id}`)
          } catch {
            refusedByDb.push(`${from}>${to}`)
          }
          throw rolledBack
        }).catch((error) => { if (error !== rolledBack) throw error })
      }
    }
    const all = chargeStatuses.flatMap((from) => chargeStatuses.map((to) => `${from}>${to}`))
    expect(all.filter((pair) => !refusedByDb.includes(pair))).toEqual(allowedByDomain)
    expect(allowedByDomain).not.toContain('succeeded>pending')
    expect(canRetry('declined') && canRetry('failed') && canRetry('not_charged')).toBe(true)
    expect(canRetry('pending') || canRetry('succeeded')).toBe(false)
  })

  test('charges are written only by Complete, never deleted, and their amount never changes', async () => {
    const world = await aChargingClinic(1)
    await world.giveCard(world.patients[0]!)
    const { id } = await world.paidConversation(['40'])
    const insert = (status: string) => world.client.execute({ sql: `INSERT INTO charges (conversation_id, person_id, amount_minor, currency, status, created_at, updated_at)
      VALUES (?, ?, 100, 'EUR', ?, 0, 0)`, args: [id, world.patients[0]!.id, status] })
    await expect(insert('pending')).rejects.toThrow(/written by Complete/)
    await world.complete(id)
    const [row] = await world.chargesOf(id)
    await expect(world.client.execute({ sql: 'UPDATE charges SET amount_minor = 1 WHERE id = ?', args: [row!.id] })).rejects.toThrow(/cannot change/)
    await expect(world.client.execute({ sql: 'DELETE FROM charges WHERE id = ?', args: [row!.id] })).rejects.toThrow(/never deleted/)
    await recordOutcome(world.db, row!, { kind: 'succeeded', paymentIntentId: 'pi_1' })
    await expect(world.client.execute({ sql: 'UPDATE charges SET reason = ? WHERE id = ?', args: ['x', row!.id] })).rejects.toThrow(/never changes/)
  })

  test('no answer from Stripe keeps the same attempt pending, backing off, until the host is told it failed', () => {
    let charge = { unanswered: 0, stripePaymentIntentId: null as string | null }
    const delays: number[] = []
    for (let i = 1; i < maxUnanswered; i++) {
      const next = settle(charge, { kind: 'unanswered', reason: 'error 500 at Stripe' }, 0)
      expect(next.status).toBe('pending')
      delays.push(next.nextTryAt!)
      charge = { ...charge, unanswered: next.unanswered! }
    }
    expect(delays.slice(0, 3)).toEqual([2000, 4000, 8000])
    const last = settle(charge, { kind: 'unanswered', reason: 'error 500 at Stripe' }, 0)
    expect(last.status).toBe('failed')
    expect(last.reason).toContain('It may still go through')
  })

  test('an outcome is recorded only for the attempt that was tried, and the key is derived from the row id and attempt', async () => {
    const world = await aChargingClinic(1)
    await world.giveCard(world.patients[0]!)
    const { id } = await world.paidConversation(['40'])
    await world.complete(id)
    const [claimed] = await claimDue(world.db, Date.now() + 1, 60_000, 5)
    expect(idempotencyKey(claimed!)).toBe(`huddle-charge-${claimed!.id}-attempt-1`)
    expect(await claimDue(world.db, Date.now() + 1, 60_000, 5)).toEqual([]) // held by the first claim
    expect(await resumePending(world.db)).toBe(1) // a restart makes it due again
    const declined = await recordOutcome(world.db, claimed!, { kind: 'declined', reason: 'Your card was declined.' })
    expect(declined!.status).toBe('declined')
    expect(await recordOutcome(world.db, claimed!, { kind: 'succeeded', paymentIntentId: 'pi_late' })).toBeUndefined()
    const retried = await retryCharge(world.db, world.host, id, claimed!.id, null)
    expect([retried.status, retried.attempt, idempotencyKey(retried)]).toEqual(['pending', 2, `huddle-charge-${claimed!.id}-attempt-2`])
    expect(await recordOutcome(world.db, claimed!, { kind: 'succeeded', paymentIntentId: 'pi_attempt1' })).toBeUndefined()
  })
})

describe('charging again', () => {
  test('only the host, only after a decline, failure or no card, and only once the person has a card', async () => {
    const world = await aChargingClinic(2)
    const [payer, outsider] = world.patients as [any, any]
    const { id } = await world.paidConversation(['40'], [payer])
    await world.complete(id, true)
    const [row] = await world.chargesOf(id)
    expect(row!.status).toBe('not_charged')
    expect(await refusal(retryCharge(world.db, payer, id, row!.id, null))).toBeInstanceOf(Forbidden)
    expect(await refusal(retryCharge(world.db, outsider, id, row!.id, null))).toBeInstanceOf(NotFound)
    const noCard = await refusal(retryCharge(world.db, world.host, id, row!.id, null))
    expect(noCard).toBeInstanceOf(Refused)
    expect(noCard.message).toContain('no card on file')
    await world.giveCard(payer)
    expect((await retryCharge(world.db, world.host, id, row!.id, null)).status).toBe('pending')
    expect(await refusal(retryCharge(world.db, world.host, id, row!.id, null))).toBeInstanceOf(Refused)
    await world.db.update(charges).set({ status: 'succeeded' }).where(eq(charges.id, row!.id))
    expect((await refusal(retryCharge(world.db, world.host, id, row!.id, null))).message).toContain('already paid')
  })

  test('each person sees their own charges, the host sees the conversation\'s, and other participants see none', async () => {
    const world = await aChargingClinic(2)
    for (const p of world.patients) await world.giveCard(p)
    const { id } = await world.paidConversation(['40', '12'])
    await world.complete(id)
    expect((await listCharges(world.db, world.host, id)).map((c) => c.name)).toEqual(['Patient 1', 'Patient 2'])
    expect(await listCharges(world.db, world.patients[0]!, id)).toEqual([])
    const own = await listOwnCharges(world.db, world.patients[1]!)
    expect(own.map((c) => [c.subject, c.amountMinor, c.status])).toEqual([['Tuesday group', 1200, 'pending']])
  })
})
