import { afterEach, describe, expect, test } from 'bun:test'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { aServedConversation, storedTexts } from '../support/served'
import { aFreePort, projectRoot, startServer } from '../support/processes'
import { tempDir } from '../support/world'

const cleanup: (() => unknown)[] = []
afterEach(async () => { for (const step of cleanup.splice(0).reverse()) await step() })

describe('stopping', () => {
  test('SIGTERM with 20 posts in flight: each is answered and kept, a post after it is refused and not kept, exit 0', async () => {
    const { dataDir, server, postMessage } = await aServedConversation(cleanup)
    let release!: () => void
    const bodiesMayFinish = new Promise<void>((resolve) => { release = resolve })
    const texts = Array.from({ length: 20 }, (_, i) => `in flight ${i}`)
    // each request is accepted and half sent when SIGTERM comes; the rest of its body arrives during the drain
    const answers = texts.map((text) => postMessage(text, bodiesMayFinish))
    await Bun.sleep(300)
    process.kill(server.pid, 'SIGTERM')
    await Bun.sleep(100)
    const late = await postMessage('after SIGTERM')
    release()
    const statuses = await Promise.all(answers)
    console.log(`SIGTERM drain: ${statuses.filter((s) => s === 200).length} of 20 in flight answered 200; a new post got ${late || 'no connection'}`)
    expect(statuses).toEqual(texts.map(() => 200))
    expect(late).not.toBe(200)
    expect(await server.exited).toBe(0)
    expect(statSync(join(dataDir, 'huddle.db-wal'), { throwIfNoEntry: false })?.size ?? 0).toBe(0) // checkpointed
    const stored = await storedTexts(dataDir)
    for (const text of texts) expect(stored.has(text)).toBe(true)
    expect(stored.has('after SIGTERM')).toBe(false)
    const restarted = await startServer(dataDir)
    cleanup.push(() => restarted.stop())
    expect((await fetch(`${restarted.url}/healthz`)).status).toBe(200)
  })

  test('SIGTERM to npm start stops the server too: the port is free for the next start', async () => {
    const dataDir = tempDir()
    const npm = await startServer(dataDir, {}, ['npm', 'start', '--silent'])
    process.kill(npm.pid, 'SIGTERM')
    await npm.exited
    for (let i = 0; i < 100 && await fetch(`${npm.url}/healthz`).then(() => true, () => false); i++) await Bun.sleep(50)
    expect(await fetch(`${npm.url}/healthz`).then(() => 'still serving', () => 'stopped')).toBe('stopped')
  })

  test('as PID 1 (a container), SIGTERM stops it at once with exit 0', async () => {
    if (!existsSync('/usr/bin/unshare') || process.getuid?.() !== 0) return console.warn('skipped: needs root and unshare for a PID namespace')
    const port = aFreePort()
    const outer = Bun.spawn(['unshare', '--pid', '--fork', '--mount-proc', process.execPath, 'src/server.ts'], {
      cwd: projectRoot, env: { ...process.env, DATA_DIR: tempDir(), PORT: String(port), LOG_LEVEL: 'warn' }, stdout: 'pipe', stderr: 'inherit',
    })
    cleanup.push(() => outer.kill('SIGKILL'))
    while (!await fetch(`http://localhost:${port}/healthz`).then((r) => r.ok, () => false)) await Bun.sleep(25)
    const child = Number((await Bun.$`pgrep -P ${outer.pid}`.text()).trim().split('\n')[0])
    const started = Date.now()
    process.kill(child, 'SIGTERM')
    expect(await outer.exited).toBe(0)
    expect(Date.now() - started).toBeLessThan(8000) // docker stop's 10 s would have killed it
  })
})

describe('starting', () => {
  const run = (env: Record<string, string>) => {
    const child = Bun.spawnSync([process.execPath, 'src/server.ts'], { cwd: projectRoot, env: { ...process.env, LOG_LEVEL: 'warn', ...env } })
    return { code: child.exitCode, stderr: child.stderr.toString().trim() }
  }

  test('a second server on a data folder already served, without REDIS_URL, refuses and says why', async () => {
    const dataDir = tempDir()
    const first = await startServer(dataDir)
    cleanup.push(() => first.stop())
    const second = run({ DATA_DIR: dataDir, PORT: String(aFreePort()) })
    expect(second.code).toBe(1)
    expect(second.stderr).toStartWith(`Another Huddle server (pid ${first.pid}`)
    expect(second.stderr).toContain('REDIS_URL')
  })

  test('after kill -9 the next server starts at once', async () => {
    const dataDir = tempDir()
    const first = await startServer(dataDir)
    await first.kill9()
    const next = await startServer(dataDir)
    cleanup.push(() => next.stop())
    expect((await fetch(`${next.url}/healthz`)).status).toBe(200)
  })

  test.each([
    ['an unwritable data folder', () => ({ DATA_DIR: join(import.meta.path, 'data') }), /^Huddle cannot write to DATA_DIR=.*live\/shutdown\.test\.ts\/data \(ENOTDIR\)/],
    ['a bad DATABASE_URL, with its password hidden', () => ({ DATA_DIR: tempDir(), DATABASE_URL: 'postgres://u:secret@x/db' }), /^Huddle cannot open the database at DATABASE_URL=postgres:\/\/u:\*\*\*@x\/db: /],
  ])('%s is one clear line and exit 1', (_, env, message) => {
    const result = run(env())
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(message)
    expect(result.stderr.split('\n')).toHaveLength(1)
    expect(result.stderr).not.toContain('secret')
  })

  test('a port in use is one clear line and exit 1', async () => {
    const first = await startServer(tempDir())
    cleanup.push(() => first.stop())
    const result = run({ DATA_DIR: tempDir(), PORT: String(first.port) })
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(`Port ${first.port} is already in use by another program. Stop it, or set PORT to a free port.`)
  })
})
