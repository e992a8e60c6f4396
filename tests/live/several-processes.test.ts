import { afterEach, describe, expect, test } from 'bun:test'
import { dirname } from 'node:path'
import { aChargingClinic } from '../support/conversations'
import { startFakeStripe } from '../support/fake-stripe'
import { aGroup } from '../support/group'
import { aFreePort, databaseReader, projectRoot, startServer } from '../support/processes'
import { redisAvailable, startRedis } from '../support/redis'
import { SseClient } from '../support/sse-client'
import type { Visitor } from '../support/visitor'
import { tempDir } from '../support/world'

const cleanup: (() => unknown)[] = []
afterEach(async () => { for (const step of cleanup.splice(0).reverse()) await step() })

type Served = Awaited<ReturnType<typeof startServer>>
const cookieOf = (visitor: Visitor) => [...visitor.cookies].map(([k, v]) => `${k}=${v}`).join('; ')

/** Posts as the page does, to one server process; resolves with the status. */
const postThrough = (server: Served, visitor: Visitor, conversationId: string, text: string) =>
  fetch(`${server.url}/conversations/${conversationId}/messages`, {
    method: 'POST', body: new URLSearchParams({ body: text, clientId: crypto.randomUUID() }),
    headers: { cookie: cookieOf(visitor), origin: visitor.origin, 'x-csrf-token': visitor.csrf, 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true' },
  }).then((r) => r.status, () => 0)

/** A clinic's conversation served by two real server processes on one data folder and one Redis. */
async function twoProcesses() {
  const group = await aGroup(2)
  const id = await group.open()
  await group.close()
  const redis = await startRedis()
  cleanup.push(() => redis.stop())
  const env = { REDIS_URL: redis.url, LOG_LEVEL: 'error' }
  const a = await startServer(group.config.dataDir, env)
  cleanup.push(() => a.stop())
  const b = await startServer(group.config.dataDir, env)
  cleanup.push(() => b.stop())
  const watch = (server: Served, visitor: Visitor) => {
    const client = new SseClient(server.url, `/live?c=${id}&after=0`, visitor)
    cleanup.push(() => client.drop())
    return client
  }
  return { ...group, id, redis, a, b, watch }
}

/** How many times each text arrived on each page, for texts that did not arrive exactly once. */
function notExactlyOnce(pages: Record<string, SseClient>, texts: string[]) {
  const wrong: string[] = []
  for (const [name, page] of Object.entries(pages)) {
    for (const text of texts) {
      const times = page.messages(text).length
      if (times !== 1) wrong.push(`${name} got ${text} ${times} times`)
    }
  }
  return wrong
}

/** Posts `count` messages through each process at once, a few in flight on each. */
async function postThroughBoth(world: Awaited<ReturnType<typeof twoProcesses>>, count: number, label: string, paceMs = 0) {
  const texts: string[] = []
  const statuses: number[] = []
  const through = async (server: Served, visitor: Visitor, name: string) => {
    for (let i = 0; i < count; i += 4) {
      const batch = Array.from({ length: Math.min(4, count - i) }, (_, k) => `[${label}${name}-${i + k}]`)
      texts.push(...batch)
      statuses.push(...await Promise.all(batch.map((text) => postThrough(server, visitor, world.id, text))))
      if (paceMs) await Bun.sleep(paceMs)
    }
  }
  await Promise.all([through(world.a, world.host, 'A'), through(world.b, world.patients[0]!, 'B')])
  return { texts, statuses }
}

describe.if(redisAvailable())('several server processes with REDIS_URL', () => {
  test('messages posted through either process reach every page on both, exactly once, and concurrent writers never fail', async () => {
    const world = await twoProcesses()
    const pages = {
      'host on A': world.watch(world.a, world.host),
      'patient 1 on B': world.watch(world.b, world.patients[0]!),
      'patient 2 on A': world.watch(world.a, world.patients[1]!),
      'patient 2 on B': world.watch(world.b, world.patients[1]!),
    }
    // patient 2's list page (no conversation open) on B: its unread count follows posts made through A
    const listOnB = new SseClient(world.b.url, '/live', world.patients[1]!)
    cleanup.push(() => listOnB.drop())
    await listOnB.connect()
    for (const page of Object.values(pages)) await page.connect()
    const { texts, statuses } = await postThroughBoth(world, 60, '')
    expect(statuses.filter((s) => s !== 200)).toEqual([]) // two processes writing at once: no SQLITE_BUSY
    for (const page of Object.values(pages)) await page.waitFor(() => page.messages('[').length >= texts.length, 10_000)
    await Bun.sleep(300) // a duplicate would arrive just after
    expect(notExactlyOnce(pages, texts)).toEqual([])
    await listOnB.waitFor(() => listOnB.frames.some((frame) => frame.data.includes('120 unread')))
  })

  test('Redis stopped for 3 s mid-run: both processes stay up, report the bus degraded, and every page ends with every message once', async () => {
    const world = await twoProcesses()
    const pages = { 'host on A': world.watch(world.a, world.host), 'patient 1 on B': world.watch(world.b, world.patients[0]!) }
    for (const page of Object.values(pages)) await page.connect()
    const health = async (server: Served) => (await fetch(`${server.url}/healthz`)).text()
    expect(await health(world.a)).toBe('ok')

    const before = await postThroughBoth(world, 12, 'p')
    await world.redis.stop()
    const stoppedAt = Date.now()
    await Bun.sleep(100)
    expect(await health(world.a)).toBe('degraded: live bus (Redis) unreachable')
    expect(await health(world.b)).toBe('degraded: live bus (Redis) unreachable')
    // during the outage A posts, then B: the page on A can learn of B's posts only from the database once the bus is back
    const duringA = await Promise.all(['[oA-1]', '[oA-2]', '[oA-3]'].map((text) => postThrough(world.a, world.host, world.id, text)))
    const duringB = await Promise.all(['[oB-1]', '[oB-2]', '[oB-3]'].map((text) => postThrough(world.b, world.patients[0]!, world.id, text)))
    expect([...before.statuses, ...duringA, ...duringB].filter((s) => s !== 200)).toEqual([])
    await Bun.sleep(3000 - (Date.now() - stoppedAt))
    await world.redis.start()
    const texts = [...before.texts, '[oA-1]', '[oA-2]', '[oA-3]', '[oB-1]', '[oB-2]', '[oB-3]']
    for (const page of Object.values(pages)) await page.waitFor(() => texts.every((text) => page.messages(text).length > 0), 15_000)
    await Bun.sleep(300)
    expect(notExactlyOnce(pages, texts)).toEqual([])
    for (let i = 0; (await health(world.a)) !== 'ok' || (await health(world.b)) !== 'ok'; i++) {
      if (i > 100) throw new Error('the bus never reported ok again')
      await Bun.sleep(50)
    }
  }, 60_000)

  test('a page that loses its process and reconnects to the other resumes from its last event: nothing missed, nothing twice', async () => {
    const world = await twoProcesses()
    const onA = world.watch(world.a, world.patients[0]!)
    await onA.connect()
    await postThroughBoth(world, 8, 'r')
    await onA.waitFor(() => onA.messages('[r').length === 16)
    onA.drop()
    const missed = await postThroughBoth(world, 8, 'm') // posted while the page is away
    const onB = world.watch(world.b, world.patients[0]!)
    onB.lastEventId = onA.lastEventId // what the browser sends as Last-Event-ID
    await onB.connect()
    await onB.waitFor(() => onB.messages('[m').length === 16)
    const after = await postThroughBoth(world, 4, 'n')
    await onB.waitFor(() => onB.messages('[n').length === 8)
    await Bun.sleep(300)
    const both = { 'page before': onA, 'page after': onB }
    const each = (texts: string[]) => texts.map((text) => Object.values(both).reduce((n, page) => n + page.messages(text).length, 0))
    expect(each([...missed.texts, ...after.texts]).filter((n) => n !== 1)).toEqual([])
    expect(onB.messages('[r')).toHaveLength(0) // what the page had already was not sent again
  })

  test('signing out through one process closes that session\'s page on the other', async () => {
    const world = await twoProcesses()
    const patient = world.patients[1]!
    const page = world.watch(world.b, patient)
    await page.connect()
    await page.waitFor(() => page.frames.length > 0)
    const signedOut = await fetch(`${world.a.url}/sign-out`, {
      method: 'POST', body: new URLSearchParams({ _csrf: patient.csrf }), redirect: 'manual',
      headers: { cookie: cookieOf(patient), origin: patient.origin, 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(signedOut.status).toBe(303)
    await page.waitFor(() => page.ended)
  })
})

describe.if(redisAvailable())('WEB_CONCURRENCY', () => {
  test('two processes on one port share the work: every charge Complete left is made once at Stripe, whichever process claims it', async () => {
    const fake = startFakeStripe()
    cleanup.push(() => fake.stop())
    const world = await aChargingClinic(12)
    for (const patient of world.patients) await world.giveCard(patient, fake.savedCard())
    const { id } = await world.paidConversation(world.patients.map(() => '30'))
    expect((await world.complete(id)).kind).toBe('completed')
    const file = (await world.client.execute('PRAGMA database_list')).rows[0]!.file as string
    world.client.close()
    const redis = await startRedis()
    cleanup.push(() => redis.stop())

    const server = await startServer(dirname(file), {
      WEB_CONCURRENCY: '2', REDIS_URL: redis.url, STRIPE_SECRET_KEY: 'sk_test_fake', STRIPE_API_URL: fake.url, LOG_LEVEL: 'error',
    })
    cleanup.push(() => server.stop())
    const reader = databaseReader(file)
    cleanup.push(() => reader.close())
    const statuses = async () => (await reader.execute({ sql: 'SELECT status FROM charges WHERE conversation_id = ?', args: [id] })).rows.map((r) => r.status)
    for (let i = 0; (await statuses()).includes('pending'); i++) {
      if (i > 1500) throw new Error(`charges still pending: ${await statuses()}`)
      await Bun.sleep(20)
    }
    expect(await statuses()).toEqual(world.patients.map(() => 'succeeded'))
    expect(fake.chargeRequests()).toBe(12) // one request per charge: no two processes tried the same one
    // /healthz answers once the first worker listens; the second registers a moment later
    const workerPids = async () => (await reader.execute('SELECT pid FROM server_processes')).rows.map((r) => r.pid)
    for (let i = 0; (await workerPids()).length < 2 && i < 500; i++) await Bun.sleep(20)
    const workers = await workerPids()
    expect(new Set(workers).size).toBe(2)
    expect(workers).not.toContain(server.pid) // the supervisor serves nothing itself
  })
})

describe.if(redisAvailable())('WEB_CONCURRENCY, stopping', () => {
  test('a supervisor killed with kill -9 leaves no server process holding the port', async () => {
    const redis = await startRedis()
    cleanup.push(() => redis.stop())
    const server = await startServer(tempDir(), { WEB_CONCURRENCY: '2', REDIS_URL: redis.url, LOG_LEVEL: 'error' })
    cleanup.push(() => server.stop())
    await server.kill9()
    const answers = () => fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(1000) }).then(() => true, () => false)
    for (let i = 0; await answers(); i++) {
      if (i > 200) throw new Error('a server process still answers 10 s after its supervisor was killed')
      await Bun.sleep(50)
    }
  })
})

test('WEB_CONCURRENCY above 1 without REDIS_URL refuses to start and says why', async () => {
  const child = Bun.spawn([process.execPath, 'src/server.ts'], {
    cwd: projectRoot, env: { ...process.env, DATA_DIR: tempDir(), PORT: String(aFreePort()), WEB_CONCURRENCY: '3', REDIS_URL: '' }, stdout: 'pipe', stderr: 'pipe',
  })
  const [stderr, code] = await Promise.all([new Response(child.stderr).text(), child.exited])
  expect(code).toBe(1)
  expect(stderr.trim()).toBe('WEB_CONCURRENCY=3 starts 3 server processes, whose live pages hear each other only through Redis: ' +
    'set REDIS_URL too, or leave WEB_CONCURRENCY at 1.')
})
