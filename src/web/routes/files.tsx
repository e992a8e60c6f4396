import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import { z } from 'zod'
import { EmptyFile, TooLarge } from '../../db/file-store'
import { Invalid, Refused } from '../../domain/errors'
import { checkCanShare, openFileForDownload, shareFile } from '../../domain/files'
import type { AppEnv } from '../env'
import { readUpload, type Upload } from '../uploads'
import { conversationPage } from './conversations'
import { addressOf } from '../request'

const conversationId = z.object({ id: z.string().min(1).max(64) })
const fileId = z.object({ id: z.string().min(1).max(64) }) // anything else is simply not found

/** Contents are never shown in the app's origin: a download, of an opaque type, that the browser must not sniff. */
const downloadHeaders = (name: string, size: number) => ({
  'Content-Type': 'application/octet-stream',
  'Content-Disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  'Content-Length': String(size),
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'private, no-store',
})

/** Why an upload stored nothing, in the words the form shows beside the file field. */
function uploadRefusal(upload: Upload | undefined, maxMb: number): [string, 413 | 422] {
  const error = upload?.file?.error
  if (error instanceof TooLarge) return [`That file is larger than ${maxMb} MB, the most this clinic accepts.`, 413]
  if (error instanceof EmptyFile) return ['That file is empty.', 422]
  return ['The upload did not arrive whole. Choose the file and send it again.', 422]
}

/** Sending a file into a conversation, and downloading one. */
export const fileRoutes = new Hono<AppEnv>()
  .post('/conversations/:id/files', zValidator('param', conversationId), async (c) => {
    const { id } = c.req.valid('param')
    const { db, files: store, config } = c.var
    const actor = c.get('actor')!
    const refuse = async (message: string, status: 413 | 422) => c.html(await conversationPage(c, id, { attachError: message }), status)
    try {
      await checkCanShare(db, actor, id) // a non-member or a closed conversation stores nothing
    } catch (error) {
      if (error instanceof Refused) return refuse(error.message, 422)
      throw error
    }
    const upload = await readUpload(c.req.raw, store, config.maxUploadMb * 1024 * 1024).catch(() => undefined)
    const stored = upload?.file?.stored
    if (!stored) return refuse(...uploadRefusal(upload, config.maxUploadMb))
    const recipients = (upload.fields.recipients ?? []).map(Number).filter(Number.isInteger)
    try {
      await shareFile(db, actor, id, { name: upload.file!.name, recipients, stored }, addressOf(c))
      return c.redirect(`/conversations/${id}`, 303)
    } catch (error) {
      await store.discard(stored.key)
      if (error instanceof Invalid || error instanceof Refused) return refuse(error.message, 422)
      throw error
    }
  })
  .get('/files/:id', zValidator('param', fileId), async (c) => {
    const { db, files: store } = c.var
    const file = await openFileForDownload(db, c.get('actor')!, c.req.valid('param').id, addressOf(c))
    return new Response(store.read(file.storageKey), { headers: downloadHeaders(file.name, file.size) })
  })
