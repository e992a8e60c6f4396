import { SMTPServer } from 'smtp-server'

export type Received = { to: string[]; raw: string }

/**
 * A real SMTP server (the smtp-server package) on a free port. `delayMs` delays each of its replies;
 * `hold()` keeps every message waiting until `release()`; `refuseNext(n)` answers the next n messages 451.
 */
export async function anSmtpServer(opts: { delayMs?: number } = {}) {
  const received: Received[] = []
  let held: (() => void)[] | undefined
  let refusals = 0
  const later = (callback: () => void) => (opts.delayMs ? setTimeout(callback, opts.delayMs) : callback())
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onConnect(_session, callback) { later(() => callback()) },
    onMailFrom(_address, _session, callback) { later(() => callback()) },
    onRcptTo(_address, _session, callback) { later(() => callback()) },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const accept = () => {
          if (refusals > 0) {
            refusals--
            return callback(Object.assign(new Error('try again later'), { responseCode: 451 }))
          }
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') })
          callback()
        }
        if (held) held.push(accept)
        else later(accept)
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as { port: number }).port
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    hold() { held = [] },
    release() { const waiting = held ?? []; held = undefined; waiting.forEach((accept) => accept()) },
    refuseNext(n: number) { refusals = n },
    async waitFor(count: number, ms = 5000) {
      for (const until = Date.now() + ms; received.length < count; await Bun.sleep(10)) {
        if (Date.now() > until) throw new Error(`only ${received.length} of ${count} mails arrived`)
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
