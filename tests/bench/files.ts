// Server memory while a 100 MB file is uploaded and then downloaded, and the upload speed on loopback.
// Run: bun tests/bench/files.ts [megabytes=100]   (prints Markdown for BENCHMARKS.md)
import { seeded, serve } from './support/served'

const megabytes = Number(process.argv[2] ?? 100)
const { dataDir, conversations, cookies, csrf } = seeded('files', 1, 2)
const { url, server } = await serve(dataDir, { MAX_UPLOAD_MB: String(megabytes + 1) })

const rss = async () => Number((await Bun.file(`/proc/${server.pid}/status`).text()).match(/VmRSS:\s+(\d+)/)![1]) / 1024
let peak = 0
const sampler = setInterval(async () => { peak = Math.max(peak, await rss()) }, 20)
process.kill(server.pid, 'SIGUSR2')
await Bun.sleep(500)
const before = await rss()

// the host's upload, streamed as a browser would send it
const boundary = 'huddle-bench'
const chunk = crypto.getRandomValues(new Uint8Array(64 * 1024))
const encoder = new TextEncoder()
const head = encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="recipients"\r\n\r\n__RECIPIENT__\r\n` +
  `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`)
const people = await fetch(`${url}/conversations/${conversations[0]}`, { headers: { cookie: cookies[0] } }).then((r) => r.text())
const recipient = people.match(/name="recipients" value="(\d+)"/)![1]!
const total = megabytes * 1024 * 1024
const upload = async () => {
  let sent = 0
  const body = new ReadableStream<Uint8Array>({
    start(controller) { controller.enqueue(encoder.encode(new TextDecoder().decode(head).replace('__RECIPIENT__', recipient))) },
    pull(controller) {
      if (sent >= total) {
        controller.enqueue(encoder.encode(`\r\n--${boundary}--\r\n`))
        return controller.close()
      }
      controller.enqueue(chunk)
      sent += chunk.length
    },
  })
  const started = performance.now()
  const answer = await fetch(`${url}/conversations/${conversations[0]}/files?_csrf=${csrf}`, {
    method: 'POST', body, redirect: 'manual', duplex: 'half',
    headers: { cookie: cookies[0], origin: url, 'content-type': `multipart/form-data; boundary=${boundary}` },
  } as RequestInit)
  return { status: answer.status, seconds: (performance.now() - started) / 1000 }
}
const first = await upload()
const uploadSeconds = first.seconds
const afterUploadPeak = peak
// a second upload on the now warm server: what a running clinic box sees
process.kill(server.pid, 'SIGUSR2')
await Bun.sleep(500)
const beforeSecond = await rss()
peak = 0
const second = await upload()
const secondPeak = peak
const page = await fetch(`${url}/conversations/${conversations[0]}`, { headers: { cookie: cookies[0] } }).then((r) => r.text())
const fileId = page.match(/href="\/files\/([0-9a-f-]{36})"/)![1]
process.kill(server.pid, 'SIGUSR2')
await Bun.sleep(500)
const beforeDownload = await rss()
peak = 0
const downloadStarted = performance.now()
const download = await fetch(`${url}/files/${fileId}`, { headers: { cookie: cookies[0] } })
let received = 0
for await (const part of download.body!) received += part.length
const downloadSeconds = (performance.now() - downloadStarted) / 1000
clearInterval(sampler)
server.kill()

console.log(`| measure | value |\n| --- | --- |`)
console.log(`| upload answered | ${first.status}, then ${second.status} (${megabytes} MB each) |`)
console.log(`| server memory before | ${before.toFixed(1)} MiB |`)
console.log(`| peak growth while uploading (first upload after start) | ${(afterUploadPeak - before).toFixed(1)} MiB |`)
console.log(`| peak growth during a second upload (from ${beforeSecond.toFixed(1)} MiB) | ${(secondPeak - beforeSecond).toFixed(1)} MiB |`)
console.log(`| peak growth while downloading (from ${beforeDownload.toFixed(1)} MiB after the upload) | ${(peak - beforeDownload).toFixed(1)} MiB |`)
console.log(`| upload throughput (loopback, client and server on the same 2 cores) | ${(megabytes / uploadSeconds).toFixed(0)} MB/s |`)
console.log(`| download throughput | ${(received / 1024 / 1024 / downloadSeconds).toFixed(0)} MB/s (${received === total ? 'all bytes' : `${received} of ${total} bytes`}) |`)
process.exit(0)
