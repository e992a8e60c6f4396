import { zValidator } from '@hono/zod-validator'
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { Invalid, Refused } from '../../domain/errors'
import type { FormField } from '../../domain/form-fields'
import { assignForm, getAssignedForm, getTemplate, listTemplates, requireFormAuthor, saveTemplate, submitForm, type BuilderRow } from '../../domain/forms'
import type { FieldErrors } from '../../../views/chrome'
import { builderRowCount, FormBuilderPage, FormsPage } from '../../../views/pages/forms'
import type { AppEnv } from '../env'
import { addressOf, chrome } from '../request'
import { conversationPage } from './conversations'

const templateId = z.object({ id: z.coerce.number().int().positive() })
const anId = z.object({ id: z.string().min(1).max(64) })

/** The builder's numbered fields as rows. */
function builderRows(body: Record<string, unknown>): BuilderRow[] {
  return Array.from({ length: builderRowCount }, (_, i) => ({
    label: String(body[`label-${i + 1}`] ?? ''), type: String(body[`type-${i + 1}`] ?? 'text'),
    required: body[`required-${i + 1}`] !== undefined, options: String(body[`options-${i + 1}`] ?? ''),
  }))
}
const rowsOf = (fields: FormField[]): BuilderRow[] =>
  fields.map((f) => ({ label: f.label, type: f.type, required: f.required, options: f.options?.join('\n') }))

async function saveBuilder(c: Context<AppEnv>, id?: number) {
  const body = await c.req.parseBody()
  const name = String(body.name ?? '')
  const rows = builderRows(body)
  try {
    await saveTemplate(c.get('db'), c.get('actor')!, { id, name, rows })
    return c.redirect('/forms?saved=1', 303)
  } catch (error) {
    if (!(error instanceof Invalid)) throw error
    return c.html(<FormBuilderPage chrome={chrome(c)} id={id} name={name} rows={rows} errors={error.fields} />, 422)
  }
}

/** The form library, assigning a form in a conversation, and submitting one. */
export const formRoutes = new Hono<AppEnv>()
  .get('/forms', async (c) => c.html(<FormsPage chrome={chrome(c)} templates={await listTemplates(c.get('db'), c.get('actor')!)} saved={c.req.query('saved') === '1'} />))
  .get('/forms/new', async (c) => {
    requireFormAuthor(c.get('actor')!)
    return c.html(<FormBuilderPage chrome={chrome(c)} name="" rows={[]} errors={{}} />)
  })
  .get('/forms/:id/edit', zValidator('param', templateId), async (c) => {
    const template = await getTemplate(c.get('db'), c.get('actor')!, c.req.valid('param').id)
    return c.html(<FormBuilderPage chrome={chrome(c)} id={template.id} name={template.name} rows={rowsOf(template.fields)} errors={{}} />)
  })
  .post('/forms', (c) => saveBuilder(c))
  .post('/forms/:id', zValidator('param', templateId), (c) => saveBuilder(c, c.req.valid('param').id))
  .post('/conversations/:id/forms', zValidator('param', anId), async (c) => {
    const { id } = c.req.valid('param')
    const body = await c.req.parseBody()
    try {
      await assignForm(c.get('db'), c.get('actor')!, id, { templateId: Number(body.templateId), assigneeId: Number(body.assigneeId) }, addressOf(c))
      return c.redirect(`/conversations/${id}`, 303)
    } catch (error) {
      if (!(error instanceof Invalid || error instanceof Refused)) throw error
      return c.html(await conversationPage(c, id, { assignError: error.message }), 422)
    }
  })
  .post('/assigned-forms/:id', zValidator('param', anId), async (c) => {
    const { id } = c.req.valid('param')
    const body = await c.req.parseBody({ all: true })
    const { conversationId } = await getAssignedForm(c.get('db'), c.get('actor')!, id)
    try {
      const submitted = await submitForm(c.get('db'), c.get('actor')!, id, body, addressOf(c))
      return c.redirect(`/conversations/${submitted.conversationId}`, 303)
    } catch (error) {
      if (!(error instanceof Invalid || error instanceof Refused)) throw error
      const errors: FieldErrors = error instanceof Invalid ? error.fields : { form: error.message }
      return c.html(await conversationPage(c, conversationId, { formErrors: { formId: id, errors } }), 422)
    }
  })
