import { SMTPServer } from 'smtp-server'

export type Received = { to: string[]; raw: string; subject: string; text: string; at: number }

/** Every SMTP server the tests started, by URL: an app configured with one reads its mail back through it. */
export const smtpServers = new Map<string, { received: Received[] }>()

/** The subject and plain text of a raw message as nodemailer writes it (7bit or quoted-printable). */
function readMessage(raw: string) {
  const [head = '', ...rest] = raw.split('\r\n\r\n')
  const headers = head.replace(/\r\n\s+/g, ' ')
  const subject = headers.match(/^Subject: (.*)$/m)?.[1] ?? ''
  let body = rest.join('\r\n\r\n')
  if (/^Content-Transfer-Encoding: quoted-printable/im.test(headers)) {
    body = Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8')
  }
  return { subject, text: body.replace(/\r\n/g, '\n') }
}

/**
 * A real SMTP server (the smtp-server package) on a free port. `delayMs` delays each of its replies;
 * `hold()` keeps every message waiting until `release()`; `refuseNext(n)` answers the next n messages 451.
 */
export async function anSmtpServer(opts: { delayMs?: number; port?: number } = {}) {
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
          const raw = Buffer.concat(chunks).toString('utf8')
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, ...readMessage(raw), at: Date.now() })
          callback()
        }
        if (held) held.push(accept)
        else later(accept)
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve))
  const port = (server.server.address() as { port: number }).port
  smtpServers.set(`smtp://127.0.0.1:${port}`, { received })
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
