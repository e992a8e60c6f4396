import busboy from 'busboy'
import { Readable } from 'node:stream'
import type { FileStore, StoredObject } from '../db/file-store'

export type Upload = { fields: Record<string, string[]>; file?: { name: string; stored?: StoredObject; error?: unknown } }

/**
 * Reads a multipart form as it arrives: the file goes straight into the store (never whole in
 * memory) and is refused as soon as it passes `maxBytes`; other fields are collected as text.
 */
export function readUpload(request: Request, store: FileStore, maxBytes: number): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const upload: Upload = { fields: {} }
    let parser: busboy.Busboy
    try {
      parser = busboy({ headers: Object.fromEntries(request.headers), limits: { files: 1, fields: 100, fieldSize: 4096 }, defParamCharset: 'utf8', preservePath: true })
    } catch (error) {
      return reject(error)
    }
    let storing: Promise<void> = Promise.resolve()
    parser.on('field', (name, value) => { (upload.fields[name] ??= []).push(value) })
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || upload.file) return void stream.resume()
      const file: NonNullable<Upload['file']> = { name: info.filename ?? '' }
      upload.file = file
      storing = store.put(stream, maxBytes).then((stored) => { file.stored = stored }, (error) => {
        file.error = error
        // answer now rather than after the rest arrives; the unread remainder closes the connection
        parser.destroy()
        resolve(upload)
      })
    })
    parser.on('error', (error) => storing.finally(() => reject(error)))
    parser.on('close', () => storing.then(() => resolve(upload)))
    if (!request.body) return reject(new Error('no body'))
    Readable.fromWeb(request.body as any).on('error', (error) => parser.destroy(error)).pipe(parser)
  })
}
