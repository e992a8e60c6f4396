import { zValidator } from '@hono/zod-validator'
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { listCharges } from '../../domain/charges'
import { asMember, createConversation, feeCurrency, listConversations, maxParticipants, listMembers, markRead, openAsMember, requireHostRole, samePeopleAs, stateOf } from '../../domain/conversations'
import { askToAddCard, completeConversation, type WithoutCard } from '../../domain/complete'
import { takesCards } from '../../domain/payments'
import { Invalid, Refused } from '../../domain/errors'
import { listEvents, pageSize, postMessage } from '../../domain/messages'
import { listFiles } from '../../domain/files'
import { listAssignedForms, listTemplates } from '../../domain/forms'
import { suggestParticipants } from '../../domain/people'
import type { FieldErrors } from '../../../views/chrome'
import { domId } from '../../../views/ids'
import { ConversationPage } from '../../../views/pages/conversation'
import { EarlierMessagesPage } from '../../../views/pages/earlier-messages'
import { MessagesPage } from '../../../views/pages/messages'
import { NewConversationPage, type NewConversationValues } from '../../../views/pages/new-conversation'
import { OlderLoader } from '../../../views/parts/message'
import type { AppEnv } from '../env'
import { addressOf, chrome, mailContext } from '../request'

const conversationId = z.object({ id: z.string().min(1).max(64) })
const olderQuery = z.object({ before: z.coerce.number().int().positive() })
const completeForm = z.object({ anyway: z.string().max(1).optional() })
const isPartial = (c: Context<AppEnv>) => c.req.header('hx-request') === 'true'
const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string')

/** The create form's values with a blank row added at the end, or row `remove` (1-based) taken out. */
function withRowChanged(values: NewConversationValues, remove?: number): NewConversationValues {
  if (!remove && values.participants.length >= maxParticipants) return values
  const rows = values.participants.length + 1
  const change = (column: string[] = []) => remove
    ? column.filter((_, i) => i !== remove - 1)
    : Array.from({ length: rows }, (_, i) => column[i] ?? '')
  return { ...values, participants: change(values.participants), fees: change(values.fees), names: change(values.names) }
}

async function newConversationPage(c: Context<AppEnv>, values: NewConversationValues, errors: FieldErrors) {
  const { db, clinic } = c.var
  const sections = await listConversations(db, c.get('actor')!)
  return <NewConversationPage chrome={chrome(c)} sections={sections} values={values} errors={errors}
    charges={clinic!.chargesEnabled} currency={clinic!.currency} timeZone={clinic!.timeZone} />
}

/** A conversation as its member sees it; marks what it shows as read. */
export async function conversationPage(c: Context<AppEnv>, id: string, extra: PageExtras = {}) {
  const { db, clinic } = c.var
  const actor = c.get('actor')!
  const { conversation, viewerRole } = await openAsMember(db, actor, id)
  const [events, members, files, forms, templates, charges] = await Promise.all([listEvents(db, actor, id), listMembers(db, actor, id),
    listFiles(db, actor, id), listAssignedForms(db, actor, id), viewerRole === 'host' ? listTemplates(db, actor) : [], viewerRole === 'host' ? listCharges(db, actor, id) : []])
  if (events.length) await markRead(db, actor, id, events.at(-1)!.id)
  const sections = await listConversations(db, actor)
  return <ConversationPage chrome={chrome(c)} sections={sections} conversation={conversation} state={stateOf(conversation)}
    members={members} events={events} hasOlder={events.length === pageSize} timeZone={clinic!.timeZone} currency={feeCurrency(conversation, clinic!)}
    files={files} forms={forms} templates={templates} charges={charges} {...extra} />
}
type PageExtras = {
  completeError?: string; withoutCard?: WithoutCard[]; askedForCard?: string; confirmArchive?: boolean; chargesError?: string
  attachError?: string; assignError?: string; formErrors?: { formId: string; errors: FieldErrors }
}

