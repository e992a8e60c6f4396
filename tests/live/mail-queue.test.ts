import { afterEach, describe, expect, test } from 'bun:test'
import { createLog } from '../../src/log'
import { createApp } from '../../src/web/app'
import { anSmtpServer } from '../support/smtp'
import { Visitor } from '../support/visitor'
import { firstRunInput, queuedMail, testConfig } from '../support/world'

const cleanups: (() => unknown)[] = []
afterEach(async () => { for (const cleanup of cleanups.splice(0)) await cleanup() })

/** The app with real nodemailer over SMTP_URL to a real SMTP server, a clinic set up, and one patient. */
async function aClinicWithSmtp() {
  const smtp = await anSmtpServer()
  const built = await createApp(testConfig({ smtpUrl: smtp.url }), { log: createLog('silent') })
  cleanups.push(() => built.close(), () => smtp.close())
  const admin = new Visitor(built.app)
  await admin.post('/setup', firstRunInput)
  await admin.post('/people', { name: 'Pat Patient', email: 'pat@x.example', role: 'patient' })
  await smtp.waitFor(1) // the invitation
  return { ...built, smtp, admin }
}

describe('mail goes through a durable queue', () => {
  test('asking for a link answers at once and alike for known and unknown emails, while the mail server holds', async () => {
    const { app, smtp } = await aClinicWithSmtp()
    smtp.hold()
    const known = await new Visitor(app).post('/sign-in/link', { email: 'pat@x.example' })
    const unknown = await new Visitor(app).post('/sign-in/link', { email: 'nobody@x.example' })
    expect(known.status).toBe(200)
    expect(unknown.status).toBe(200)
    const withoutToken = async (response: Response) => (await response.text()).replaceAll(/[\w-]{43}/g, 'token')
    expect(await withoutToken(known)).toBe(await withoutToken(unknown))
    expect(smtp.received).toHaveLength(1) // nothing new arrived yet: the answers did not wait for it
    smtp.release()
    await smtp.waitFor(2)
    expect(smtp.received[1]!.to).toEqual(['pat@x.example'])
    expect(smtp.received[1]!.raw).toMatch(/\/sign-in\/link\/[\w-]{40,}/)
  })

  test('a mail server that refuses for a while gets the mail again later, and the sent link is not kept readable', async () => {
    const { app, smtp, database, mail } = await aClinicWithSmtp()
    smtp.refuseNext(1)
    await new Visitor(app).post('/sign-in/link', { email: 'pat@x.example' })
    await smtp.waitFor(2, 6000) // first try refused (451), retried after 2 s
    await mail.idle()
    const link = (await queuedMail(database.client)).find((m) => m.kind === 'sign_in_link')!
    expect(link.status).toBe('sent')
    expect(link.body).not.toMatch(/sign-in\/link\//)
  })

  test('mail queued while the mail server was down is sent by the next process', async () => {
    const smtp = await anSmtpServer()
    cleanups.push(() => smtp.close())
    const down = await anSmtpServer()
    await down.close() // nothing listens on its port now
    const config = testConfig()
    const first = await createApp({ ...config, smtpUrl: down.url }, { log: createLog('silent') })
    const admin = new Visitor(first.app)
    await admin.post('/setup', firstRunInput)
    await admin.post('/people', { name: 'Pat Patient', email: 'pat@x.example', role: 'patient' })
    await first.mail.idle()
    expect(await queuedMail(first.database.client)).toMatchObject([{ to: 'pat@x.example', status: 'queued' }])
    await first.close()
    const second = await createApp({ ...config, smtpUrl: smtp.url }, { log: createLog('silent') })
    cleanups.push(() => second.close())
    await smtp.waitFor(1, 5000)
    expect(smtp.received[0]!.to).toEqual(['pat@x.example'])
  })
})
