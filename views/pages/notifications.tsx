import type { Chrome, FieldErrors, FormValues } from '../chrome'
import { Layout } from '../layout'
import { CheckboxField, CsrfField, FormAlert, TextField } from '../parts/fields'

type Props = { chrome: Chrome; values: FormValues; hasPassword: boolean; errors: FieldErrors; saved?: boolean }

/** The person's own page: whether messages are emailed, their name, their password. */
export const NotificationsPage = ({ chrome, values, hasPassword, errors, saved }: Props) => (
  <Layout title="Notifications" chrome={chrome} current="Notifications">
    <section class="card narrow">
      <h1>Notifications</h1>
      {saved && <p class="notice" role="status">Saved.</p>}
      <FormAlert message={errors.form} />
      <form method="post" action="/notifications" novalidate>
        <CsrfField token={chrome.csrf} />
        <CheckboxField name="emailNotifications" label="Email me about new messages" checked={values.emailNotifications === 'on'}
          error={errors.emailNotifications}
          hint="When you are added to a conversation, when one opens, and when messages wait unread. The email only says that something happened; invitations and sign-in links are sent either way." />
        <TextField name="name" label="Your name" value={values.name} error={errors.name} autocomplete="name" />
        <TextField name="newPassword" label="New password" type="password" required={false} error={errors.newPassword}
          autocomplete="new-password" hint="Leave blank to keep your password." />
        {hasPassword && <TextField name="currentPassword" label="Current password" type="password" required={false}
          error={errors.currentPassword} autocomplete="current-password" hint="Needed only to change your password." />}
        <button type="submit" class="primary">Save</button>
      </form>
    </section>
  </Layout>
)
