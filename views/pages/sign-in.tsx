import type { Chrome, FieldErrors, FormValues } from '../chrome'
import { Layout } from '../layout'
import { CsrfField, FormAlert, TextField } from '../parts/fields'

type Props = { chrome: Chrome; values: FormValues; errors: FieldErrors; linkErrors?: FieldErrors; linkSent?: boolean; notice?: string }

/** Password sign-in, and a one-time link by email for those who prefer it (most patients). */
export const SignInPage = ({ chrome, values, errors, linkErrors = {}, linkSent, notice }: Props) => (
  <Layout title="Sign in" chrome={chrome}>
    <section class="card narrow">
      <h1>Sign in{chrome.clinicName ? ` to ${chrome.clinicName}` : ''}</h1>
      {notice && <p class="notice" role="status">{notice}</p>}
      <FormAlert message={errors.form} />
      <form method="post" action="/sign-in" novalidate>
        <CsrfField token={chrome.csrf} />
        <TextField name="email" label="Email" type="email" value={values.email} error={errors.email} autocomplete="username" />
        <TextField name="password" label="Password" type="password" error={errors.password} autocomplete="current-password" />
        <button type="submit" class="primary">Sign in</button>
      </form>
    </section>
    <section class="card narrow" aria-labelledby="link-heading">
      <h2 id="link-heading">No password?</h2>
      {linkSent
        ? <p role="status">If that address belongs to someone at this clinic, a sign-in link is on its way. It works once, for 15 minutes.</p>
        : <p>We can email you a one-time sign-in link instead.</p>}
      <FormAlert message={linkErrors.form} />
      <form method="post" action="/sign-in/link" novalidate>
        <CsrfField token={chrome.csrf} />
        <TextField name="email" label="Email for the link" type="email" value={values.linkEmail} error={linkErrors.email} autocomplete="email" />
        <button type="submit">Email me a sign-in link</button>
      </form>
    </section>
  </Layout>
)
