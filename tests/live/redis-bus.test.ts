import { afterEach, describe, expect, test } from 'bun:test'
import { RedisClient } from 'bun'
import { createLog } from '../../src/log'
import type { LiveEvent } from '../../src/live/bus'
import { RedisBus } from '../../src/live/redis-bus'
import { redisAvailable, startRedis } from '../support/redis'

const cleanup: (() => unknown)[] = []
afterEach(async () => { for (const step of cleanup.splice(0).reverse()) await step() })

/** Two processes' buses on one Redis, each as its own Redis user so that one's connections can be cut alone. */
async function twoBuses() {
  const redis = await startRedis()
  cleanup.push(() => redis.stop())
  const admin = new RedisClient(redis.url)
  cleanup.push(() => admin.close())
  for (const user of ['a', 'b']) await admin.send('ACL', ['SETUSER', user, 'on', 'nopass', '+@all', '~*', '&*'])
  const [a, b] = ['a', 'b'].map((user) => new RedisBus(redis.url.replace('//', `//${user}@`), createLog('silent'), 100))
  cleanup.push(() => a!.close(), () => b!.close())
  expect(await a!.ready(3000)).toBe(true)
  expect(await b!.ready(3000)).toBe(true)
  const heardOnB: LiveEvent[] = []
  b!.subscribe('c:x', (event) => heardOnB.push(event))
  return { admin, a: a!, b: b!, heardOnB }
}

const until = async (condition: () => boolean, ms = 3000) => {
  for (const end = Date.now() + ms; !condition(); await Bun.sleep(10)) if (Date.now() > end) throw new Error('timed out')
}

describe.if(redisAvailable())('the Redis bus', () => {
  test('an event published on one process reaches the other\'s listeners of its topic, once', async () => {
    const { a, heardOnB } = await twoBuses()
    a.publish('c:x', { kind: 'event', conversationId: 'x', id: 7 })
    a.publish('c:y', { kind: 'event', conversationId: 'y', id: 8 })
    await until(() => heardOnB.length > 0)
    await Bun.sleep(100)
    expect(heardOnB).toEqual([{ kind: 'event', conversationId: 'x', id: 7 }])
  })

  test('a process whose link was cut while it had news asks the others\' pages to re-read once it is back', async () => {
    const { admin, a, heardOnB } = await twoBuses()
    await admin.send('CLIENT', ['KILL', 'USER', 'a'])
    await until(() => a.health === 'degraded')
    a.publish('c:x', { kind: 'event', conversationId: 'x', id: 9 }) // lost with the link: B never hears it
    await until(() => a.health === 'ok')
    await until(() => heardOnB.some((event) => event.kind === 'resync'))
    expect(heardOnB).toEqual([{ kind: 'resync' }])
  })

  test('a process cut off with nothing to send comes back without making the others re-read', async () => {
    const { admin, a, heardOnB } = await twoBuses()
    await admin.send('CLIENT', ['KILL', 'USER', 'a'])
    await until(() => a.health === 'degraded')
    await until(() => a.health === 'ok')
    a.publish('c:x', { kind: 'event', conversationId: 'x', id: 10 })
    await until(() => heardOnB.length > 0)
    await Bun.sleep(100)
    expect(heardOnB).toEqual([{ kind: 'event', conversationId: 'x', id: 10 }])
  })
})
