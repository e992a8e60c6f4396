import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import { z } from 'zod'
import { retryCharge } from '../../domain/charges'
import { Refused } from '../../domain/errors'
import type { AppEnv } from '../env'
import { conversationPage } from './conversations'
import { addressOf } from '../request'

const params = z.object({ id: z.string().min(1).max(64), chargeId: z.coerce.number().int().positive() })

/** The host charges again after a decline, a failure or a missing card. */
export const chargeRoutes = new Hono<AppEnv>()
  .post('/conversations/:id/charges/:chargeId/retry', zValidator('param', params), async (c) => {
    const { id, chargeId } = c.req.valid('param')
    const { db } = c.var
    try {
      await retryCharge(db, c.get('actor')!, id, chargeId, addressOf(c))
      return c.redirect(`/conversations/${id}`, 303)
    } catch (error) {
      if (!(error instanceof Refused)) throw error
      return c.html(await conversationPage(c, id, { chargesError: error.message }), 422)
    }
  })
