import { describe, expect, test } from 'bun:test'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { openDatabase } from '../../src/db/client'
import { runCli } from '../support/processes'
import { setUpClinic } from '../../src/domain/clinic'
import { firstRunInput, tempDir } from '../support/world'

describe('operator CLI', () => {
  test('create-admin makes an admin and sign-in-link prints a working one-time link as its last line', async () => {
    const dataDir = tempDir()
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
    const dataDir = tempDir()
    const { db, client } = await openDatabase(`file:${join(dataDir, 'huddle.db')}`)
    await setUpClinic(db, firstRunInput, null, 'https://clinic.example')
    client.close()
    expect((await runCli(dataDir, 'sign-in-link', firstRunInput.email)).lines.at(-1)).toStartWith('https://clinic.example/sign-in/link/')
    expect((await runCli(dataDir, 'public-url', 'https://moved.example/')).code).toBe(0)
    expect((await runCli(dataDir, 'sign-in-link', firstRunInput.email)).lines.at(-1)).toStartWith('https://moved.example/sign-in/link/')
    expect((await runCli(dataDir, 'public-url', 'ftp://nope')).code).toBe(1)
  })

  test('sign-in-link for an unknown email fails without a link', async () => {
    const result = await runCli(tempDir(), 'sign-in-link', 'nobody@x.example')
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('No active person')
    expect(result.lines.join('')).not.toContain('/sign-in/link/')
  })

  test('backup writes a consistent copy of the database that opens with everything in it', async () => {
    const dataDir = tempDir()
    await runCli(dataDir, 'create-admin', 'olga@clinic.example', 'Olga')
    const target = join(tempDir(), 'backup')
    const result = await runCli(dataDir, 'backup', target)
    expect(result.code).toBe(0)
    expect(existsSync(join(target, 'huddle.db'))).toBe(true)
    const { client } = await openDatabase(`file:${join(target, 'huddle.db')}`)
    expect((await client.execute('SELECT email FROM people')).rows[0]!.email).toBe('olga@clinic.example')
  })
})
