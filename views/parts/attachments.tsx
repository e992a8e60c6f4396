import type { MemberView } from '../../src/domain/conversations'
import type { FileView } from '../../src/domain/files'
import { formatWhen } from '../../src/domain/time'
import { domId } from '../ids'

const sizeFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 1 })
export function formatSize(bytes: number) {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${sizeFormat.format(bytes / 1024)} KB`
  return `${sizeFormat.format(bytes / 1024 / 1024)} MB`
}

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
  csrf: string; timeZone: string; error?: string
}

/** The right-hand panel: the paper clip to send a file, and the files this person may see. */
export const AttachmentsPanel = ({ conversationId, files, recipients, canShare, viewerIsHost, csrf, timeZone, error }: Props) => (
  <section class="panel" aria-label="Attachments">
    <div class="panel-head">
      <h2>Attachments</h2>
      {canShare && <button type="button" class="icon" aria-label="Attach" aria-expanded={error ? 'true' : 'false'} aria-controls="attach-file" data-toggle>📎</button>}
    </div>
    {canShare && (
      <form id="attach-file" class="attach" method="post" enctype="multipart/form-data" hidden={!error}
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
    )}
    <ul id={domId.attachments} class="files">
      {files.map((file) => <FileItem file={file} timeZone={timeZone} />)}
    </ul>
    {files.length === 0 && <p class="empty">No files have been shared with you here.</p>}
  </section>
)
