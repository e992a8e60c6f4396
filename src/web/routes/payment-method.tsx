import { zValidator } from '@hono/zod-validator'
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { Refused } from '../../domain/errors'
import { findCard, finishAddingCard, startAddingCard } from '../../domain/payments'
import { PaymentMethodPage } from '../../../views/pages/payment-method'
import type { AppEnv } from '../env'
import { chrome } from '../request'

const available = (c: Context<AppEnv>) => !!c.var.stripe && !!c.var.clinic?.chargesEnabled

async function page(c: Context<AppEnv>, extra: { saved?: boolean; error?: string } = {}) {
  const card = await findCard(c.var.db, c.var.actor!)
  return <PaymentMethodPage chrome={chrome(c)} card={card} available={available(c)} {...extra} />
}

/** Payment method: a card added on Stripe's hosted page (Checkout in setup mode). */
export const paymentMethodRoutes = new Hono<AppEnv>()
  .get('/payment-method', zValidator('query', z.object({ session: z.string().max(200).optional(), saved: z.string().optional() })), async (c) => {
    const { session, saved } = c.req.valid('query')
    if (!session) return c.html(await page(c, { saved: saved === '1' }))
    if (!available(c)) return c.html(await page(c), 404)
    try {
      await finishAddingCard(c.var.db, c.var.stripe!, c.var.actor!, session, c.var.address)
      return c.redirect('/payment-method?saved=1', 303)
    } catch (error) {
      if (!(error instanceof Refused)) throw error
      return c.html(await page(c, { error: error.message }), 422)
    }
  })
  .post('/payment-method/card', async (c) => {
    if (!available(c)) return c.html(await page(c, { error: 'This clinic does not take payments through the app.' }), 422)
    const url = await startAddingCard(c.var.db, c.var.stripe!, c.var.actor!, `${c.var.baseUrl}/payment-method`, c.var.clinic!.currency)
    return c.redirect(url, 303)
  })
