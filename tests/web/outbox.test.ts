import { expect, test } from 'bun:test'
import { createLog } from '../../src/log'
import { createApp } from '../../src/web/app'
import { Visitor } from '../support/visitor'
import { firstRunInput, testConfig } from '../support/world'

test('without SMTP_URL, invitations land in the admin-only Outbox with their link', async () => {
  const { app } = await createApp(testConfig(), { log: createLog('silent') })
  const admin = new Visitor(app)
  await admin.post('/setup', firstRunInput)
  await admin.post('/people', { name: 'Pat Patient', email: 'pat@x.example', role: 'patient' })
  const page = await (await admin.get('/outbox')).text()
  expect(page).toContain('>Outbox</a>')
  expect(page).toContain("You&#39;re invited to Harbour Clinic")
  expect(page).toMatch(/To pat@x\.example/)
  expect(page).toMatch(/http:\/\/localhost\/sign-in\/link\/[\w-]{40,}/)
})
