import type { Chrome } from '../chrome'
import { Layout } from '../layout'
import { ConversationList, type ListSections } from '../parts/conversation-list'

/** The Messages tab before a conversation is chosen; the list stays live. */
export const MessagesPage = ({ chrome, sections, timeZone }: { chrome: Chrome; sections: ListSections; timeZone: string }) => (
  <Layout title="Messages" chrome={chrome} current="Messages">
    <div class="messages" hx-sse:connect="/live">
      <ConversationList sections={sections} canCreate={chrome.actor!.role !== 'patient'} timeZone={timeZone} />
      <section class="conversation-empty">
        <h1 class="visually-hidden">Messages</h1>
        <p>Choose a conversation from the list.</p>
      </section>
    </div>
  </Layout>
)
