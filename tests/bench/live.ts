// Live messaging figures for the app, each beside the same measurement of a raw Bun.serve SSE fan-out.
// Run: bun tests/bench/live.ts [conversations=400] [members=25] [shared|distinct] [redis]   (prints Markdown for BENCHMARKS.md)
// `redis`: the app a second time as 2 processes on one port (WEB_CONCURRENCY=2) with a Redis bus (needs redis-server).
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startRedis } from '../support/redis'

const root = join(import.meta.dir, '../..')
const [conversationCount = 400, memberCount = 25] = process.argv.slice(2, 4).map(Number)
// `distinct`: every conversation has people of its own (a page per person), rather than the same 25 in all
const seedMode = process.argv[4] ?? 'shared'
const withRedis = process.argv[5] === 'redis'
const encoder = new TextEncoder()

type Target = {
  name: string; url: string; pids(): number[]; stop(): void
  streamPath(conversation: number): string; postPath(conversation: number): string
  headers(member: number, conversation?: number): Record<string, string>; postBody(text: string): BodyInit; postHeaders(conversation: number): Record<string, string>
  /** The conversation whose message-list partials are measured (the app only). */
  pagePath?: string
}

async function startProcess(command: string[], env: Record<string, string>) {
  const port = 10000 + Math.floor(Math.random() * 10000) // below the ephemeral range the client's own sockets use
  const url = `http://127.0.0.1:${port}`
  // PUBLIC_URL: the origin the CSRF check compares posts with
  const child = Bun.spawn(command, { cwd: root, env: { ...process.env, ...env, PORT: String(port), PUBLIC_URL: url }, stdout: 'ignore', stderr: 'inherit' })
  for (let i = 0; i < 400; i++) {
    if (await fetch(`${url}/healthz`).then(() => true, () => false)) return { url, child }
    await Bun.sleep(25)
  }
  throw new Error(`${command.join(' ')} did not start`)
}

async function baseline(): Promise<Target> {
  const { url, child } = await startProcess([process.execPath, 'tests/bench/support/baseline-sse-server.ts'], {})
  return {
    name: 'raw Bun.serve baseline', url, pids: () => [child.pid], stop: () => child.kill(),
    streamPath: (c) => `/sse?c=${c}`, postPath: (c) => `/post?c=${c}`, headers: () => ({}),
    postBody: (text) => text, postHeaders: () => ({ 'content-type': 'text/plain' }),
  }
}

/** The app over a freshly seeded folder: one process, or (`processes` > 1) that many on one port with a Redis bus. */
async function app(processes = 1): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'huddle-bench-'))
  const seed = Bun.spawnSync([process.execPath, 'tests/bench/support/seed.ts', dataDir, String(conversationCount), String(memberCount), seedMode], { cwd: root })
  const { conversations, cookies, pageCookies, csrf } = JSON.parse(seed.stdout.toString())
  const redis = processes > 1 ? await startRedis() : undefined
  const env: Record<string, string> = { DATA_DIR: dataDir, LOG_LEVEL: 'error' }
  if (redis) Object.assign(env, { WEB_CONCURRENCY: String(processes), REDIS_URL: redis.url })
  const { url, child } = await startProcess([process.execPath, 'tests/bench/support/app-server.ts'], env)
  // with several processes, the ones serving are the supervisor's children
  const workers = () => readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).map(Number)
  return {
    name: redis ? `Huddle, ${processes} processes + Redis` : 'Huddle', url, pids: () => redis ? workers() : [child.pid],
    stop: () => { child.kill(); void redis?.stop() },
    streamPath: (c) => `/live?c=${conversations[c]}`, postPath: (c) => `/conversations/${conversations[c]}/messages`,
    headers: (m, c) => ({ cookie: c === undefined ? cookies[m] : pageCookies[c][m] }),
    postBody: (text) => new URLSearchParams({ body: text }),
    postHeaders: (c) => ({ cookie: pageCookies[c][0], origin: url, 'x-csrf-token': csrf, 'hx-request': 'true', 'content-type': 'application/x-www-form-urlencoded' }),
    pagePath: `/conversations/${conversations[0]}`,
  }
}

/** Resident memory of the serving processes after they collected their garbage (SIGUSR2 runs Bun.gc in every server here). */
async function rssKiB(pids: number[]) {
  for (const pid of pids) process.kill(pid, 'SIGUSR2')
  await Bun.sleep(1500)
  let total = 0
  for (const pid of pids) total += Number((await Bun.file(`/proc/${pid}/status`).text()).match(/VmRSS:\s+(\d+)/)![1])
  return total
}

