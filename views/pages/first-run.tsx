import type { Chrome, FieldErrors, FormValues } from '../chrome'
import { Layout } from '../layout'
import { CsrfField, FormAlert, SelectField, TextField } from '../parts/fields'

type Props = { chrome: Chrome; values: FormValues; errors: FieldErrors; timeZones: string[]; currencies: string[] }

/** Shown once, on a new install: the clinic and its first admin. */
export const FirstRunPage = ({ chrome, values, errors, timeZones, currencies }: Props) => (
  <Layout title="Set up your clinic" chrome={chrome}>
    <section class="card narrow">
      <h1>Set up your clinic</h1>
      <p>Name the clinic and create the first admin account. You can change the clinic's details later in Settings.</p>
      <FormAlert message={errors.form} />
      <form method="post" action="/setup" novalidate>
        <CsrfField token={chrome.csrf} />
        <TextField name="clinicName" label="Clinic name" value={values.clinicName} error={errors.clinicName} autocomplete="organization" />
        <SelectField name="timeZone" label="Time zone" value={values.timeZone} error={errors.timeZone}
          options={timeZones.map((z) => ({ value: z, label: z.replaceAll('_', ' ') }))} />
        <SelectField name="currency" label="Currency" value={values.currency} error={errors.currency}
          options={currencies.map((c) => ({ value: c, label: c }))} />
        <TextField name="yourName" label="Your name" value={values.yourName} error={errors.yourName} autocomplete="name" />
        <TextField name="email" label="Email" type="email" value={values.email} error={errors.email} autocomplete="email" />
        <TextField name="password" label="Password" type="password" error={errors.password} autocomplete="new-password"
          hint="At least 12 characters." />
        <button type="submit" class="primary">Create clinic</button>
      </form>
    </section>
  </Layout>
)