/** The Messages tab: the list, creating a conversation, reading and posting. */
export const conversationRoutes = new Hono<AppEnv>()
  .get('/messages', async (c) => {
    const sections = await listConversations(c.get('db'), c.get('actor')!)
    return c.html(<MessagesPage chrome={chrome(c)} sections={sections} timeZone={c.get('clinic')!.timeZone} />)
  })
  .get('/conversations/new', zValidator('query', z.object({ from: z.string().max(64).optional() })), async (c) => {
    requireHostRole(c.get('actor')!)
    const from = c.req.valid('query').from
    const earlier = from ? await samePeopleAs(c.get('db'), c.get('actor')!, from) : { subject: undefined, emails: [''] }
    return c.html(await newConversationPage(c, { subject: earlier.subject, participants: earlier.emails, fees: earlier.emails.map(() => '') }, {}))
  })
  .post('/conversations/:id/complete', zValidator('param', conversationId), zValidator('form', completeForm), async (c) => {
    const { id } = c.req.valid('param')
    const { db, clinic, stripe } = c.var
    try {
      const result = await completeConversation(db, c.get('actor')!, id,
        { clinic: clinic!, canCharge: takesCards(clinic!, stripe), anyway: c.req.valid('form').anyway === '1', address: addressOf(c) })
      // someone with a fee has no card: the host chooses (Go back / Complete anyway); nothing changed yet
      if (result.kind === 'confirm') return c.html(await conversationPage(c, id, { withoutCard: result.withoutCard }))
      if (result.kind === 'confirm-archive') return c.html(await conversationPage(c, id, { confirmArchive: true }))
      return c.redirect(`/conversations/${id}`, 303)
    } catch (error) {
      if (!(error instanceof Refused)) throw error
      // another Complete may have archived it since this request's membership was read: show it as it is now
      c.set('actor', await asMember(db, c.get('actor')!, id))
      return c.html(await conversationPage(c, id, { completeError: error.message }), 422)
    }
  })
  .post('/conversations/:id/card-requests', zValidator('param', conversationId), zValidator('form', z.object({ person: z.coerce.number().int() })), async (c) => {
    const { id } = c.req.valid('param')
    try {
      const { asked, withoutCard } = await askToAddCard(c.get('db'), c.get('actor')!, id, c.req.valid('form').person, mailContext(c))
      return c.html(await conversationPage(c, id, { withoutCard, askedForCard: asked.name }))
    } catch (error) {
      if (!(error instanceof Refused)) throw error
      return c.html(await conversationPage(c, id, { completeError: error.message }), 422)
    }
  })
  // what an open, focused page has shown is read at once; a page in a background tab says nothing
  .post('/conversations/:id/read', zValidator('param', conversationId), zValidator('form', z.object({ upTo: z.coerce.number().int().positive() })), async (c) => {
    const { id } = c.req.valid('param')
    await markRead(c.get('db'), c.get('actor')!, id, c.req.valid('form').upTo)
    return c.body(null, 204)
  })
  .get('/directory', zValidator('query', z.object({ q: z.string().max(200).default('') })), async (c) => {
    const people = await suggestParticipants(c.get('db'), c.get('actor')!, c.req.valid('query').q)
    return c.html(<>{people.map((p) => <option value={p.email}>{p.name}</option>)}</>)
  })
  .post('/conversations', async (c) => {
    const body = await c.req.parseBody({ all: true })
    const values: NewConversationValues = {
      subject: String(body.subject ?? ''), dateTime: String(body.dateTime ?? ''), participants: list(body.participants), fees: list(body.fees),
      names: list(body.names),
    }
    // without the script, Add Participant and Remove post the form: the same form comes back with the row changed
    const removeRow = Number(body.removeRow)
    if (body.addRow || removeRow) return c.html(await newConversationPage(c, withRowChanged(values, removeRow || undefined), {}))
    const { db, actor, clinic } = c.var
    try {
      const created = await createConversation(db, actor!, { ...values, fees: 'fees' in body ? values.fees : undefined }, clinic!, Date.now(), mailContext(c))
      return c.redirect(`/conversations/${created.id}`, 303)
    } catch (error) {
      if (!(error instanceof Invalid)) throw error
      return c.html(await newConversationPage(c, values, error.fields), 422)
    }
  })
  .get('/conversations/:id', zValidator('param', conversationId), async (c) => c.html(await conversationPage(c, c.req.valid('param').id)))
  .get('/conversations/:id/messages', zValidator('param', conversationId), zValidator('query', olderQuery), async (c) => {
    const actor = c.get('actor')!
    const { id } = c.req.valid('param')
    const events = await listEvents(c.get('db'), actor, id, { before: c.req.valid('query').before })
    const timeZone = c.get('clinic')!.timeZone
    const shared = await c.get('live').renderer.sharedIn(events, actor, id)
    if (!isPartial(c)) {
      const { conversation } = await openAsMember(c.get('db'), actor, id)
      return c.html(<EarlierMessagesPage chrome={chrome(c)} conversationId={id} subject={conversation.subject} events={events}
        hasOlder={events.length === pageSize} timeZone={timeZone} shared={shared} />)
    }
    return c.html(String(<OlderLoader conversationId={id} before={events.length === pageSize ? events[0]!.id : undefined} />)
      + c.get('live').renderer.entries(events, actor.id, timeZone, shared))
  })
  .post('/conversations/:id/messages', zValidator('param', conversationId), async (c) => {
    const { id } = c.req.valid('param')
    const body = await c.req.parseBody()
    const { db, live, clinic } = c.var
    try {
      const message = await postMessage(db, c.get('actor')!, id, { body: body.body, clientId: body.clientId || undefined })
      if (!isPartial(c)) return c.redirect(`/conversations/${id}`, 303)
      return c.html(live.renderer.render(message, true, clinic!.timeZone))
    } catch (error) {
      if (!(error instanceof Invalid || error instanceof Refused) || !isPartial(c)) throw error
      return c.text(error.message, 422, { 'HX-Retarget': `#${domId.composerError}`, 'HX-Reswap': 'innerHTML' })
    }
  })