/** Opens every stream; each records when a frame carrying `#k#` arrives, and how many bytes it was. */
async function openStreams(target: Target) {
  const arrivals = new Map<number, number[]>()
  const frameBytes: number[] = []
  const aborts: AbortController[] = []
  let connected = 0
  const open = async (c: number, m: number) => {
    const abort = new AbortController()
    aborts.push(abort)
    const response = await fetch(`${target.url}${target.streamPath(c)}`, { headers: target.headers(m, c), signal: abort.signal })
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    let buffer = ''
    let counted = false
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }))
      if (done) return
      if (!counted) { counted = true; connected++ }
      buffer += decoder.decode(value, { stream: true })
      let end
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end + 2)
        buffer = buffer.slice(end + 2)
        const marker = frame.match(/#(\d+)#/)
        if (!marker) continue
        const k = Number(marker[1])
        if (!arrivals.has(k)) arrivals.set(k, [])
        arrivals.get(k)!.push(performance.now())
        frameBytes.push(encoder.encode(frame).length)
      }
    }
  }
  // in waves of 500, as pages open in real life, rather than 10,000 connects in one instant
  let opened = 0
  for (let c = 0; c < conversationCount; c++) {
    for (let m = 0; m < memberCount; m++) {
      void open(c, m)
      if (++opened % 500 === 0) while (connected < opened) await Bun.sleep(20)
    }
  }
  while (connected < opened) await Bun.sleep(50)
  return { arrivals, frameBytes, close: () => aborts.forEach((a) => a.abort()) }
}

const percentile = (xs: number[], p: number) => xs.toSorted((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN

/** Posts at `rate` per second for `seconds`, each to a random conversation, a 100-character text with its marker. */
async function postAtRate(target: Target, streams: Awaited<ReturnType<typeof openStreams>>, rate: number, seconds: number, first: number) {
  const answered = new Map<number, number>()
  const sentAt = new Map<number, number>()
  const inFlight: Promise<void>[] = []
  const perTick = rate / 100
  const start = performance.now()
  let k = first
  for (let tick = 0; tick < seconds * 100; tick++) {
    for (let i = 0; i < perTick; i++) {
      const marker = k++
      const text = `#${marker}# `.padEnd(100, 'x')
      sentAt.set(marker, performance.now())
      inFlight.push(fetch(`${target.url}${target.postPath(marker % conversationCount)}`, { method: 'POST', body: target.postBody(text), headers: target.postHeaders(marker % conversationCount) })
        .then(async (r) => { await r.arrayBuffer(); if (r.ok) answered.set(marker, performance.now()) }))
    }
    const wait = start + (tick + 1) * 10 - performance.now()
    if (wait > 0) await Bun.sleep(wait)
  }
  await Promise.all(inFlight)
  await Bun.sleep(1000)
  const latencies: number[] = []
  const fromSend: number[] = []
  let lost = 0
  let duplicated = 0
  for (let marker = first; marker < k; marker++) {
    const got = streams.arrivals.get(marker) ?? []
    if (got.length < memberCount) lost += memberCount - got.length
    if (got.length > memberCount) duplicated += got.length - memberCount
    if (answered.has(marker) && got.length) latencies.push(Math.max(...got) - answered.get(marker)!)
    if (got.length) fromSend.push(Math.max(...got) - sentAt.get(marker)!)
  }
  return { sent: k - first, answered: answered.size, p50: percentile(latencies, 50), p99: percentile(latencies, 99),
    sendP99: percentile(fromSend, 99), lost, duplicated, next: k }
}

/** CPU time (user + system, µs) the serving processes have used so far. */
async function cpuMicros(pids: number[]) {
  let total = 0
  for (const pid of pids) {
    const fields = (await Bun.file(`/proc/${pid}/stat`).text()).split(') ')[1]!.split(' ')
    total += (Number(fields[11]) + Number(fields[12])) * (1e6 / 100) // clock ticks of 1/100 s
  }
  return total
}

/**
 * Requests per second with `concurrency` requests always in flight, and the server's own CPU per request: on a
 * machine whose cores the load generator shares, the second says what the server would do with a core to itself.
 */
async function throughput(make: () => Promise<Response>, seconds: number, pids: number[], concurrency = 64) {
  const cpuBefore = await cpuMicros(pids)
  let done = 0
  let failed = 0
  const until = performance.now() + seconds * 1000
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) {
      const r = await make()
      await r.arrayBuffer()
      if (r.ok) done++
      else failed++
    }
  }))
  return { perSecond: Math.round(done / seconds), failed, cpuMicrosEach: Math.round((await cpuMicros(pids) - cpuBefore) / done) }
}

