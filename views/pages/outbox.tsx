import type { Chrome } from '../chrome'
import { Layout } from '../layout'

type Mail = { id: number; to: string; subject: string; body: string; createdAt: number }

/** Mail kept here because no SMTP server is configured; admins pass the links on by hand. */
export const OutboxPage = ({ chrome, mails, timeZone }: { chrome: Chrome; mails: Mail[]; timeZone: string }) => {
  const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone })
  return (
    <Layout title="Outbox" chrome={chrome} current="Outbox">
      <h1>Outbox</h1>
      <p>No mail server is configured (SMTP_URL), so mail is kept here instead of being sent.</p>
      {mails.length === 0 ? <p>No mail yet.</p> : mails.map((mail) => (
        <article class="card mail">
          <h2>{mail.subject}</h2>
          <p class="meta">To {mail.to}, {when.format(mail.createdAt)}</p>
          <pre>{mail.body}</pre>
        </article>
      ))}
    </Layout>
  )
}
