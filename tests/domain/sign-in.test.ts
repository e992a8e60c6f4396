import { describe, expect, test } from 'bun:test'
import { Invalid, Refused, TooManyAttempts } from '../../src/domain/errors'
import { addPerson, setDisabled } from '../../src/domain/people'
import { requestSignInLink, signInLimits, signInWithPassword } from '../../src/domain/sign-in'
import { checkSignInLink, createSignInLink, useSignInLink } from '../../src/domain/sign-in-links'
import { aClinic, firstRunInput, mailContext, queuedMail } from '../support/world'

const effects = () => ({ ...mailContext, address: '10.0.0.1' })

async function withPatient() {
  const world = await aClinic()
  const patient = await addPerson(world.db, world.admin, { name: 'Pat', email: 'pat@x.example', role: 'patient' }, effects())
  return { ...world, patient }
}

describe('signing in with a password', () => {
  test('the right password signs in; a wrong one is refused and recorded', async () => {
    const { db, client, admin } = await aClinic()
    expect(await signInWithPassword(db, { email: firstRunInput.email, password: firstRunInput.password }, '10.0.0.1'))
      .toMatchObject({ id: admin.id })
    await expect(signInWithPassword(db, { email: firstRunInput.email, password: 'wrong password!' }, '10.0.0.1')).rejects.toThrow(Invalid)
    const { rows } = await client.execute("SELECT action, address FROM audit_log WHERE action LIKE 'sign_in%' ORDER BY id")
    expect(rows.map((r) => [r.action, r.address])).toEqual([['sign_in', '10.0.0.1'], ['sign_in_failed', '10.0.0.1']])
  })

  test('a disabled person is told so only after the right password', async () => {
    const { db, admin } = await aClinic()
    const clinician = await addPerson(db, admin, { name: 'Cleo', email: 'cleo@x.example', role: 'clinician' }, effects())
    await useSignInLink(db, await createSignInLink(db, clinician.id), { password: 'a long enough password' }, null)
    await setDisabled(db, admin, clinician.id, true, null)
    const error = await signInWithPassword(db, { email: 'cleo@x.example', password: 'a long enough password' }, null).catch((e) => e)
    expect(error.fields.email).toMatch(/disabled/)
  })

  const wrongFrom = async (db: Parameters<typeof signInWithPassword>[0], address: string, times: number, email = firstRunInput.email) => {
    for (let i = 0; i < times; i++) await signInWithPassword(db, { email, password: `wrong ${i}` }, address).catch(() => {})
  }
  const rightFrom = (db: Parameters<typeof signInWithPassword>[0], address: string) =>
    signInWithPassword(db, { email: firstRunInput.email, password: firstRunInput.password }, address)

  test('after five failures for one email from one address, even the right password waits there', async () => {
    const { db } = await aClinic()
    await wrongFrom(db, '10.6.6.6', 5)
    const refusal = await rightFrom(db, '10.6.6.6').catch((e) => e)
    expect(refusal).toBeInstanceOf(TooManyAttempts)
    expect(refusal.message).toMatch(/Try again in 15 minutes/)
    expect(refusal.retryAfterSeconds).toBeGreaterThan(14 * 60)
  })

  test("a stranger's five failures do not lock the owner out from their own address", async () => {
    const { db, admin } = await aClinic()
    await wrongFrom(db, '10.6.6.6', 5)
    expect(await rightFrom(db, '10.0.0.1')).toMatchObject({ id: admin.id })
  })

  test('guessing one email from many addresses meets a slower ceiling of 50 an hour', async () => {
    const { db } = await aClinic()
    for (let i = 0; i < 50; i++) await wrongFrom(db, `10.1.${i}.1`, 1)
    expect(await rightFrom(db, '10.9.9.9').catch((e) => e)).toBeInstanceOf(TooManyAttempts)
  })

  test('one address failing on many emails is limited too', async () => {
    const { db } = await aClinic()
    for (let i = 0; i < 20; i++) await wrongFrom(db, '10.6.6.6', 1, `nobody${i}@x.example`)
    await expect(rightFrom(db, '10.6.6.6')).rejects.toThrow(TooManyAttempts)
  })
})

describe('one-time sign-in links', () => {
  test('showing a link does not use it; using it works once', async () => {
    const { db, patient } = await withPatient()
    const token = await createSignInLink(db, patient.id)
    expect(await checkSignInLink(db, token)).toMatchObject({ id: patient.id })
    expect(await checkSignInLink(db, token)).toMatchObject({ id: patient.id })
    expect(await useSignInLink(db, token, {}, null)).toMatchObject({ id: patient.id })
    await expect(useSignInLink(db, token, {}, null)).rejects.toThrow(Refused)
  })

  test('a link older than 15 minutes is refused', async () => {
    const { db, client, patient } = await withPatient()
    const token = await createSignInLink(db, patient.id)
    await client.execute({ sql: 'UPDATE sign_in_links SET expires_at = ?', args: [Date.now() - 1] })
    await expect(useSignInLink(db, token, {}, null)).rejects.toThrow(Refused)
  })

  test('a patient may set a password of 8 or more characters; staff need 12 and must set one', async () => {
    const { db, admin, patient } = await withPatient()
    const short = await useSignInLink(db, await createSignInLink(db, patient.id), { password: 'short' }, null).catch((e) => e)
    expect(short.fields.password).toMatch(/at least 8/)
    const clinician = await addPerson(db, admin, { name: 'Cleo', email: 'cleo@x.example', role: 'clinician' }, effects())
    const token = await createSignInLink(db, clinician.id)
    expect((await useSignInLink(db, token, {}, null).catch((e) => e)).fields.password).toMatch(/at least 12/)
    expect((await useSignInLink(db, token, { password: 'elevenchars' }, null).catch((e) => e)).fields.password).toMatch(/at least 12/)
    await useSignInLink(db, token, { password: 'twelve chars' }, null) // the refusals above did not use the link
    expect(await signInWithPassword(db, { email: 'cleo@x.example', password: 'twelve chars' }, null)).toMatchObject({ id: clinician.id })
  })

  test('asking for a link queues personal mail for known, active people only', async () => {
    const { db, client, patient } = await withPatient()
    await requestSignInLink(db, { email: 'PAT@x.example' }, effects())
    await requestSignInLink(db, { email: 'stranger@x.example' }, effects())
    const links = (await queuedMail(client)).filter((m) => m.kind === 'sign_in_link')
    expect(links).toMatchObject([{ to: patient.email, private: 1 }])
  })

  test('a link issued before someone was disabled stays dead after they are enabled again', async () => {
    const { db, admin, patient } = await withPatient()
    const token = await createSignInLink(db, patient.id)
    await setDisabled(db, admin, patient.id, true, null)
    await setDisabled(db, admin, patient.id, false, null)
    await expect(useSignInLink(db, token, {}, null)).rejects.toThrow(Refused)
    expect(await useSignInLink(db, await createSignInLink(db, patient.id), {}, null)).toMatchObject({ id: patient.id })
  })
})
