import { normaliseLineBreaks } from './fields'

/** The kinds of question a form can ask, and how an answer to each is checked. */
export const fieldTypes = ['text', 'long_text', 'single_choice', 'multiple_choice', 'yes_no', 'date', 'scale'] as const
export type FieldType = (typeof fieldTypes)[number]
export type FormField = { id: string; label: string; type: FieldType; required: boolean; options?: string[]; max?: number }
export type Answers = Record<string, string | string[]>

export const fieldTypeLabels: Record<FieldType, string> = {
  text: 'Text', long_text: 'Long text', single_choice: 'Single choice', multiple_choice: 'Multiple choice',
  yes_no: 'Yes / no', date: 'Date', scale: 'Scale (1 to 5)',
}

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))

/** Checks submitted answers against the form's own fields; returns clean answers or a message per field. */
export function checkAnswers(fields: FormField[], input: Record<string, unknown>): { answers: Answers } | { problems: Record<string, string> } {
  const answers: Answers = {}
  const problems: Record<string, string> = {}
  for (const field of fields) {
    const raw = input[field.id]
    const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => normaliseLineBreaks(String(v)).trim()).filter(Boolean)
    if (values.length === 0) {
      if (field.required) problems[field.id] = 'This question needs an answer.'
      continue
    }
    const one = values[0]!
    switch (field.type) {
      case 'text': case 'long_text':
        if (one.length > (field.type === 'text' ? 500 : 10_000)) problems[field.id] = 'That answer is too long.'
        else answers[field.id] = one
        break
      case 'single_choice':
        if (values.length > 1 || !field.options?.includes(one)) problems[field.id] = 'Choose one of the options.'
        else answers[field.id] = one
        break
      case 'multiple_choice':
        if (values.some((v) => !field.options?.includes(v))) problems[field.id] = 'Choose from the options given.'
        else answers[field.id] = [...new Set(values)]
        break
      case 'yes_no':
        if (one !== 'yes' && one !== 'no') problems[field.id] = 'Answer yes or no.'
        else answers[field.id] = one
        break
      case 'date':
        if (!isDate(one)) problems[field.id] = 'Enter a date.'
        else answers[field.id] = one
        break
      case 'scale': {
        const n = Number(one)
        if (!Number.isInteger(n) || n < 1 || n > (field.max ?? 5)) problems[field.id] = `Choose a number from 1 to ${field.max ?? 5}.`
        else answers[field.id] = String(n)
        break
      }
    }
  }
  return Object.keys(problems).length ? { problems } : { answers }
}
