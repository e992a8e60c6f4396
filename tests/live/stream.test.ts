import { afterEach, describe, expect, test } from 'bun:test'
import { post } from '../support/group'
import { aLiveGroup, stopLiveServers } from '../support/live-group'
import { SseClient } from '../support/sse-client'
import { conversationTopic } from '../../src/live/bus'

afterEach(stopLiveServers)

describe('live messages over SSE', () => {
  test('every other member\'s open page gets a message once, as soon as it is posted', async () => {
    const group = await aLiveGroup(2)
    const clients = group.patients.map((p) => group.stream(p))
    await Promise.all(clients.map((c) => c.connect()))
    await post(group.host, group.id, 'Welcome, everyone')
    for (const client of clients) {
      await client.waitFor(() => client.messages('Welcome, everyone').length > 0)
      expect(client.messages('Welcome, everyone')).toHaveLength(1)
      expect(client.messages('Welcome, everyone')[0]!.data).toMatch(/^<div id="e-\d+" class="message">/)
    }
  })

  test('when the conversation opens, every open page is sent the status line and composer of an open conversation', async () => {
    const group = await aLiveGroup(1)
    const client = group.stream(group.patients[0]!)
    await client.connect()
    const statusFrames = () => client.frames.filter((f) => f.data.includes('id="conversation-status"') && f.data.includes('Active · since'))
    await client.waitFor(() => statusFrames().length === 1) // the state the page connected with
    group.live.bus.publish(conversationTopic(group.id), { kind: 'opened', conversationId: group.id })
    await client.waitFor(() => statusFrames().length === 2)
    // the open conversation's composer takes the place of the upcoming one's, with the page's own CSRF token
    expect(statusFrames()[1]!.data).toContain('id="composer-active" class="composer" hx-swap-oob="outerHTML:#composer-upcoming"')
    expect(statusFrames()[1]!.data).toContain(`name="_csrf" value="${group.patients[0]!.csrf}"`)
  })

  test('a dropped client resumes from its last event id and gets every missed message exactly once', async () => {
    const group = await aLiveGroup(1)
    const client = group.stream(group.patients[0]!)
    await client.connect()
    await post(group.host, group.id, 'before the drop')
    await client.waitFor(() => client.messages('before the drop').length === 1)
    client.drop()
    for (let i = 0; i < 30; i++) await post(group.host, group.id, `missed ${i}.`)
    await client.connect()
    await post(group.host, group.id, 'after the return')
    await client.waitFor(() => client.messages('after the return').length === 1)
    const texts = client.messages().map((f) => f.data.match(/<p class="body">([^<]*)</)?.[1]).filter(Boolean)
    expect(texts).toEqual(['before the drop', ...Array.from({ length: 30 }, (_, i) => `missed ${i}.`), 'after the return'])
    const ids = client.messages().map((f) => Number(f.id))
    expect(new Set(ids).size).toBe(ids.length)
  })

  test('the first connect replays what came after the page\'s last event (?after=)', async () => {
    const group = await aLiveGroup(1)
    const sent = await post(group.host, group.id, 'already on the page')
    const shownId = Number((await sent.text()).match(/id="e-(\d+)"/)![1])
    await post(group.host, group.id, 'posted while the page loaded')
    const client = group.stream(group.patients[0]!, shownId)
    await client.connect()
    await client.waitFor(() => client.messages('posted while the page loaded').length === 1)
    expect(client.messages('already on the page')).toHaveLength(0)
  })

  test('a retried send with the same client id reaches the others once', async () => {
    const group = await aLiveGroup(1)
    const client = group.stream(group.patients[0]!)
    await client.connect()
    const clientId = crypto.randomUUID()
    const answers = await Promise.all([1, 2, 3].map(() => post(group.host, group.id, 'sent on a bad network', clientId)))
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200])
    await post(group.host, group.id, 'next one')
    await client.waitFor(() => client.messages('next one').length === 1)
    expect(client.messages('sent on a bad network')).toHaveLength(1)
  })

  test('nothing a participant receives live carries another member\'s email', async () => {
    const group = await aLiveGroup(2)
    const client = group.stream(group.patients[0]!)
    const list = new SseClient(client['baseUrl'], '/live', group.patients[0]!)
    await Promise.all([client.connect(), list.connect()])
    await post(group.patients[1]!, group.id, 'from patient two')
    await post(group.host, group.id, 'from the host')
    await group.open() // a second conversation updates the list live
    await client.waitFor(() => client.messages('from the host').length === 1)
    await list.waitFor(() => list.frames.some((f) => f.data.includes('conversation-list')))
    const seen = [...client.frames, ...list.frames].map((f) => f.data).join('\n')
    expect(seen).toContain('Patient 2')
    for (const email of ['patient2@mail.example', 'hana@clinic.example']) expect(seen).not.toContain(email)
  })

  test('a burst of messages updates another member\'s unread count a few times, the last with every unread message, and never redraws the whole list', async () => {
    const group = await aLiveGroup(1)
    const list = new SseClient(group.url, '/live', group.patients[0]!)
    const page = group.stream(group.patients[0]!) // the conversation itself, open: its list shows no count for it
    await Promise.all([list.connect(), page.connect()])
    const counts = () => list.frames.filter((f) => f.data.includes(`id="unread-${group.id}"`))
    for (let i = 0; i < 40; i++) await post(group.host, group.id, `burst ${i}`)
    await list.waitFor(() => counts().at(-1)?.data.includes('data-unread="40"') ?? false)
    await Bun.sleep(500) // nothing more is on its way
    expect(counts().length).toBeGreaterThanOrEqual(1)
    expect(counts().length).toBeLessThan(10) // not one per message
    expect(counts().at(-1)!.data).toContain('data-unread="40"')
    expect(counts().at(-1)!.data).toContain('hx-swap-oob="true"')
    expect(list.frames.filter((f) => f.data.includes('conversation-list'))).toHaveLength(0)
    await page.waitFor(() => page.messages('burst 39').length === 1)
    expect(page.frames.filter((f) => f.data.includes('conversation-list') || f.data.includes('id="unread-'))).toHaveLength(0)
  })

  test('a new conversation appears in a participant\'s open list without a reload', async () => {
    const group = await aLiveGroup(1)
    const list = new SseClient(group.stream()['baseUrl'], '/live', group.patients[0]!)
    await list.connect()
    const id = await group.open(undefined, { subject: 'Thursday check-in' })
    await list.waitFor(() => list.frames.some((f) => f.data.includes('Thursday check-in')))
    expect(list.frames.at(-1)!.data).toContain(`href="/conversations/${id}"`)
  })

  test('a non-member cannot open the stream', async () => {
    const group = await aLiveGroup(1)
    const client = group.stream(group.admin)
    await client.connect()
    expect(client.status).toBe(404)
  })
})

