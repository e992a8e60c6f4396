import type { Person } from '../../src/domain/people'
import type { Chrome, FieldErrors, FormValues } from '../chrome'
import { Layout } from '../layout'
import { CsrfField, FormAlert, SelectField, TextField } from '../parts/fields'

type Props = { chrome: Chrome; people: Person[]; search: string; values: FormValues; errors: FieldErrors; notice?: string }

const roleLabels = { patient: 'Patient', clinician: 'Clinician', admin: 'Admin' } as const

/** Admins add people and disable them; nobody is ever deleted. */
export const PeoplePage = ({ chrome, people, search, values, errors, notice }: Props) => (
  <Layout title="People" chrome={chrome} current="People">
    <h1>People</h1>
    {notice && <p class="notice" role="status">{notice}</p>}
    <div class="columns">
      <section class="card" aria-labelledby="add-heading">
        <h2 id="add-heading">Add a person</h2>
        <p>They get an email with a one-time sign-in link.</p>
        <FormAlert message={errors.form} />
        <form method="post" action="/people" novalidate>
          <CsrfField token={chrome.csrf} />
          <TextField name="name" label="Name" value={values.name} error={errors.name} autocomplete="off" />
          <TextField name="email" label="Email" type="email" value={values.email} error={errors.email} autocomplete="off" />
          <SelectField name="role" label="Role" value={values.role ?? 'patient'} error={errors.role}
            options={Object.entries(roleLabels).map(([value, label]) => ({ value, label }))} />
          <button type="submit" class="primary">Add person</button>
        </form>
      </section>
      <section class="card grow" aria-labelledby="directory-heading">
        <h2 id="directory-heading">Directory</h2>
        <form method="get" action="/people" role="search" class="inline">
          <label for="q">Search people</label>
          <input id="q" name="q" type="search" value={search} />
          <button type="submit">Search</button>
        </form>
        {people.length === 0
          ? <p>{search ? 'No one matches that search.' : 'No one yet.'}</p>
          : <PeopleTable chrome={chrome} people={people} />}
      </section>
    </div>
  </Layout>
)

const PeopleTable = ({ chrome, people }: { chrome: Chrome; people: Person[] }) => (
  <table>
    <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
    <tbody>
      {people.map((person) => (
        <tr>
          <td>{person.name}</td>
          <td>{person.email}</td>
          <td>{roleLabels[person.role]}</td>
          <td>{person.disabledAt ? 'Disabled' : 'Active'}</td>
          <td>
            {person.id !== chrome.actor?.id && (
              <form method="post" action={`/people/${person.id}/${person.disabledAt ? 'enable' : 'disable'}`}>
                <CsrfField token={chrome.csrf} />
                <button type="submit" aria-label={`${person.disabledAt ? 'Enable' : 'Disable'} ${person.name}`}>
                  {person.disabledAt ? 'Enable' : 'Disable'}
                </button>
              </form>
            )}
          </td>
        </tr>
      ))}
    </tbody>
  </table>
)
