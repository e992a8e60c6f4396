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

export const SpentLinkPage = ({ chrome, message }: { chrome: Chrome; message: string }) => (
  <Layout title="Link expired" chrome={chrome}>
    <section class="card narrow">
      <h1>This link can't be used</h1>
      <p role="alert">{message}</p>
      <p><a href="/sign-in">Go to the sign-in page</a></p>
    </section>
  </Layout>
)