test('a new message updates the unread count on the other members\' open lists; reading it there clears it on every page', async () => {
  const group = await aLiveGroup(1)
  const patient = group.patients[0]!
  const list = new SseClient(group.url, '/live', patient)
  await list.connect()
  const sent = await post(group.host, group.id, 'unread for now')
  const eventId = Number((await sent.text()).match(/id="e-(\d+)"/)![1])
  await list.waitFor(() => list.frames.some((f) => f.data.includes('data-unread="1"')))
  const read = await patient.post(`/conversations/${group.id}/read`, { upTo: String(eventId) })
  expect(read.status).toBe(204)
  await list.waitFor(() => !list.frames.at(-1)!.data.includes('data-unread') && list.frames.at(-1)!.data.includes('conversation-list'))
  const listPage = await (await patient.get('/messages')).text()
  expect(listPage).not.toContain('data-unread')
  expect(listPage).not.toMatch(/\d+ unread/)
  list.drop()
})

test('an open page alone marks nothing read: a page in a background tab leaves the count as it is', async () => {
  const group = await aLiveGroup(1)
  const page = group.stream(group.patients[0]!)
  await page.connect()
  await post(group.host, group.id, 'arrived in the background')
  await page.waitFor(() => page.messages('arrived in the background').length === 1)
  page.drop()
  await Bun.sleep(300)
  expect(await (await group.patients[0]!.get('/messages')).text()).toContain('1 unread')
})

test('a file reaches the open pages of those it was sent to, and nothing reaches the others', async () => {
  const group = await aLiveGroup(2)
  const [chosen, unchosen] = group.patients.map((p) => group.stream(p)) as [SseClient, SseClient]
  await Promise.all([chosen.connect(), unchosen.connect()])
  const pat1 = Number((await group.database.client.execute("SELECT id FROM people WHERE email = 'patient1@mail.example'")).rows[0]!.id)
  const form = new FormData()
  form.append('recipients', String(pat1))
  form.append('file', new Blob(['secret plan']), 'secret-plan.txt')
  const sent = await group.host.send(`/conversations/${group.id}/files?_csrf=${encodeURIComponent(group.host.csrf)}`, {
    method: 'POST', body: form, headers: { origin: group.host.origin },
  })
  expect(sent.status).toBe(303)
  await post(group.host, group.id, 'after the file')
  await chosen.waitFor(() => chosen.messages('after the file').length === 1)
  await unchosen.waitFor(() => unchosen.messages('after the file').length === 1)
  expect(chosen.messages('secret-plan.txt')).toHaveLength(1)
  const frame = chosen.messages('secret-plan.txt')[0]!.data
  expect(frame).toMatch(/^<div id="e-\d+" class="message shared">[\s\S]*<a href="\/files\/[\w-]+" download="">secret-plan\.txt<\/a>/) // in the log
  expect(frame).toContain('<hx-partial hx-target="#attachments-list" hx-swap="upsert">') // and in the panel
  expect(unchosen.frames.map((f) => f.data).join('\n')).not.toContain('secret-plan')
})

test('disabling a person ends their open streams at once; they hear nothing more', async () => {
  const group = await aLiveGroup(1)
  const page = group.stream(group.patients[0]!)
  await page.connect()
  await post(group.host, group.id, 'before')
  await page.waitFor(() => page.messages('before').length === 1)
  const patientId = (await group.database.client.execute("SELECT id FROM people WHERE email = 'patient1@mail.example'")).rows[0]!.id
  expect((await group.admin.post(`/people/${patientId}/disable`)).status).toBe(303)
  await page.waitFor(() => page.ended)
  await post(group.host, group.id, 'after')
  await page.connect() // the page tries again: no session any more
  expect(page.status).toBe(303)
  expect(page.messages('after')).toHaveLength(0)
})

test('streams are closed when they reach their age limit, so the next connect re-checks the session', async () => {
  const { SseHub } = await import('../../src/live/sse')
  const hub = new SseHub(20, 60)
  let stopped = false
  const response = hub.respond('session-1', () => ({ stop: () => { stopped = true } }))
  const reader = response.body!.getReader()
  const started = Date.now()
  while (!(await reader.read()).done) if (Date.now() - started > 2000) throw new Error('never closed')
  expect(stopped).toBe(true)
  expect(hub.size).toBe(0)
  hub.close()
})
