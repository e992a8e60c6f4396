import type { Child } from 'hono/jsx'

type Common = { name: string; label: string; error?: string; hint?: Child }
const errorId = (name: string) => `${name}-error`
const hintId = (name: string) => `${name}-hint`

const describedBy = (name: string, error?: string, hint?: Child) =>
  [hint ? hintId(name) : '', error ? errorId(name) : ''].filter(Boolean).join(' ') || undefined

const Messages = ({ name, error, hint }: Omit<Common, 'label'>) => (
  <>
    {hint && <span id={hintId(name)} class="hint">{hint}</span>}
    {error && <span id={errorId(name)} class="error">{error}</span>}
  </>
)

/** A labelled input whose error sits beside it and is linked with aria-describedby. */
export const TextField = ({ name, label, error, hint, value, type = 'text', autocomplete, required = true }:
  Common & { value?: string; type?: string; autocomplete?: string; required?: boolean }) => (
  <div class="field">
    <label for={name}>{label}</label>
    <input id={name} name={name} type={type} value={type === 'password' ? undefined : value} autocomplete={autocomplete}
      required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(name, error, hint)} />
    <Messages name={name} error={error} hint={hint} />
  </div>
)

export const SelectField = ({ name, label, error, hint, value, options }:
  Common & { value?: string; options: { value: string; label: string }[] }) => (
  <div class="field">
    <label for={name}>{label}</label>
    <select id={name} name={name} required aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(name, error, hint)}>
      {options.map((o) => <option value={o.value} selected={o.value === value}>{o.label}</option>)}
    </select>
    <Messages name={name} error={error} hint={hint} />
  </div>
)

export const CheckboxField = ({ name, label, error, hint, checked, disabled }:
  Common & { checked?: boolean; disabled?: boolean }) => (
  <div class="field checkbox">
    <input id={name} name={name} type="checkbox" checked={checked} disabled={disabled}
      aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(name, error, hint)} />
    <label for={name}>{label}</label>
    <Messages name={name} error={error} hint={hint} />
  </div>
)

export const CsrfField = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />

/** A message about the whole form, announced to screen readers. */
export const FormAlert = ({ message }: { message?: string }) =>
  message ? <p class="alert" role="alert">{message}</p> : null
