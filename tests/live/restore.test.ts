import { afterEach, expect, test } from 'bun:test'
import { join } from 'node:path'
import { runCli, startServer } from '../support/processes'
import { aServedConversation, storedTexts } from '../support/served'
import { tempDir } from '../support/world'

const cleanup: (() => unknown)[] = []
afterEach(async () => { for (const step of cleanup.splice(0).reverse()) await step() })

test('backup while serving → the server dies (its WAL left behind) → restore → start: the backup\'s data is there, intact', async () => {
  const { dataDir, server, postMessage } = await aServedConversation(cleanup)
  expect(await postMessage('in the backup')).toBe(200)
  const backupDir = join(tempDir(), 'nightly')
  expect((await runCli(dataDir, 'backup', backupDir)).code).toBe(0)
  expect(await postMessage('after the backup')).toBe(200)

  const refused = await runCli(dataDir, 'restore', backupDir)
  expect(refused.code).toBe(1)
  expect(refused.stderr).toContain('Stop it first')

  await server.kill9() // the worst stop: its -wal and -shm stay beside the database
  const restored = await runCli(dataDir, 'restore', backupDir)
  expect(restored.code).toBe(0)
  expect(restored.lines.at(-1)).toMatch(/^Restored .*nightly\/huddle\.db into .*huddle\.db; the database it replaced is kept as .*before-restore-/)

  const again = await startServer(dataDir)
  cleanup.push(() => again.stop())
  expect((await fetch(`${again.url}/healthz`)).status).toBe(200)
  const stored = await storedTexts(dataDir)
  expect(stored.has('in the backup')).toBe(true)
  expect(stored.has('after the backup')).toBe(false)
})
