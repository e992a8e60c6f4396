// From the moment a message has been unread for UNREAD_REMINDER_MINUTES to the reminder arriving at a real SMTP
// server (smtp-server), for 10 patients whose messages are posted 150 ms apart (so the sweep's phase varies).
// Run: bun tests/bench/reminders.ts [patients=10] [thresholdMs=2000]   (prints Markdown for BENCHMARKS.md)
import { aGroup, post } from '../support/group'
import { anSmtpServer } from '../support/smtp'

const patients = Number(process.argv[2] ?? 10)
const thresholdMs = Number(process.argv[3] ?? 2000)
const smtp = await anSmtpServer()
const g = await aGroup(patients, { smtpUrl: smtp.url, unreadReminderMs: thresholdMs })
const conversations = []
for (const email of g.emails) conversations.push(await g.open([email]))
await Bun.sleep(500)
const before = smtp.received.length
const postedAt: number[] = []
for (const id of conversations) {
  postedAt.push(Date.now())
  await post(g.host, id, 'a message that waits')
  await Bun.sleep(150)
}
await smtp.waitFor(before + patients, thresholdMs + 30_000)
const latencies = g.emails.map((email, i) => smtp.received.find((m) => m.to[0] === email && m.subject.startsWith('You have unread'))!.at - (postedAt[i]! + thresholdMs))
  .sort((a, b) => a - b)
await g.close()
await smtp.close()
const median = latencies[Math.floor(latencies.length / 2)]!
console.log(`Threshold ${thresholdMs} ms (the sweep runs every ${Math.min(60_000, thresholdMs / 4)} ms); ${patients} reminders.\n`)
console.log(`| measure | value |\n| --- | --- |`)
console.log(`| threshold → email arrived, median | ${median.toFixed(0)} ms |`)
console.log(`| fastest, slowest | ${latencies[0]!.toFixed(0)} ms, ${latencies.at(-1)!.toFixed(0)} ms |`)
