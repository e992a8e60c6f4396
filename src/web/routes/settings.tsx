import { Hono, type Context } from 'hono'
import { requireAdmin } from '../../domain/actor'
import { updateSettings } from '../../domain/clinic'
import { supportedCurrencies, supportedTimeZones } from '../../domain/fields'
import type { FieldErrors, FormValues } from '../../../views/chrome'
import { SettingsPage } from '../../../views/pages/settings'
import type { AppEnv } from '../env'
import { refusedForm } from '../errors'
import { addressOf, chrome, formValues } from '../request'

const page = (c: Context<AppEnv>, opts: { values?: FormValues; errors?: FieldErrors; saved?: boolean }) => (
  <SettingsPage chrome={chrome(c)} clinic={c.get('clinic')!} values={opts.values} errors={opts.errors ?? {}} saved={opts.saved}
    paymentsConfigured={!!c.get('config').stripeSecretKey} timeZones={supportedTimeZones} currencies={supportedCurrencies} />
)

/** The clinic's settings, for admins. */
export const settingsRoutes = new Hono<AppEnv>()
  .get('/settings', (c) => {
    requireAdmin(c.get('actor')!)
    return c.html(page(c, { saved: c.req.query('saved') === '1' }))
  })
  .post('/settings', async (c) => {
    const values = await formValues(c)
    try {
      await updateSettings(c.get('db'), c.get('actor')!, values, { paymentsConfigured: !!c.get('config').stripeSecretKey, address: addressOf(c) })
      return c.redirect('/settings?saved=1', 303)
    } catch (error) {
      return refusedForm(c, error, (errors) => page(c, { values, errors }))
    }
  })
