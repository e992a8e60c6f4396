import { RedisClient } from 'bun'
import { aFreePort } from './processes'

const redisServer = Bun.which('redis-server')

/**
 * Whether the several-processes tests can run. Outside CI a missing redis-server skips them with one line; under
 * CI=true it is a failure, so a CI image without it cannot pass silently.
 */
export function redisAvailable(): boolean {
  if (redisServer) return true
  if (process.env.CI === 'true') throw new Error('redis-server not found (CI=true): install Debian\'s redis-server')
  console.warn('Skipping the Redis tests: no redis-server on PATH (apt-get install redis-server).')
  return false
}

/** Debian's redis-server on a free port, in memory only; `stop` and `start` again for fault tests (same port). */
export async function startRedis() {
  const port = aFreePort()
  let child: ReturnType<typeof Bun.spawn> | undefined
  const start = async () => {
    child = Bun.spawn([redisServer!, '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdout: 'ignore', stderr: 'inherit' })
    for (let i = 0; i < 200; i++) {
      const client = new RedisClient(`redis://127.0.0.1:${port}`, { autoReconnect: false, connectionTimeout: 200 })
      const answered = await client.ping().then(() => true, () => false)
      client.close()
      if (answered) return
      await Bun.sleep(25)
    }
    throw new Error('redis-server did not answer within 5 s')
  }
  const stop = async () => {
    child?.kill('SIGKILL')
    await child?.exited
  }
  await start()
  return { url: `redis://127.0.0.1:${port}`, start, stop }
}
