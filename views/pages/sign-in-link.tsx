import type { Chrome, FieldErrors } from '../chrome'
import { Layout } from '../layout'
import { CsrfField, FormAlert, TextField } from '../parts/fields'

type Props = { chrome: Chrome; token: string; personName: string; needsPassword: boolean; minimumPassword: number; errors: FieldErrors }

/** The page a one-time link opens; only its button (a POST) uses the link, since mail scanners follow GETs. */
export const SignInLinkPage = ({ chrome, token, personName, needsPassword, minimumPassword, errors }: Props) => (
  <Layout title="Sign in" chrome={chrome}>
    <section class="card narrow">
      <h1>Welcome, {personName}</h1>
      <FormAlert message={errors.form} />
      <form method="post" action={`/sign-in/link/${token}`} novalidate>
        <CsrfField token={chrome.csrf} />
        {needsPassword
          ? <p>Choose a password for your account, then sign in.</p>
          : <p>You can set a password now, or leave it blank and keep using emailed links.</p>}
        <TextField name="password" label={needsPassword ? 'Choose a password' : 'Choose a password (optional)'} type="password"
          required={needsPassword} error={errors.password} autocomplete="new-password" hint={`At least ${minimumPassword} characters.`} />
        <button type="submit" class="primary">Sign in</button>
      </form>
    </section>
  </Layout>
)

type SpentProps = { chrome: Chrome; message: string; renewAt?: string; renewed?: boolean }

/** A used or expired link; an expired invitation offers a new one, sent to the address it was sent to. */
export const SpentLinkPage = ({ chrome, message, renewAt, renewed }: SpentProps) => (
  <Layout title="Link expired" chrome={chrome}>
    <section class="card narrow">
      <h1>This link can't be used</h1>
      {renewed
        ? <p role="status">If this invitation was still yours to use, a new link is on its way to the email it came to.</p>
        : <p role="alert">{message}</p>}
      {renewAt && !renewed && (
        <form method="post" action={renewAt}>
          <CsrfField token={chrome.csrf} />
          <p>This invitation has expired. We can send you a new one.</p>
          <button type="submit" class="primary">Email me a new link</button>
        </form>
      )}
      <p><a href="/sign-in">Go to the sign-in page</a></p>
    </section>
  </Layout>
)
