import type { Chrome } from '../chrome'
import { Layout } from '../layout'

type Mail = { id: number; to: string; subject: string; body: string; createdAt: number; status: string; attempts: number; lastError: string | null }

const statusText = (mail: Mail, delivers: boolean) => {
  if (mail.status === 'sent') return 'sent'
  if (mail.status === 'kept') return 'kept here (not sent)'
  if (mail.status === 'failed') return `failed after ${mail.attempts} tries${mail.lastError ? `: ${mail.lastError}` : ''}`
  if (!delivers) return 'waiting'
  return mail.attempts ? `waiting to try again (${mail.attempts} ${mail.attempts === 1 ? 'try' : 'tries'} so far)` : 'sending'
}

/** Every mail the app sends, with what became of it; a link someone asked for themselves is never shown. */
export const OutboxPage = ({ chrome, mails, delivers, timeZone }: { chrome: Chrome; mails: Mail[]; delivers: boolean; timeZone: string }) => {
  const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone })
  return (
    <Layout title="Outbox" chrome={chrome} current="Outbox">
      <h1>Outbox</h1>
      {delivers
        ? <p>Mail the app has sent or is sending, newest first.</p>
        : <p>No mail server is configured (SMTP_URL), so mail is kept here instead of being sent. Pass invitations on by hand;
          sign-in links people ask for themselves are not shown (the operator's CLI prints one: <code>npm run cli -- sign-in-link EMAIL</code>).</p>}
      {mails.length === 0 ? <p>No mail yet.</p> : mails.map((mail) => (
        <article class="card mail">
          <h2>{mail.subject}</h2>
          <p class="meta">To {mail.to}, {when.format(mail.createdAt)}: {statusText(mail, delivers)}</p>
          <pre>{mail.body}</pre>
        </article>
      ))}
    </Layout>
  )
}
