import { Hono, type Context } from 'hono'
import { Refused } from '../../domain/errors'
import { minimumPasswordLength } from '../../domain/fields'
import { requestSignInLink, signInWithPassword } from '../../domain/sign-in'
import { checkSignInLink, findExpiredInvitation, linkNeedsPassword, renewInvitation, useSignInLink } from '../../domain/sign-in-links'
import type { FieldErrors, FormValues } from '../../../views/chrome'
import { SignInLinkPage, SpentLinkPage } from '../../../views/pages/sign-in-link'
import { SignInPage } from '../../../views/pages/sign-in'
import type { AppEnv } from '../env'
import { refusedForm } from '../errors'
import { rotateCsrfToken } from '../middleware/csrf'
import { signIn, signOut } from '../middleware/session'
import { addressOf, chrome, formValues, mailContext } from '../request'

const signInPage = (c: Context<AppEnv>, values: FormValues, errors: FieldErrors, linkErrors?: FieldErrors) =>
  <SignInPage chrome={chrome(c)} values={values} errors={errors} linkErrors={linkErrors} />

async function startSession(c: Context<AppEnv>, personId: number) {
  rotateCsrfToken(c)
  await signIn(c, personId)
  return c.redirect('/messages', 303)
}

export const signInRoutes = new Hono<AppEnv>()
  .get('/sign-in', (c) => (c.get('actor') ? c.redirect('/messages', 303) : c.html(signInPage(c, {}, {}))))
  .post('/sign-in', async (c) => {
    const values = await formValues(c)
    try {
      const person = await signInWithPassword(c.get('db'), values, addressOf(c))
      return startSession(c, person.id)
    } catch (error) {
      return refusedForm(c, error, (errors) => signInPage(c, { email: values.email }, errors))
    }
  })
  .post('/sign-in/link', async (c) => {
    const values = await formValues(c)
    try {
      await requestSignInLink(c.get('db'), values, mailContext(c))
      return c.html(<SignInPage chrome={chrome(c)} values={{}} errors={{}} linkSent />)
    } catch (error) {
      return refusedForm(c, error, (errors) => signInPage(c, { linkEmail: values.email }, {}, errors))
    }
  })
  .get('/sign-in/link/:token', async (c) => {
    const token = c.req.param('token')
    try {
      const person = await checkSignInLink(c.get('db'), token)
      return c.html(<SignInLinkPage chrome={chrome(c)} token={token} personName={person.name}
        needsPassword={linkNeedsPassword(person)} minimumPassword={minimumPasswordLength(person.role)} errors={{}} />)
    } catch (error) {
      if (!(error instanceof Refused)) throw error
      const renewable = await findExpiredInvitation(c.get('db'), token)
      return c.html(<SpentLinkPage chrome={chrome(c)} message={error.message} renewAt={renewable && `/sign-in/link/${token}/renew`} />, 422)
    }
  })
  .post('/sign-in/link/:token/renew', async (c) => {
    await renewInvitation(c.get('db'), c.req.param('token'), mailContext(c))
    return c.html(<SpentLinkPage chrome={chrome(c)} message="" renewed />)
  })
  .post('/sign-in/link/:token', async (c) => {
    const token = c.req.param('token')
    const values = await formValues(c)
    try {
      const person = await useSignInLink(c.get('db'), token, { password: values.password }, addressOf(c))
      return startSession(c, person.id)
    } catch (error) {
      if (error instanceof Refused) return c.html(<SpentLinkPage chrome={chrome(c)} message={error.message} />, 422)
      const person = await checkSignInLink(c.get('db'), token)
      return refusedForm(c, error, (errors) => <SignInLinkPage chrome={chrome(c)} token={token} personName={person.name}
        needsPassword={linkNeedsPassword(person)} minimumPassword={minimumPasswordLength(person.role)} errors={errors} />)
    }
  })
  .post('/sign-out', async (c) => {
    await signOut(c)
    rotateCsrfToken(c)
    return c.redirect('/sign-in', 303)
  })
