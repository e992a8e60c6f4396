import type { EventView } from '../../src/domain/messages'
import type { Chrome } from '../chrome'
import { Layout } from '../layout'
import { LogEntry, OlderLoader, type Shared } from '../parts/message'

type Props = { chrome: Chrome; conversationId: string; subject: string; events: EventView[]; hasOlder: boolean; timeZone: string; shared: (e: EventView) => Shared }

/** Without the script, "Earlier messages" is this page: 50 older messages, with links further back and to the newest. */
export const EarlierMessagesPage = ({ chrome, conversationId, subject, events, hasOlder, timeZone, shared }: Props) => (
  <Layout title={`Earlier messages · ${subject}`} chrome={chrome} current="Messages">
    <section class="card conversation">
      <h1>{subject}: earlier messages</h1>
      <div class="log" role="log" aria-label="Conversation log">
        <OlderLoader conversationId={conversationId} before={hasOlder ? events[0]!.id : undefined} />
        {events.map((event) => <LogEntry event={event} mine={event.senderId === chrome.actor!.id} timeZone={timeZone} shared={shared(event)} />)}
      </div>
      <p><a href={`/conversations/${conversationId}`}>Back to the newest messages</a></p>
    </section>
  </Layout>
)
