import { fieldTypeLabels, fieldTypes } from '../../src/domain/form-fields'
import type { BuilderRow, FormTemplate } from '../../src/domain/forms'
import type { Chrome, FieldErrors } from '../chrome'
import { Layout } from '../layout'
import { CsrfField, FormAlert } from '../parts/fields'

/** The clinic's form library. */
export const FormsPage = ({ chrome, templates, saved }: { chrome: Chrome; templates: FormTemplate[]; saved?: boolean }) => (
  <Layout title="Forms" chrome={chrome} current="Forms">
    <h1>Forms</h1>
    {saved && <p class="notice" role="status">Form saved. Forms already assigned keep the questions they were given.</p>}
    <p><a class="button primary" href="/forms/new">New form</a></p>
    <section class="card">
      <table>
        <thead><tr><th scope="col">Form</th><th scope="col">Questions</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
        <tbody>
          {templates.map((t) => (
            <tr>
              <td>{t.name}{t.builtIn && <span class="tag">built in</span>}</td>
              <td>{t.fields.length}</td>
              <td><a href={`/forms/${t.id}/edit`} aria-label={`Edit ${t.name}`}>Edit</a></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  </Layout>
)

export const builderRowCount = 12

type BuilderProps = { chrome: Chrome; id?: number; name: string; rows: BuilderRow[]; errors: FieldErrors }

/** A simple builder: up to 12 questions, each a label, a kind, a required flag, and options for choices. */
export const FormBuilderPage = ({ chrome, id, name, rows, errors }: BuilderProps) => (
  <Layout title={id ? 'Edit form' : 'New form'} chrome={chrome} current="Forms">
    <section class="card">
      <h1>{id ? 'Edit form' : 'New form'}</h1>
      <FormAlert message={errors.form} />
      <form method="post" action={id ? `/forms/${id}` : '/forms'} novalidate>
        <CsrfField token={chrome.csrf} />
        <div class="field">
          <label for="form-name">Form name</label>
          <input id="form-name" name="name" type="text" value={name} required aria-describedby={errors.name ? 'form-name-error' : undefined} />
          {errors.name && <span id="form-name-error" class="error">{errors.name}</span>}
        </div>
        <p class="hint">Leave a question's text empty to leave it out. Options: one per line.</p>
        {Array.from({ length: builderRowCount }, (_, i) => {
          const row = rows[i] ?? {}
          const n = i + 1
          const problem = errors[`type-${n}`] ?? errors[`label-${n}`] ?? errors[`options-${n}`]
          return (
            <fieldset class="builder-row">
              <legend>Question {n}</legend>
              <div class="field"><label for={`label-${n}`}>Question {n} text</label>
                <input id={`label-${n}`} name={`label-${n}`} type="text" value={row.label} aria-describedby={problem ? `row-${n}-error` : undefined} /></div>
              <div class="field"><label for={`type-${n}`}>Question {n} kind</label>
                <select id={`type-${n}`} name={`type-${n}`}>
                  {fieldTypes.map((t) => <option value={t} selected={row.type === t}>{fieldTypeLabels[t]}</option>)}
                </select></div>
              <div class="field"><label for={`options-${n}`}>Question {n} options</label>
                <textarea id={`options-${n}`} name={`options-${n}`} rows={2}>{row.options}</textarea></div>
              <div class="field checkbox"><input id={`required-${n}`} name={`required-${n}`} type="checkbox" checked={row.required} />
                <label for={`required-${n}`}>Question {n} required</label></div>
              {problem && <span id={`row-${n}-error`} class="error">{problem}</span>}
            </fieldset>
          )
        })}
        <button type="submit" class="primary">Save form</button>
      </form>
    </section>
  </Layout>
)
