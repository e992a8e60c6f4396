import { afterEach, expect, test } from 'bun:test'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { aServedConversation } from '../support/served'
import { tempDir } from '../support/world'

const cleanup: (() => unknown)[] = []
afterEach(async () => { for (const step of cleanup.splice(0).reverse()) await step() })

const lynx = '/usr/bin/lynx'
const available = existsSync(lynx) || process.env.CI === 'true' // CI installs it: there a missing lynx fails

test.skipIf(!available)('lynx -dump of a conversation page shows its messages', async () => {
  const served = await aServedConversation(cleanup)
  expect(await served.postMessage('Read me in a text browser')).toBe(200)
  // lynx reads a Netscape cookie file only with persistent cookies switched on in its configuration
  const dir = tempDir()
  writeFileSync(join(dir, 'cookies.txt'), served.cookies.map(([name, value]) => `localhost\tFALSE\t/\tFALSE\t2000000000\t${name}\t${value}`).join('\n') + '\n')
  writeFileSync(join(dir, 'lynx.cfg'), `INCLUDE:/etc/lynx/lynx.cfg\nPERSISTENT_COOKIES:TRUE\nCOOKIE_FILE:${join(dir, 'cookies.txt')}\nACCEPT_ALL_COOKIES:TRUE\n`)
  const dump = Bun.spawnSync([lynx, `-cfg=${join(dir, 'lynx.cfg')}`, '-dump', '-nolist', `${served.server.url}/conversations/${served.id}`])
  const text = dump.stdout.toString()
  expect(text).toContain('Read me in a text browser')
  expect(text).toContain('Send')
})
