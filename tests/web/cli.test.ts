import { describe, expect, test } from 'bun:test'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { openDatabase } from '../../src/db/client'
import { setUpClinic } from '../../src/domain/clinic'
import { runCli } from '../support/processes'
import { firstRunInput, tempDir } from '../support/world'

/** A data folder whose database exists, as a started server leaves it. */
async function aDataDir(origin?: string) {
  const dataDir = tempDir()
  const { db, client } = await openDatabase(`file:${join(dataDir, 'huddle.db')}`)
  if (origin) await setUpClinic(db, firstRunInput, null, origin)
  client.close()
  return dataDir
}

describe('operator CLI', () => {
  test('create-admin makes an admin and sign-in-link prints a working one-time link as its last line', async () => {
    const dataDir = await aDataDir()
    const created = await runCli(dataDir, 'create-admin', 'Olga@Clinic.example', 'Olga', 'Operator')
    expect(created.code).toBe(0)
    expect(created.lines.at(-1)).toMatch(/^http:\/\/localhost:3000\/sign-in\/link\/[\w-]{40,}$/)
    const printed = await runCli(dataDir, 'sign-in-link', 'olga@clinic.example')
    expect(printed.lines.at(-1)).toMatch(/^http:\/\/localhost:3000\/sign-in\/link\/[\w-]{40,}$/)
    const { client } = await openDatabase(`file:${join(dataDir, 'huddle.db')}`)
    const { rows } = await client.execute('SELECT name, email, role FROM people')
    expect(rows.map((r) => [r.name, r.email, r.role])).toEqual([['Olga Operator', 'olga@clinic.example', 'admin']])
    expect((await client.execute('SELECT count(*) AS n FROM sign_in_links')).rows[0]!.n).toBe(2)
  })

  test('sign-in-link prints the origin first run was done on, and public-url changes it', async () => {
    const dataDir = await aDataDir('https://clinic.example')
    expect((await runCli(dataDir, 'sign-in-link', firstRunInput.email)).lines.at(-1)).toStartWith('https://clinic.example/sign-in/link/')
    expect((await runCli(dataDir, 'public-url', 'https://moved.example/')).code).toBe(0)
    expect((await runCli(dataDir, 'sign-in-link', firstRunInput.email)).lines.at(-1)).toStartWith('https://moved.example/sign-in/link/')
    expect((await runCli(dataDir, 'public-url', 'ftp://nope')).code).toBe(1)
  })

  test('sign-in-link for an unknown email fails without a link', async () => {
    const result = await runCli(await aDataDir(), 'sign-in-link', 'nobody@x.example')
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('No active person')
    expect(result.lines.join('')).not.toContain('/sign-in/link/')
  })

  test.each([['backup', 'copy'], ['sign-in-link', 'olga@clinic.example'], ['create-admin', 'olga@clinic.example Olga']])(
    '%s in a data folder with no database refuses, says where it looked, and creates nothing', async (command, arg) => {
      const dataDir = tempDir()
      const result = await runCli(dataDir, command, ...arg.split(' ').map((a) => (command === 'backup' ? join(dataDir, a) : a)))
      expect(result.code).toBe(1)
      expect(result.stderr).toContain(`No database at ${join(dataDir, 'huddle.db')}. Set DATA_DIR`)
      expect(readdirSync(dataDir)).toEqual([])
    })

  test('backup writes a consistent copy that opens with everything in it, and says what it copied from where', async () => {
    const dataDir = await aDataDir('http://localhost:3000')
    const target = join(tempDir(), 'backup')
    const result = await runCli(dataDir, 'backup', target)
    expect(result.code).toBe(0)
    expect(result.lines.at(-1)).toBe(`Backed up ${join(dataDir, 'huddle.db')} (1 people, 0 conversations, 0 conversation events) to ${target}`)
    expect(existsSync(join(target, 'huddle.db'))).toBe(true)
    const { client } = await openDatabase(`file:${join(target, 'huddle.db')}`)
    expect((await client.execute('SELECT email FROM people')).rows[0]!.email).toBe(firstRunInput.email)
  })
})
