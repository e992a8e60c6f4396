import { Hono, type Context } from 'hono'
import { getOwnAccount, updateOwnAccount } from '../../domain/account'
import type { FieldErrors, FormValues } from '../../../views/chrome'
import { NotificationsPage } from '../../../views/pages/notifications'
import type { AppEnv } from '../env'
import { refusedForm } from '../errors'
import { addressOf, chrome, formValues } from '../request'

const page = async (c: Context<AppEnv>, opts: { values?: FormValues; errors?: FieldErrors; saved?: boolean }) => {
  const account = await getOwnAccount(c.get('db'), c.get('actor')!)
  const values = opts.values ?? { name: account.name, emailNotifications: account.emailNotifications ? 'on' : undefined }
  return <NotificationsPage chrome={chrome(c)} values={values} hasPassword={account.hasPassword} errors={opts.errors ?? {}} saved={opts.saved} />
}

/** Everyone's own page: notifications on or off, name, password. */
export const notificationRoutes = new Hono<AppEnv>()
  .get('/notifications', async (c) => c.html(await page(c, { saved: c.req.query('saved') === '1' })))
  .post('/notifications', async (c) => {
    const values = await formValues(c)
    try {
      await updateOwnAccount(c.get('db'), c.get('actor')!, values, addressOf(c))
      return c.redirect('/notifications?saved=1', 303)
    } catch (error) {
      return refusedForm(c, error, async (errors) => page(c, { values: { name: values.name, emailNotifications: values.emailNotifications }, errors }))
    }
  })