const progress = (what: string) => console.error(`[bench] ${what}`)
const results: Record<string, Record<string, number | string>> = {}
let marker = 1
for (const start of [baseline, () => app(1), ...(withRedis ? [() => app(2)] : [])]) {
  const target = await start()
  const row: Record<string, number | string> = {}
  await Bun.sleep(500)
  const idle = await rssKiB(target.pids())
  progress(`${target.name}: opening ${conversationCount * memberCount} streams`)
  const streams = await openStreams(target)
  await Bun.sleep(2000)
  const held = await rssKiB(target.pids())
  row.connections = conversationCount * memberCount
  row['server memory per connection (KiB)'] = ((held - idle) / (conversationCount * memberCount)).toFixed(2)
  for (const rate of [100, 1000]) {
    progress(`${target.name}: ${rate} posts/s`)
    const cpuBefore = await cpuMicros(target.pids())
    const clientBefore = process.cpuUsage()
    const startedAt = performance.now()
    const r = await postAtRate(target, streams, rate, rate === 100 ? 10 : 5, marker)
    // near 100% the server's one thread is saturated and latency is queueing; the client shares the two cores
    const elapsedMicros = (performance.now() - startedAt) * 1000
    const client = process.cpuUsage(clientBefore)
    row[`${rate}/s server CPU, % of a core`] = Math.round(((await cpuMicros(target.pids())) - cpuBefore) / elapsedMicros * 100)
    row[`${rate}/s load client CPU, % of a core`] = Math.round((client.user + client.system) / elapsedMicros * 100)
    marker = r.next
    row[`${rate}/s p50 ms`] = r.p50.toFixed(2)
    row[`${rate}/s p99 ms`] = r.p99.toFixed(2)
    row[`${rate}/s p99 ms from sending the POST`] = r.sendP99.toFixed(2)
    row[`${rate}/s lost / duplicated`] = `${r.lost} / ${r.duplicated}`
  }
  row['bytes per live message of 100 chars (SSE frame)'] = percentile(streams.frameBytes, 50)
  streams.close()
  // an overloaded phase leaves work queued (posts, list redraws): measure throughput once the server is idle again
  for (let quick = 0, tries = 0; quick < 5 && tries < 600; tries++) {
    const started = performance.now()
    await fetch(`${target.url}/healthz`).then((r) => r.arrayBuffer())
    quick = performance.now() - started < 5 ? quick + 1 : 0
    await Bun.sleep(100)
  }
  progress(`${target.name}: throughput`)
  let n = 0
  const posts = await throughput(() => {
    const c = n++ % conversationCount
    return fetch(`${target.url}${target.postPath(c)}`, { method: 'POST', body: target.postBody(`load ${n} `.padEnd(100, 'y')), headers: target.postHeaders(c) })
  }, 5, target.pids())
  row['posts/s end to end'] = posts.perSecond
  row['server CPU per post (µs)'] = posts.cpuMicrosEach
  // at 10,000 pages the first conversation may hold fewer than 100 messages by now: both partials are full pages of 50
  if (target.pagePath) {
    for (let i = 0; i < 110; i += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, j) => fetch(`${target.url}${target.postPath(0)}`,
        { method: 'POST', body: target.postBody(`older ${i + j} `.padEnd(100, 'o')), headers: target.postHeaders(0) }).then((r) => r.arrayBuffer())))
    }
  }
  // the newest 50 (the page's own first 50, asked for as a partial), and the 50 before them as htmx asks for them
  // when the reader scrolls up: the path in the page's "Earlier messages" loader; both with gzip, as every browser
  const partial = (path: string) => () => fetch(`${target.url}${path}`, { headers: { ...target.headers(0), 'hx-request': 'true' } })
  const page = target.pagePath ? await fetch(`${target.url}${target.pagePath}`, { headers: target.headers(0) }).then((r) => r.text()) : ''
  const olderPath = page.match(/hx-get="([^"]*messages\?before=\d+)"/)?.[1]
  if (target.pagePath && !olderPath) throw new Error('no "Earlier messages" loader on the page')
  const newest = target.pagePath ? partial(`${target.pagePath}/messages?before=999999999`) : partial('/healthz') // the baseline's cheapest GET
  const partials = await throughput(newest, 5, target.pids())
  row['message-list partial (50) req/s'] = partials.perSecond
  row['server CPU per partial (µs)'] = partials.cpuMicrosEach
  const older = await throughput(olderPath ? partial(olderPath) : newest, 5, target.pids())
  row['earlier-messages partial (50, as scrolling up asks) req/s'] = older.perSecond
  row['server CPU per earlier-messages partial (µs)'] = older.cpuMicrosEach
  target.stop()
  results[target.name] = row
}

const names = Object.keys(results)
console.log(`| measure | ${names.join(' | ')} | ratio to the baseline |\n| --- |${names.map(() => ' --- |').join('')} --- |`)
for (const key of Object.keys(results[names[0]!]!)) {
  const values = names.map((n) => results[n]![key])
  const [first] = values
  const ratios = typeof first === 'string' && first.includes('/') ? '' : values.slice(1).map((v) => (Number(v) / Number(first)).toFixed(2)).join(', ')
  console.log(`| ${key} | ${values.join(' | ')} | ${ratios} |`)
}
process.exit(0)
