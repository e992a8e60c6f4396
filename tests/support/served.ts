import { join } from 'node:path'
import { aGroup } from './group'
import { startServer } from './processes'

/** A data folder with a clinic, a host with a session and an open conversation, for a real server process. */
export async function aServedConversation(cleanup: (() => unknown)[]) {
  const group = await aGroup(1)
  const id = await group.open()
  await group.close()
  const server = await startServer(group.config.dataDir)
  cleanup.push(() => server.stop())
  const cookie = [...group.host.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  /** Posts as the page does; with `rest`, the body's second half waits for it (a slow link). Resolves with the status, 0 when refused. */
  const postMessage = (text: string, rest?: Promise<void>) => {
    const [head, tail] = [`clientId=${crypto.randomUUID()}&body=`, encodeURIComponent(text)]
    const body = rest
      ? new ReadableStream<Uint8Array>({ async start(c) { c.enqueue(new TextEncoder().encode(head)); await rest; c.enqueue(new TextEncoder().encode(tail)); c.close() } })
      : head + tail
    return fetch(`${server.url}/conversations/${id}/messages`, {
      method: 'POST', body, duplex: 'half',
      headers: { cookie, origin: group.host.origin, 'x-csrf-token': group.host.csrf, 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true' },
    } as RequestInit).then((r) => r.status, () => 0)
  }
  return { dataDir: group.config.dataDir, id, server, postMessage, cookies: [...group.host.cookies] }
}

export const storedTexts = async (dataDir: string) => {
  const { createClient } = await import('@libsql/client')
  const client = createClient({ url: `file:${join(dataDir, 'huddle.db')}` })
  const { rows } = await client.execute("SELECT body FROM events WHERE kind = 'message'")
  client.close()
  return new Set(rows.map((r) => r.body as string))
}

