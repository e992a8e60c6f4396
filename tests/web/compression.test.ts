import { describe, expect, test } from 'bun:test'
import { gunzipSync } from 'node:zlib'
import { aGroup, post } from '../support/group'

const gzip = { 'accept-encoding': 'gzip, deflate, br' }
const unzipped = async (response: Response) => gunzipSync(new Uint8Array(await response.arrayBuffer())).toString('utf8')

describe('compression, for phones on slow links', () => {
  test('a page and a partial come gzipped to a browser that asks, the same as unencoded, and say they vary by it', async () => {
    const g = await aGroup(2)
    const id = await g.open()
    for (let i = 0; i < 20; i++) await post(g.patients[0]!, id, `message ${i} `.padEnd(100, 'x'))
    for (const [path, headers] of [[`/conversations/${id}`, {}], [`/conversations/${id}/messages?before=999999`, { 'hx-request': 'true' }]] as const) {
      const plain = await g.host.get(path, { ...headers, 'accept-encoding': 'identity' })
      const packed = await g.host.get(path, { ...headers, ...gzip })
      expect(plain.headers.get('content-encoding')).toBeNull()
      expect(packed.headers.get('content-encoding')).toBe('gzip')
      expect(packed.headers.get('vary')).toContain('Accept-Encoding')
      expect(plain.headers.get('vary')).toContain('Accept-Encoding')
      const [text, html] = [await plain.text(), await unzipped(packed)]
      expect(html).toContain('message 19 ')
      // the same page either way, but for the composer's fresh client id
      const withoutClientId = (page: string) => page.replace(/name="clientId" value="[^"]*"/, '')
      expect(withoutClientId(html)).toBe(withoutClientId(text))
    }
  })

  test('a small answer is sent as it is; a browser that takes no gzip gets none', async () => {
    const g = await aGroup(1)
    const id = await g.open()
    const reply = await g.host.post(`/conversations/${id}/messages`, { body: 'short' }, { 'hx-request': 'true', ...gzip })
    expect(reply.status).toBe(200)
    expect(reply.headers.get('content-encoding')).toBeNull()
    expect(await reply.text()).toContain('short')
    const refused = await g.host.get(`/conversations/${id}`, { 'accept-encoding': 'gzip;q=0, identity' })
    expect(refused.headers.get('content-encoding')).toBeNull()
    expect(await refused.text()).toContain('</html>')
  })

  test('what streams is compressed as it streams (the CSV export), never the live event stream', async () => {
    const g = await aGroup(1)
    const id = await g.open()
    for (let i = 0; i < 30; i++) await post(g.host, id, `row ${i} `.padEnd(100, 'y'))
    await g.host.post(`/conversations/${id}/complete`, {})
    const csv = await g.host.get(`/conversations/${id}/export.csv`, gzip)
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-encoding')).toBe('gzip')
    expect(await unzipped(csv)).toContain('row 29 ')
    const live = await g.host.get(`/live?c=${id}`, gzip)
    expect(live.headers.get('content-type')).toContain('text/event-stream')
    expect(live.headers.get('content-encoding')).toBeNull()
    await live.body?.cancel()
  })
})
