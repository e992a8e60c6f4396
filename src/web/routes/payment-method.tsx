import { zValidator } from '@hono/zod-validator'
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { Refused } from '../../domain/errors'
import { listOwnCharges } from '../../domain/charges'
import { findCard, finishAddingCard, startAddingCard, takesCards } from '../../domain/payments'
import { PaymentMethodPage } from '../../../views/pages/payment-method'
import type { AppEnv } from '../env'
import { addressOf, chrome } from '../request'

async function page(c: Context<AppEnv>, extra: { saved?: boolean; error?: string } = {}) {
  const [card, charges] = await Promise.all([findCard(c.get('db'), c.get('actor')!), listOwnCharges(c.get('db'), c.get('actor')!)])
  return <PaymentMethodPage chrome={chrome(c)} card={card} charges={charges} timeZone={c.get('clinic')!.timeZone}
    available={takesCards(c.get('clinic')!, c.get('stripe'))} {...extra} />
}

/** Payment method: a card added on Stripe's hosted page (Checkout in setup mode). */
export const paymentMethodRoutes = new Hono<AppEnv>()
  .get('/payment-method', zValidator('query', z.object({ session: z.string().max(200).optional(), saved: z.string().optional() })), async (c) => {
    const { session, saved } = c.req.valid('query')
    if (!session) return c.html(await page(c, { saved: saved === '1' }))
    try {
      await finishAddingCard(c.get('db'), c.get('stripe'), c.get('actor')!, c.get('clinic')!, session, addressOf(c))
      return c.redirect('/payment-method?saved=1', 303)
    } catch (error) {
      if (!(error instanceof Refused)) throw error
      return c.html(await page(c, { error: error.message }), 422)
    }
  })
  .post('/payment-method/card', async (c) => {
    try {
      return c.redirect(await startAddingCard(c.get('db'), c.get('stripe'), c.get('actor')!, c.get('clinic')!, `${c.get('baseUrl')}/payment-method`), 303)
    } catch (error) {
      if (!(error instanceof Refused)) throw error
      return c.html(await page(c, { error: error.message }), 422)
    }
  })
