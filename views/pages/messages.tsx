import type { Chrome } from '../chrome'
import { Layout } from '../layout'

/** The conversation list: Upcoming, Active and Archived, newest first. */
export const MessagesPage = ({ chrome }: { chrome: Chrome }) => (
  <Layout title="Messages" chrome={chrome} current="Messages">
    <div class="messages">
      <nav class="conversation-list" aria-label="Conversations">
        {(['Upcoming', 'Active', 'Archived'] as const).map((section) => (
          <section aria-labelledby={`list-${section}`}>
            <h2 id={`list-${section}`}>{section}</h2>
            <p class="empty">No conversations.</p>
          </section>
        ))}
      </nav>
      <section class="conversation-empty">
        <h1 class="visually-hidden">Messages</h1>
        <p>Choose a conversation on the left.</p>
      </section>
    </div>
  </Layout>
)
