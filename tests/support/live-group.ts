import type { Config } from '../../src/config'
import { aGroup } from './group'
import { SseClient } from './sse-client'

const servers: { stop(force?: boolean): void }[] = []
/** Stops every server `aLiveGroup` started (call from afterEach). */
export const stopLiveServers = () => servers.splice(0).forEach((s) => s.stop(true))

/** A group with an open conversation, served on a real port so that real SSE clients can connect. */
export async function aLiveGroup(patients = 2, overrides: Partial<Config> = {}) {
  const group = await aGroup(patients, overrides)
  const server = Bun.serve({ port: 0, fetch: group.app.fetch, idleTimeout: 30 })
  servers.push(server)
  const id = await group.open()
  const url = `http://localhost:${server.port}`
  const stream = (visitor = group.host, after = 0) => new SseClient(url, `/live?c=${id}&after=${after}`, visitor)
  return { ...group, id, url, stream }
}
