import type { EventView } from '../../src/domain/messages'
import { domId } from '../ids'

const timeOfDay = new Map<string, Intl.DateTimeFormat>()
const clock = (timeZone: string) => {
  let format = timeOfDay.get(timeZone)
  if (!format) timeOfDay.set(timeZone, (format = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })))
  return format
}

/** One entry of the log: a message, or a line saying what happened. */
export const LogEntry = ({ event, mine, timeZone }: { event: EventView; mine: boolean; timeZone: string }) => {
  const when = <time datetime={new Date(event.createdAt).toISOString()}>{clock(timeZone).format(event.createdAt)}</time>
  // files and forms are shown in the Attachments panel, only to those who may see them
  if (event.kind === 'file' || event.kind === 'form' || event.kind === 'form_submitted') return null
  if (event.kind === 'archived') return <div id={domId.event(event.id)} class="system">{event.senderName} completed the conversation · {when}</div>
  if (event.kind === 'created') return <div id={domId.event(event.id)} class="system">{event.senderName} started the conversation · {when}</div>
  return (
    <div id={domId.event(event.id)} class={mine ? 'message mine' : 'message'}>
      <p class="meta"><span class="sender">{mine ? 'You' : event.senderName}</span> {when}</p>
      <p class="body">{event.body}</p>
    </div>
  )
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
