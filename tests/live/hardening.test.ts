import { afterEach, describe, expect, test } from 'bun:test'
import { mostHeldPerStream, sseFrame, SseHub, SseStream, streamsPerSession } from '../../src/live/sse'
import { post } from '../support/group'
import { aLiveGroup, stopLiveServers } from '../support/live-group'
import { SseClient } from '../support/sse-client'

afterEach(stopLiveServers)

/** The lines of an SSE stream as a browser splits them: at CRLF, LF or a lone CR. */
const sseLines = (frame: string) => frame.split(/\r\n|\r|\n/)

describe('stored text cannot forge stream fields', () => {
  test('a lone carriage return in a frame starts a new data line, never a field', () => {
    const lines = sseLines(sseFrame('See you\r\rid: 999999999\r\rok', 7))
    expect(lines.filter((line) => line.startsWith('id:'))).toEqual(['id: 7'])
    expect(lines.filter(Boolean).every((line) => line.startsWith('data: ') || line === 'id: 7')).toBe(true)
    // frames are kept by id for the next page shown the same entry; another rendering of that id is its own frame
    expect(sseFrame('As the sender sees it', 7)).toBe('id: 7\ndata: As the sender sees it\n\n')
  })

  test('a Last-Event-ID beyond the conversation is ignored: the page resumes from its own after', async () => {
    const group = await aLiveGroup(1)
    const shown = await post(group.host, group.id, 'on the page')
    const shownId = Number((await shown.text()).match(/id="e-(\d+)"/)![1])
    await post(group.host, group.id, 'posted after the page')
    const client = group.stream(group.patients[0]!, shownId)
    client.lastEventId = '999999999'
    await client.connect()
    await client.waitFor(() => client.messages('posted after the page').length === 1)
    await post(group.host, group.id, 'posted later')
    await client.waitFor(() => client.messages('posted later').length === 1)
    expect(client.messages('on the page')).toHaveLength(0)
  })

  test('a first stream without after replays one page, not the whole history', async () => {
    const group = await aLiveGroup(1)
    for (let i = 0; i < 70; i++) await post(group.host, group.id, `message ${i}.`)
    const client = new SseClient(group.url, `/live?c=${group.id}`, group.patients[0]!)
    await client.connect()
    await client.waitFor(() => client.messages('message 69.').length === 1)
    await Bun.sleep(100)
    expect(client.messages()).toHaveLength(50)
    expect(client.messages('message 20.')).toHaveLength(1)
    expect(client.messages('message 19.')).toHaveLength(0)
  })
})

describe('sessions end their streams', () => {
  test('signing out closes that session\'s open streams at once', async () => {
    const group = await aLiveGroup(1)
    const patient = group.patients[0]!
    const client = group.stream(patient)
    await client.connect()
    await post(group.host, group.id, 'before sign-out')
    await client.waitFor(() => client.messages('before sign-out').length === 1)
    expect((await patient.post('/sign-out')).status).toBe(303)
    await client.waitFor(() => client.ended, 2000)
  })

  test('an idle session\'s stream is closed although the page is open, and its next request is sent to sign in', async () => {
    const group = await aLiveGroup(1, { sessionIdleMinutes: 0.03 }) // 1.8 s
    const patient = group.patients[0]!
    const client = group.stream(patient)
    await client.connect()
    expect(client.status).toBe(200)
    await client.waitFor(() => client.ended, 5000)
    const next = await patient.get('/messages')
    expect(next.headers.get('location')).toBe('/sign-in')
  })

  test(`a session holds at most ${streamsPerSession} streams; the oldest is closed`, async () => {
    const group = await aLiveGroup(1)
    const clients = Array.from({ length: streamsPerSession + 1 }, () => group.stream(group.patients[0]!))
    for (const client of clients) {
      await client.connect()
      await Bun.sleep(5)
    }
    await clients[0]!.waitFor(() => clients[0]!.ended, 2000)
    await post(group.host, group.id, 'still live')
    for (const client of clients.slice(1)) await client.waitFor(() => client.messages('still live').length === 1)
    expect(clients.slice(1).every((c) => !c.ended)).toBe(true)
    clients.forEach((c) => c.drop())
  })
})

describe('a page that stops taking its frames', () => {
  // Bun's direct-stream controller, as it answers when the socket is full: each write a promise that settles when the
  // page has taken it (`drains`), or never (a stalled phone, a client that never reads)
  const aSocket = (drains: boolean) => {
    const socket = { written: 0, closed: false }
    const controller = {
      write: (chunk: string) => { socket.written += chunk.length; return drains ? Promise.resolve(chunk.length) : new Promise<number>(() => {}) },
      close: () => { socket.closed = true },
    }
    return { socket, controller }
  }
  const frame = sseFrame('x'.repeat(4000))

  test('is closed once a quarter MiB waits for it (the page resumes from the database when it reconnects)', async () => {
    const hub = new SseHub(60_000)
    let stopped = false
    const stream = new SseStream(hub, 'session-1', () => ({ stop: () => { stopped = true } }))
    const { socket, controller } = aSocket(false)
    void stream.pull(controller)
    await Bun.sleep(0)
    for (let i = 0; i * frame.length <= mostHeldPerStream; i++) stream.send(frame)
    expect(stream.closed).toBe(true)
    expect(socket.closed).toBe(true)
    expect(stopped).toBe(true)
    expect(hub.size).toBe(0)
    hub.close()
  })

  test('a page that takes what it is sent, however much, stays open', async () => {
    const hub = new SseHub(60_000)
    const stream = new SseStream(hub, 'session-1', () => ({ stop: () => {} }))
    const { socket, controller } = aSocket(true)
    void stream.pull(controller)
    await Bun.sleep(0)
    for (let i = 0; i < 200; i++) {
      stream.send(frame)
      await Bun.sleep(0) // the socket drains between frames
    }
    expect(socket.written).toBeGreaterThan(2 * mostHeldPerStream)
    expect(stream.closed).toBe(false)
    hub.close()
  })
})
