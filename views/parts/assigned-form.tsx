import type { FormField } from '../../src/domain/form-fields'
import type { AssignedFormView } from '../../src/domain/forms'
import { formatWhen } from '../../src/domain/time'
import type { FieldErrors } from '../chrome'
import { domId } from '../ids'
import { CsrfField } from './fields'

const answerText = (field: FormField, answer: string | string[] | undefined) =>
  answer === undefined ? '—' : Array.isArray(answer) ? answer.join(', ') : field.type === 'yes_no' ? (answer === 'yes' ? 'Yes' : 'No') : answer

/** One question of a form being filled in, with its error beside it. */
const Question = ({ formId, field, error }: { formId: string; field: FormField; error?: string }) => {
  const id = `${formId}-${field.id}`
  const err = error ? `${id}-error` : undefined
  const label = `${field.label}${field.required ? '' : ' (optional)'}`
  const choices = field.type === 'yes_no' ? [['yes', 'Yes'], ['no', 'No']]
    : field.type === 'scale' ? Array.from({ length: field.max ?? 5 }, (_, i) => [String(i + 1), String(i + 1)])
    : (field.options ?? []).map((o) => [o, o])
  const message = error && <span id={err} class="error">{error}</span>
  if (field.type === 'text' || field.type === 'date' || field.type === 'long_text') {
    return (
      <div class="field">
        <label for={id}>{label}</label>
        {field.type === 'long_text'
          ? <textarea id={id} name={field.id} rows={3} required={field.required} aria-describedby={err}></textarea>
          : <input id={id} name={field.id} type={field.type === 'date' ? 'date' : 'text'} required={field.required} aria-describedby={err} />}
        {message}
      </div>
    )
  }
  return (
    <fieldset class="question" aria-describedby={err}>
      <legend>{label}</legend>
      {choices.map(([value, text], i) => (
        <div class="field checkbox">
          <input id={`${id}-${i}`} type={field.type === 'multiple_choice' ? 'checkbox' : 'radio'} name={field.id} value={value} />
          <label for={`${id}-${i}`}>{text}</label>
        </div>
      ))}
      {message}
    </fieldset>
  )
}

type Props = { form: AssignedFormView; viewerId: number; csrf: string; timeZone: string; errors?: FieldErrors; canSubmit: boolean }

/** An assigned form: the assignee fills it in place; after submitting, it and the host's copy show the answers. */
export const AssignedForm = ({ form, viewerId, csrf, timeZone, errors, canSubmit }: Props) => {
  const mine = form.assigneeId === viewerId
  const status = form.submittedAt ? `Submitted ${formatWhen(form.submittedAt, timeZone)}` : 'Assigned, not yet submitted'
  return (
    <li id={domId.form(form.id)} class="assigned-form">
      <h3>{form.name}</h3>
      <p class="meta">{mine ? 'For you' : `For ${form.assigneeName}`} · {status}</p>
      {errors?.form && <p class="error" role="alert">{errors.form}</p>}
      {form.submittedAt && (
        <dl class="answers">
          {form.fields.map((field) => <><dt>{field.label}</dt><dd>{answerText(field, form.answers?.[field.id])}</dd></>)}
        </dl>
      )}
      {!form.submittedAt && mine && canSubmit && (
        <form method="post" action={`/assigned-forms/${form.id}`} novalidate>
          <CsrfField token={csrf} />
          {form.fields.map((field) => <Question formId={form.id} field={field} error={errors?.[field.id]} />)}
          <button type="submit" class="primary">Submit form</button>
        </form>
      )}
    </li>
  )
}

export const LiveAssignedForm = (props: Props) => (
  <hx-partial hx-target={`#${domId.forms}`} hx-swap="upsert"><AssignedForm {...props} /></hx-partial>
)
