import { Hono } from 'hono'
import { setUpClinic } from '../../domain/clinic'
import { supportedCurrencies, supportedTimeZones } from '../../domain/fields'
import { FirstRunPage } from '../../../views/pages/first-run'
import type { FieldErrors, FormValues } from '../../../views/chrome'
import type { AppEnv } from '../env'
import { refusedForm } from '../errors'
import { signIn } from '../middleware/session'
import { rotateCsrfToken } from '../middleware/csrf'
import { addressOf, chrome, formValues } from '../request'
import type { Context } from 'hono'

const serverTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone

const render = (c: Context<AppEnv>, values: FormValues, errors: FieldErrors) => (
  <FirstRunPage chrome={chrome(c)} values={values} errors={errors} timeZones={supportedTimeZones} currencies={supportedCurrencies} />
)

/** First run exists until the clinic does; after that the page is gone for good. */
export const firstRunRoutes = new Hono<AppEnv>()
  .get('/setup', (c) => {
    if (c.get('clinic')) return c.redirect('/sign-in', 303)
    return c.html(render(c, { timeZone: serverTimeZone, currency: 'EUR' }, {}))
  })
  .post('/setup', async (c) => {
    const values = await formValues(c)
    try {
      const admin = await setUpClinic(c.get('db'), values, addressOf(c), c.get('baseUrl'))
      rotateCsrfToken(c)
      await signIn(c, admin.id)
      return c.redirect('/messages', 303)
    } catch (error) {
      return refusedForm(c, error, (errors) => render(c, values, errors))
    }
  })
