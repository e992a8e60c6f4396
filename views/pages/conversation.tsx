import type { Conversation, ConversationState, MemberView } from '../../src/domain/conversations'
import type { FileView } from '../../src/domain/files'
import type { ChargeView } from '../../src/domain/charges'
import type { AssignedFormView } from '../../src/domain/forms'
import type { EventView } from '../../src/domain/messages'
import { formatWhen } from '../../src/domain/time'
import type { Chrome, FieldErrors } from '../chrome'
import { domId } from '../ids'
import { Layout } from '../layout'
import { AttachmentsPanel } from '../parts/attachments'
import { Ellipsis } from '../parts/icons'
import { ChargesPanel } from '../parts/charges'
import { ArchiveQuestion, CompleteWarning } from '../parts/complete-warning'
import { Composer } from '../parts/composer'
import { ConversationList, type ListSections } from '../parts/conversation-list'
import { LogEntry, OlderLoader, sharedLookup } from '../parts/message'
import { ParticipantsPanel } from '../parts/participants'

type Props = {
  chrome: Chrome; sections: ListSections; conversation: Conversation; state: ConversationState; members: MemberView[]
  events: EventView[]; hasOlder: boolean; timeZone: string; currency: string; files: FileView[]; attachError?: string
  forms: AssignedFormView[]; templates: { id: number; name: string }[]; assignError?: string; formErrors?: { formId: string; errors: FieldErrors }
  completeError?: string; withoutCard?: { personId: number; name: string }[]; askedForCard?: string; confirmArchive?: boolean
  charges: ChargeView[]; chargesError?: string
}

export const StatusLine = ({ state, conversation, timeZone, oob }: { state: ConversationState; conversation: Pick<Conversation, 'opensAt' | 'archivedAt'>; timeZone: string; oob?: boolean }) => (
  <p id={domId.status} class="meta" hx-swap-oob={oob ? 'true' : undefined}>
    {state === 'upcoming' ? `Upcoming · opens ${formatWhen(conversation.opensAt, timeZone)}`
      : state === 'active' ? `Active · since ${formatWhen(conversation.opensAt, timeZone)}`
      : `Archived · ${formatWhen(conversation.archivedAt!, timeZone)}`}
  </p>
)

/** The Messages tab with one conversation open: list, log and composer, participants and attachments. */
export const ConversationPage = ({ chrome, sections, conversation, state, members, events, hasOlder, timeZone, currency, files, attachError, completeError,
  withoutCard, askedForCard, confirmArchive, charges, chargesError, ...forms }: Props) => {
  const me = chrome.actor!.id
  const viewerIsHost = conversation.hostId === me
  const recipients = members.filter((m) => m.role === 'participant' && m.personId !== me)
  const lastId = events.at(-1)?.id ?? 0
  const shared = sharedLookup(files, forms.forms, me)
  return (
    <Layout title={conversation.subject} chrome={chrome} current="Messages">
      <div class="messages with-panels">
        <ConversationList sections={sections} currentId={conversation.id} canCreate={chrome.actor!.role !== 'patient'} timeZone={timeZone} />
        <section class="conversation" aria-labelledby="conversation-title">
          <header>
            <div class="title-row">
              <h1 id="conversation-title">{conversation.subject}</h1>
              {viewerIsHost && <HostActions conversation={conversation} state={state} csrf={chrome.csrf} />}
            </div>
            <StatusLine state={state} conversation={conversation} timeZone={timeZone} />
            <nav class="jump" aria-label="On this page">
              <a href="#conversation-list">Conversations</a><a href="#participants">Participants</a><a href="#attachments">Attachments</a>
            </nav>
            {completeError && <p class="alert" role="alert">{completeError}</p>}
          </header>
          {confirmArchive && <ArchiveQuestion conversationId={conversation.id} csrf={chrome.csrf} />}
          {withoutCard && <CompleteWarning conversationId={conversation.id} withoutCard={withoutCard} asked={askedForCard} csrf={chrome.csrf} />}
          <div id={domId.log} role="log" aria-label="Conversation log" class="log" tabindex={0} hx-sse:connect={`/live?c=${conversation.id}&after=${lastId}`}
            data-read-url={`/conversations/${conversation.id}/read`} data-read-up-to={String(lastId)}
            hx-swap="upsert sort">
            <OlderLoader conversationId={conversation.id} before={hasOlder ? events[0]!.id : undefined} />
            {events.map((event) => <LogEntry event={event} mine={event.senderId === me} timeZone={timeZone} shared={shared(event)} />)}
          </div>
          <noscript><p class="notice">New messages appear here live when JavaScript is on.{' '}
            <a href={`/conversations/${conversation.id}`}>Load new messages</a></p></noscript>
          <Composer conversationId={conversation.id} state={state} opensAt={conversation.opensAt} timeZone={timeZone} csrf={chrome.csrf} />
        </section>
        <aside class="side">
          <ParticipantsPanel members={members} currency={currency} />
          {viewerIsHost && <ChargesPanel conversationId={conversation.id} charges={charges} csrf={chrome.csrf} timeZone={timeZone} error={chargesError} />}
          <AttachmentsPanel conversationId={conversation.id} files={files} recipients={recipients} canShare={state === 'active'}
            viewerIsHost={viewerIsHost} csrf={chrome.csrf} timeZone={timeZone} error={attachError} viewerId={me} {...forms} />
        </aside>
      </div>
    </Layout>
  )
}

/** The host's Complete (or, once archived, a fresh start with the same people) and the ellipsis menu. */
const HostActions = ({ conversation, state, csrf }: { conversation: Conversation; state: ConversationState; csrf: string }) => (
  <div class="host-actions">
    {state === 'archived'
      ? <a class="button" href={`/conversations/new?from=${conversation.id}`}>Start a new conversation with these people</a>
      : <form method="post" action={`/conversations/${conversation.id}/complete`} data-submit-once>
          <input type="hidden" name="_csrf" value={csrf} />
          <button type="submit" class="primary">Complete</button>
        </form>}
    <MoreActions conversationId={conversation.id} />
  </div>
)

/** The host's ellipsis menu: a disclosure of plain links, so it opens without the script too. */
const MoreActions = ({ conversationId }: { conversationId: string }) => (
  <details class="more">
    <summary role="button" class="icon" aria-label="More actions"><Ellipsis /></summary>
    <ul id="more-actions">
      <li><a href={`/conversations/${conversationId}/export.csv`} download>Export to .csv</a></li>
    </ul>
  </details>
)
