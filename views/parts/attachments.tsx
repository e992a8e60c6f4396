import type { MemberView } from '../../src/domain/conversations'
import type { FileView } from '../../src/domain/files'
import { formatWhen } from '../../src/domain/time'
import type { AssignedFormView } from '../../src/domain/forms'
import type { FieldErrors } from '../chrome'
import { domId } from '../ids'
import { AssignedForm } from './assigned-form'
import { CsrfField } from './fields'
import { PaperClip } from './icons'

import { formatSize } from './size'

/** One shared file; the host's copy also says who it went to and who downloaded it. */
export const FileItem = ({ file, timeZone }: { file: FileView; timeZone: string }) => (
  <li id={domId.file(file.id)}>
    <a href={`/files/${file.id}`} download>{file.name}</a>
    <span class="meta"> {formatSize(file.size)} · {file.uploaderName} · {formatWhen(file.createdAt, timeZone)}</span>
    {file.recipients && <p class="meta">Sent to {file.recipients.length ? file.recipients.join(', ') : 'the host only'}.</p>}
    {file.downloads && <p class="meta">{file.downloads.length
      ? `Downloaded by ${file.downloads.map((d) => `${d.name} (${formatWhen(d.at, timeZone)})`).join(', ')}.`
      : 'Not downloaded yet.'}</p>}
  </li>
)

/** A file arriving live: upserted into the panel by its id. */
export const LiveFileItem = ({ file, timeZone }: { file: FileView; timeZone: string }) => (
  <hx-partial hx-target={`#${domId.attachments}`} hx-swap="upsert"><FileItem file={file} timeZone={timeZone} /></hx-partial>
)

type Props = {
  conversationId: string; files: FileView[]; recipients: MemberView[]; canShare: boolean; viewerIsHost: boolean
  csrf: string; timeZone: string; error?: string; viewerId: number; forms: AssignedFormView[]; templates: { id: number; name: string }[]
  assignError?: string; formErrors?: { formId: string; errors: FieldErrors }
}

/** The right-hand panel: the paper clip to send a file, and the files this person may see. */
export const AttachmentsPanel = (props: Props) => {
  const { conversationId, files, recipients, canShare, viewerIsHost, csrf, timeZone, error } = props
  return (
  <section id="attachments" class="panel" aria-label="Attachments">
    <h2>Attachments</h2>
    {canShare && (
      // a disclosure, so that the paper clip opens its form with or without the script
      <details class="attach-menu" open={!!error}>
        <summary role="button" class="icon" aria-label="Attach"><PaperClip /></summary>
      <form id="attach-file" class="attach" method="post" enctype="multipart/form-data"
        action={`/conversations/${conversationId}/files?_csrf=${encodeURIComponent(csrf)}`}>
        <div class="field">
          <label for="attach-file-input">File</label>
          <input id="attach-file-input" name="file" type="file" required aria-describedby={error ? 'attach-error' : undefined} />
        </div>
        <fieldset>
          <legend>Send to</legend>
          {!viewerIsHost && <p class="hint">The host always receives it.</p>}
          {recipients.map((person) => (
            <div class="field checkbox">
              <input id={`recipient-${person.personId}`} type="checkbox" name="recipients" value={String(person.personId)} checked />
              <label for={`recipient-${person.personId}`}>{person.name}</label>
            </div>
          ))}
        </fieldset>
        {error && <p id="attach-error" class="error" role="alert">{error}</p>}
        <button type="submit" class="primary">Send file</button>
      </form>
      </details>
    )}
    {canShare && viewerIsHost && <AssignFormPanel {...props} />}
    <ul id={domId.attachments} class="files">
      {files.map((file) => <FileItem file={file} timeZone={timeZone} />)}
    </ul>
    {files.length === 0 && <p class="empty">No files have been shared with you here.</p>}
    <h2 class="sub">Forms</h2>
    <ul id={domId.forms} class="forms">
      {props.forms.map((form) => <AssignedForm form={form} viewerId={props.viewerId} csrf={csrf} timeZone={timeZone} canSubmit={canShare}
        errors={props.formErrors?.formId === form.id ? props.formErrors.errors : undefined} />)}
    </ul>
    {props.forms.length === 0 && <p class="empty">No forms {viewerIsHost ? 'assigned yet' : 'for you here'}.</p>}
  </section>
  )
}

/** The paper clip's second option: give a form from the library to one participant. */
const AssignFormPanel = ({ conversationId, recipients, csrf, templates, assignError }: Props) => (
  <details class="assign-menu" open={!!assignError}>
    <summary role="button" class="link">Assign a form</summary>
    <form id="assign-form" class="attach" method="post" action={`/conversations/${conversationId}/forms`}>
      <CsrfField token={csrf} />
      <div class="field">
        <label for="assign-template">Form</label>
        <select id="assign-template" name="templateId" required>
          {templates.map((t) => <option value={String(t.id)}>{t.name}</option>)}
        </select>
      </div>
      <div class="field">
        <label for="assign-participant">Select Participant</label>
        <select id="assign-participant" name="assigneeId" required>
          {recipients.map((p) => <option value={String(p.personId)}>{p.name}</option>)}
        </select>
      </div>
      {assignError && <p class="error" role="alert">{assignError}</p>}
      <button type="submit" class="primary">Assign</button>
    </form>
  </details>
)
