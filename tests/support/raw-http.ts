/**
 * Sends a request's headers (announcing a body of `contentLength` bytes) and at most `sendBytes` of that body,
 * then waits for the status line: a server that answers has not waited to read the rest.
 */
export async function answerBeforeBody(port: number, head: string, contentLength: number, sendBytes = 1024, timeoutMs = 5000) {
  let received = ''
  let answered!: (status: number) => void
  const status = new Promise<number>((resolve) => { answered = resolve })
  const socket = await Bun.connect({
    hostname: '127.0.0.1', port,
    socket: {
      data(_socket, chunk) {
        received += new TextDecoder().decode(chunk)
        const match = received.match(/^HTTP\/1\.1 (\d{3})/)
        if (match) answered(Number(match[1]))
      },
      close() { answered(0) },
      error() { answered(0) },
    },
  })
  socket.write(`${head}\r\nContent-Length: ${contentLength}\r\nConnection: close\r\n\r\n`)
  socket.write('a'.repeat(Math.min(sendBytes, contentLength)))
  const timer = setTimeout(() => answered(-1), timeoutMs)
  const result = await status
  clearTimeout(timer)
  socket.end()
  return { status: result, response: received }
}
