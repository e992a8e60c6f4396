import type { Chrome, FieldErrors } from '../chrome'
import { Layout } from '../layout'
import { ConversationList, type ListSections } from '../parts/conversation-list'
import { CsrfField, FormAlert } from '../parts/fields'

export type NewConversationValues = { subject?: string; dateTime?: string; participants: string[]; fees: string[]; names?: string[] }
type Props = { chrome: Chrome; sections: ListSections; values: NewConversationValues; errors: FieldErrors; charges: boolean; currency: string; timeZone: string }

const Err = ({ id, error }: { id: string; error?: string }) => (error ? <span id={id} class="error">{error}</span> : null)

type RowProps = { n: number | string; value?: string; fee?: string; name?: string; errors: FieldErrors; charges: boolean; currency: string }

/**
 * One participant row; `n` is 1-based and appears in the accessible names (Participant n, Name n, Fee n). Name n
 * shows for someone new to the directory (after the server says so, or as the script sees it); hidden, it still
 * posts an empty value so that names stay in step with their rows.
 */
export const ParticipantRow = ({ n, value, fee, name, errors, charges, currency }: RowProps) => {
  const pError = errors[`participant-${n}`]
  const fError = errors[`fee-${n}`]
  const nError = errors[`name-${n}`]
  const newcomer = !!nError || !!name
  return (
    <div class="participant-row" data-row>
      <div class="field">
        <label for={`participant-${n}`}>Participant {n}</label>
        <input id={`participant-${n}`} name="participants" type="text" list="directory" value={value} required autocomplete="off"
          placeholder="Name or email" data-directory-search aria-invalid={pError ? 'true' : undefined}
          aria-describedby={pError ? `participant-${n}-error` : undefined} />
        <Err id={`participant-${n}-error`} error={pError} />
      </div>
      <div class="field name" data-newcomer hidden={!newcomer}>
        <label for={`name-${n}`}>Name {n}</label>
        <input id={`name-${n}`} name="names" type="text" value={name} required={newcomer} disabled={!newcomer} maxlength={120} autocomplete="off"
          aria-invalid={nError ? 'true' : undefined} aria-describedby={nError ? `name-${n}-error` : `name-${n}-hint`} />
        <span id={`name-${n}-hint`} class="hint">Not in the directory yet: they will be invited as a patient.</span>
        <Err id={`name-${n}-error`} error={nError} />
      </div>
      {!newcomer && <input type="hidden" name="names" value="" data-newcomer-placeholder />}
      {charges && (
        <div class="field fee">
          <label for={`fee-${n}`}>Fee {n}</label>
          <input id={`fee-${n}`} name="fees" type="text" inputmode="decimal" value={fee} required placeholder={`0.00 ${currency}`}
            aria-invalid={fError ? 'true' : undefined} aria-describedby={fError ? `fee-${n}-error` : undefined} />
          <Err id={`fee-${n}-error`} error={fError} />
        </div>
      )}
      <button type="submit" name="removeRow" value={String(n)} formnovalidate class="link remove" data-remove-row aria-label={`Remove row ${n}`}>Remove</button>
    </div>
  )
}

/** Create new Conversation: subject, optional time, 1 to 25 participants (and their fees when the clinic charges). */
export const NewConversationPage = ({ chrome, sections, values, errors, charges, currency, timeZone }: Props) => {
  const rows = values.participants.length ? values.participants : ['']
  return (
    <Layout title="New conversation" chrome={chrome} current="Messages">
      <div class="messages">
        <ConversationList sections={sections} canCreate timeZone={timeZone} />
        <section class="card">
          <h1>New conversation</h1>
          <FormAlert message={errors.form} />
          <form method="post" action="/conversations" data-require-all novalidate>
            <CsrfField token={chrome.csrf} />
            <div class="field">
              <label for="subject">Subject</label>
              <input id="subject" name="subject" type="text" value={values.subject} required maxlength={200}
                aria-invalid={errors.subject ? 'true' : undefined} aria-describedby={errors.subject ? 'subject-error' : undefined} />
              <Err id="subject-error" error={errors.subject} />
            </div>
            <div class="field">
              <label for="dateTime">Date &amp; time</label>
              <input id="dateTime" name="dateTime" type="datetime-local" value={values.dateTime}
                aria-describedby={errors.dateTime ? 'dateTime-hint dateTime-error' : 'dateTime-hint'} aria-invalid={errors.dateTime ? 'true' : undefined} />
              <span id="dateTime-hint" class="hint">Leave blank to start now. Times are in {timeZone.replaceAll('_', ' ')}.</span>
              <Err id="dateTime-error" error={errors.dateTime} />
            </div>
            <fieldset>
              <legend>Participants (1 to 25)</legend>
              <Err id="participants-error" error={errors.participants} />
              <div data-rows>
                {rows.map((value, i) => <ParticipantRow n={i + 1} value={value} fee={values.fees[i]} name={values.names?.[i]} errors={errors} charges={charges} currency={currency} />)}
              </div>
              <template id="participant-row-template">
                <ParticipantRow n="__N__" errors={{}} charges={charges} currency={currency} />
              </template>
              <button type="submit" name="addRow" value="1" formnovalidate data-add-row>Add Participant</button>
            </fieldset>
            <datalist id="directory"></datalist>
            <button type="submit" class="primary">Create New Conversation</button>
          </form>
        </section>
      </div>
    </Layout>
  )
}
