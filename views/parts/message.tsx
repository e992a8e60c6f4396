import type { EventView } from '../../src/domain/messages'
import type { FileView } from '../../src/domain/files'
import type { AssignedFormView } from '../../src/domain/forms'
import { domId } from '../ids'
import { formatSize } from './size'

const timeOfDay = new Map<string, Intl.DateTimeFormat>()
const clock = (timeZone: string) => {
  let format = timeOfDay.get(timeZone)
  if (!format) timeOfDay.set(timeZone, (format = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })))
  return format
}

/** What this viewer may see of a log entry's file or form (from the same reads as the Attachments panel). */
export type Shared = { file?: FileView; form?: AssignedFormView; viewerId: number }

/**
 * One entry of the log: a message, or a line saying what happened. A file or form shows only to those who may see
 * it (`shared` holds this viewer's view of it, or nothing), so a patient on a phone sees it where they read.
 */
export const LogEntry = ({ event, mine, timeZone, shared }: { event: EventView; mine: boolean; timeZone: string; shared?: Shared }) => {
  const when = <time datetime={new Date(event.createdAt).toISOString()}>{clock(timeZone).format(event.createdAt)}</time>
  if (event.kind === 'file') {
    const file = shared?.file
    if (!file) return null
    return (
      <div id={domId.event(event.id)} class={mine ? 'message mine shared' : 'message shared'}>
        <p class="meta"><span class="sender">{mine ? 'You' : event.senderName}</span> shared a file {when}</p>
        <p class="body"><a href={`/files/${file.id}`} download>{file.name}</a> <span class="meta">{formatSize(file.size)}</span></p>
      </div>
    )
  }
  if (event.kind === 'form' || event.kind === 'form_submitted') {
    const form = shared?.form
    if (!form) return null
    const forMe = form.assigneeId === shared!.viewerId
    const what = event.kind === 'form'
      ? <>{mine ? 'You' : event.senderName} assigned the form <strong>{form.name}</strong> to {forMe ? 'you' : form.assigneeName}</>
      : <>{forMe ? 'You' : form.assigneeName} submitted the form <strong>{form.name}</strong></>
    return (
      <div id={domId.event(event.id)} class="system shared">
        {what} · {when}
        {event.kind === 'form' && forMe && !form.submittedAt && <> · <a href={`#${domId.form(form.id)}`}>Fill it in</a></>}
        {event.kind === 'form' && !forMe && <> · {form.submittedAt ? 'submitted' : 'not yet submitted'}</>}
      </div>
    )
  }
  if (event.kind === 'archived') return <div id={domId.event(event.id)} class="system">{event.senderName} completed the conversation · {when}</div>
  if (event.kind === 'created') return <div id={domId.event(event.id)} class="system">{event.senderName} started the conversation · {when}</div>
  return (
    <div id={domId.event(event.id)} class={mine ? 'message mine' : 'message'}>
      <p class="meta"><span class="sender">{mine ? 'You' : event.senderName}</span> {when}</p>
      <p class="body">{event.body}</p>
    </div>
  )
}

/** Finds, for an event, the viewer's view of its file or form among those they may see. */
export function sharedLookup(files: FileView[], forms: AssignedFormView[], viewerId: number) {
  const fileById = new Map(files.map((f) => [f.id, f]))
  const formById = new Map(forms.map((f) => [f.id, f]))
  return (event: EventView): Shared => ({
    file: event.fileId ? fileById.get(event.fileId) : undefined, form: event.formId ? formById.get(event.formId) : undefined, viewerId,
  })
}

/**
 * Sits above the oldest message shown; scrolling up to it loads the 50 before. Without the script it is a link
 * to the page of those 50.
 */
export const OlderLoader = ({ conversationId, before }: { conversationId: string; before?: number }) =>
  before === undefined
    ? <div id={domId.olderLoader} class="system" hidden></div>
    : <div id={domId.olderLoader} class="system" hx-get={`/conversations/${conversationId}/messages?before=${before}`}
        hx-trigger="intersect once" hx-target={`#${domId.log}`} hx-swap="upsert sort">
        <a href={`/conversations/${conversationId}/messages?before=${before}`}>Earlier messages</a>
      </div>
