import type { Clinic } from '../../src/domain/clinic'
import type { Chrome, FieldErrors, FormValues } from '../chrome'
import { Layout } from '../layout'
import { CheckboxField, CsrfField, FormAlert, SelectField, TextField } from '../parts/fields'

type Props = {
  chrome: Chrome; clinic: Clinic; values?: FormValues; errors: FieldErrors; saved?: boolean
  paymentsConfigured: boolean; timeZones: string[]; currencies: string[]
}

/** The clinic's name, time zone, currency and whether fees are charged through the app. */
export const SettingsPage = ({ chrome, clinic, values, errors, saved, paymentsConfigured, timeZones, currencies }: Props) => {
  const v = values ?? { name: clinic.name, timeZone: clinic.timeZone, currency: clinic.currency, chargesEnabled: clinic.chargesEnabled ? 'on' : undefined }
  return (
    <Layout title="Settings" chrome={chrome} current="Settings">
      <section class="card narrow">
        <h1>Settings</h1>
        {saved && <p class="notice" role="status">Settings saved.</p>}
        <FormAlert message={errors.form} />
        <form method="post" action="/settings" novalidate>
          <CsrfField token={chrome.csrf} />
          <TextField name="name" label="Clinic name" value={v.name} error={errors.name} />
          <SelectField name="timeZone" label="Time zone" value={v.timeZone} error={errors.timeZone}
            options={timeZones.map((z) => ({ value: z, label: z.replaceAll('_', ' ') }))} />
          <SelectField name="currency" label="Currency" value={v.currency} error={errors.currency}
            options={currencies.map((c) => ({ value: c, label: c }))} />
          <CheckboxField name="chargesEnabled" label="Charge fees through this app" checked={v.chargesEnabled === 'on'}
            disabled={!paymentsConfigured && v.chargesEnabled !== 'on'} error={errors.chargesEnabled}
            hint={paymentsConfigured
              ? 'Participants pay the fee set for them when a conversation is completed.'
              : 'Not available yet: the server has no STRIPE_SECRET_KEY. Ask your operator to set it, then switch this on.'} />
          <button type="submit" class="primary">Save settings</button>
        </form>
      </section>
    </Layout>
  )
}
