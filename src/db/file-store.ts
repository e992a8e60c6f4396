import { mkdirSync } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { collectWhileStreaming } from '../streaming-memory'

export type StoredObject = { key: string; size: number; sha256: string }

export class TooLarge extends Error {}
export class EmptyFile extends Error {}

/** Where file contents live: a local folder now; an S3-compatible store implements the same three methods. */
export interface FileStore {
  /** Streams bytes into a new object, refusing past `maxBytes`; on any failure nothing is left behind. */
  put(source: AsyncIterable<Uint8Array>, maxBytes: number): Promise<StoredObject>
  /** The bytes as a Blob, which a local store serves with sendfile (no copy through memory). */
  read(key: string): Blob
  exists(key: string): Promise<boolean>
  discard(key: string): Promise<void>
}

export class LocalFileStore implements FileStore {
  constructor(private folder: string) {
    mkdirSync(join(folder, 'incoming'), { recursive: true })
  }

  private path(key: string) {
    if (!/^[0-9a-f-]{36}$/.test(key)) throw new Error('bad storage key') // keys are ours, never a user's name
    return join(this.folder, key.slice(0, 2), key)
  }

  async put(source: AsyncIterable<Uint8Array>, maxBytes: number): Promise<StoredObject> {
    const key = crypto.randomUUID()
    const incoming = join(this.folder, 'incoming', key)
    const out = Bun.file(incoming).writer({ highWaterMark: 256 * 1024 })
    const hash = new Bun.CryptoHasher('sha256')
    let size = 0
    const streamed = collectWhileStreaming(4, 'concurrent')
    try {
      for await (const chunk of source) {
        size += chunk.length
        if (size > maxBytes) throw new TooLarge(`larger than ${maxBytes} bytes`)
        hash.update(chunk)
        out.write(chunk)
        await out.flush() // one chunk in flight: the next is read only once this one is written
        streamed(chunk.length)
      }
      await out.end()
      if (size === 0) throw new EmptyFile('empty')
      mkdirSync(join(this.folder, key.slice(0, 2)), { recursive: true })
      await rename(incoming, this.path(key))
      return { key, size, sha256: hash.digest('hex') }
    } catch (error) {
      await Promise.resolve(out.end()).catch(() => {})
      await rm(incoming, { force: true })
      throw error
    }
  }

  read(key: string) {
    return Bun.file(this.path(key))
  }

  async exists(key: string) {
    return Bun.file(this.path(key)).exists()
  }

  /** Removes a stored object that never became a file (its database row was refused). */
  async discard(key: string) {
    await rm(this.path(key), { force: true })
  }
}
