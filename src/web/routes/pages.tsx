import { Hono } from 'hono'
import { listOutbox } from '../../domain/mail'
import { OutboxPage } from '../../../views/pages/outbox'
import type { AppEnv } from '../env'
import { chrome } from '../request'

/** Signed-in pages that only show things. */
export const pageRoutes = new Hono<AppEnv>()
  .get('/outbox', async (c) => {
    const mails = await listOutbox(c.get('db'), c.get('actor')!)
    return c.html(<OutboxPage chrome={chrome(c)} mails={mails} delivers={c.get('mail').delivers} timeZone={c.get('clinic')!.timeZone} />)
  })
