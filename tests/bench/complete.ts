// Time to complete a conversation of 25 paying participants against the fake Stripe: the host's Complete
// answered, then every fee charged (succeeded). Baseline in the same run: the same 25 charges sent
// straight to the fake with the official client, 5 at a time like the worker.
// Run: bun tests/bench/complete.ts [rounds=5]
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Stripe from 'stripe'
import { openDatabase } from '../../src/db/client'
import { paymentMethods } from '../../src/db/schema'
import { getClinic } from '../../src/domain/clinic'
import { createConversation } from '../../src/domain/conversations'
import { startFakeStripe } from '../support/fake-stripe'

const root = join(import.meta.dir, '../..')
const rounds = Number(process.argv[2] ?? 5)
const payers = 25
const webhookSecret = 'whsec_bench'
const fake = startFakeStripe()
const dataDir = mkdtempSync(join(tmpdir(), 'huddle-complete-bench-'))
const seed = Bun.spawnSync([process.execPath, 'tests/bench/support/seed.ts', dataDir, '0', String(payers + 1)], { cwd: root })
const { cookies, csrf } = JSON.parse(seed.stdout.toString())

// the clinic charges; every participant has a card on the fake; one conversation per round
const { db, client } = await openDatabase(`file:${join(dataDir, 'huddle.db')}`)
await client.execute('UPDATE clinic SET charges_enabled = 1')
const people = (await client.execute('SELECT id, email FROM people WHERE email LIKE \'m%@bench.example\' ORDER BY id')).rows
const host = { id: Number(people[0]!.id), name: 'Member 0', email: String(people[0]!.email), role: 'clinician' as const }
const cards: { customerId: string; paymentMethodId: string }[] = []
for (const person of people.slice(1)) {
  const card = fake.savedCard()
  cards.push(card)
  await db.insert(paymentMethods).values({ personId: Number(person.id), stripeCustomerId: card.customerId, stripePaymentMethodId: card.paymentMethodId,
    brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030, updatedAt: Date.now() })
}
const clinic = await getClinic(db)
const conversations: string[] = []
for (let i = 0; i < rounds; i++) {
  const emails = people.slice(1).map((p) => String(p.email))
  const { id } = await createConversation(db, host, { subject: `Paid group ${i}`, participants: emails, fees: emails.map((_, n) => String(20 + n)) }, clinic)
  conversations.push(id)
}
client.close()

const port = 10000 + Math.floor(Math.random() * 10000)
const server = Bun.spawn([process.execPath, 'src/server.ts'], {
  cwd: root, stderr: 'inherit',
  env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'error', STRIPE_SECRET_KEY: 'sk_test_bench', STRIPE_API_URL: fake.url, STRIPE_WEBHOOK_SECRET: webhookSecret },
})
const url = `http://127.0.0.1:${port}`
while (!(await fetch(`${url}/healthz`).then((r) => r.ok, () => false))) await Bun.sleep(25)
fake.sendWebhooksTo(`${url}/stripe/webhook`, webhookSecret)
const reader = (await openDatabase(`file:${join(dataDir, 'huddle.db')}`)).client

const answered: number[] = []
const charged: number[] = []
for (const id of conversations) {
  const started = performance.now()
  const response = await fetch(`${url}/conversations/${id}/complete`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ _csrf: csrf }),
    headers: { cookie: cookies[0], origin: url, 'content-type': 'application/x-www-form-urlencoded' },
  })
  if (response.status !== 303) throw new Error(`Complete answered ${response.status}`)
  answered.push(performance.now() - started)
  for (;;) {
    const { rows } = await reader.execute({ sql: "SELECT count(*) AS n FROM charges WHERE conversation_id = ? AND status = 'succeeded'", args: [id] })
    if (Number(rows[0]!.n) === payers) break
    await Bun.sleep(2)
  }
  charged.push(performance.now() - started)
}
await fake.settled()
server.kill()

// baseline: the same 25 charges straight to the fake, 5 at a time
const stripe = new Stripe('sk_test_bench', { host: 'localhost', port: fake.port, protocol: 'http', maxNetworkRetries: 0 })
const direct: number[] = []
for (let round = 0; round < rounds; round++) {
  const started = performance.now()
  for (let i = 0; i < payers; i += 5) {
    await Promise.all(cards.slice(i, i + 5).map((card, n) => stripe.paymentIntents.create({ amount: 2000 + n, currency: 'eur', customer: card.customerId,
      payment_method: card.paymentMethodId, off_session: true, confirm: true, metadata: { charge_id: `b${round}-${i + n}` } }, { idempotencyKey: `bench-${round}-${i + n}` })))
  }
  direct.push(performance.now() - started)
}
const paidOnce = new Set(fake.charges.map((c) => (c.metadata as Record<string, string>).charge_id)).size === fake.charges.length
fake.stop()

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const ms = (x: number) => `${x.toFixed(0)} ms`
console.log(`| measure (${rounds} conversations of ${payers} paying participants) | median | worst |\n| --- | --- | --- |`)
console.log(`| Complete answered (archive + ${payers} charge rows) | ${ms(median(answered))} | ${ms(Math.max(...answered))} |`)
console.log(`| Complete → every fee charged | ${ms(median(charged))} | ${ms(Math.max(...charged))} |`)
console.log(`| baseline: ${payers} charges straight to the fake, 5 at a time | ${ms(median(direct))} | ${ms(Math.max(...direct))} |`)
console.log(`| charges at the fake | ${fake.charges.length} (${rounds * payers * 2} expected: app + baseline), each charge id once: ${paidOnce} | |`)
process.exit(0)
