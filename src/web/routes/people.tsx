import { zValidator } from '@hono/zod-validator'
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { Invalid } from '../../domain/errors'
import { addPerson, getPerson, listPeople, setDisabled } from '../../domain/people'
import type { FieldErrors, FormValues } from '../../../views/chrome'
import { PeoplePage } from '../../../views/pages/people'
import type { AppEnv } from '../env'
import { addressOf, chrome, formValues, mailContext } from '../request'

const search = z.object({ q: z.string().max(200).optional().default(''), added: z.coerce.number().int().optional() })
const personId = z.object({ id: z.coerce.number().int().positive() })

async function peoplePage(c: Context<AppEnv>, q: string, values: FormValues, errors: FieldErrors, notice?: string) {
  const people = await listPeople(c.get('db'), c.get('actor')!, q)
  return <PeoplePage chrome={chrome(c)} people={people} search={q} values={values} errors={errors} notice={notice} />
}

/** The clinic's directory (admins only: the domain refuses everyone else). */
export const peopleRoutes = new Hono<AppEnv>()
  .get('/people', zValidator('query', search), async (c) => {
    const { q, added } = c.req.valid('query')
    const person = added ? await getPerson(c.get('db'), added) : undefined
    const notice = person && `${person.name} was added and sent an invitation.`
    return c.html(await peoplePage(c, q, {}, {}, notice))
  })
  .post('/people', async (c) => {
    const values = await formValues(c)
    const { db, actor } = c.var
    try {
      const person = await addPerson(db, actor!, values, mailContext(c))
      return c.redirect(`/people?added=${person.id}`, 303)
    } catch (error) {
      if (!(error instanceof Invalid)) throw error
      return c.html(await peoplePage(c, '', values, error.fields), 422)
    }
  })
  .post('/people/:id/:change{disable|enable}', zValidator('param', personId.extend({ change: z.enum(['disable', 'enable']) })), async (c) => {
    const { id, change } = c.req.valid('param')
    await setDisabled(c.get('db'), c.get('actor')!, id, change === 'disable', addressOf(c))
    // their open pages stop receiving now, on every process
    return c.redirect('/people', 303)
  })
