// The few lines of client script: the create form's rows and button, Enter to send, keeping the log in view.
'use strict'

// Create New Conversation stays disabled until every shown required field is filled.
function updateRequiredButton(form) {
  const filled = [...form.querySelectorAll('[required]')].every((el) => el.value.trim() !== '')
  const button = form.querySelector('button[type="submit"].primary')
  if (button) button.disabled = !filled
}

function renumberRows(form) {
  form.querySelectorAll('[data-rows] [data-row]').forEach((row, i) => {
    const n = String(i + 1)
    row.querySelectorAll('[id],[for],[aria-describedby],[aria-label]').forEach((el) => {
      for (const attr of ['id', 'for', 'aria-describedby']) {
        const value = el.getAttribute(attr)
        if (value) el.setAttribute(attr, value.replace(/-(\d+|__N__)(?=-|$)/g, `-${n}`))
      }
      const label = el.getAttribute('aria-label')
      if (label) el.setAttribute('aria-label', label.replace(/\d+$|__N__$/, n))
    })
    row.querySelectorAll('label').forEach((label) => { label.textContent = label.textContent.replace(/\d+$|__N__$/, n) })
  })
}

document.addEventListener('input', (event) => {
  const form = event.target.closest('form[data-require-all]')
  if (form) updateRequiredButton(form)
})

document.addEventListener('click', (event) => {
  const add = event.target.closest('[data-add-row]')
  const remove = event.target.closest('[data-remove-row]')
  const form = event.target.closest('form[data-require-all]')
  if (!form || (!add && !remove)) return
  event.preventDefault() // without the script these buttons post the form, and the server adds or removes the row
  const rows = form.querySelector('[data-rows]')
  if (add) {
    if (rows.children.length >= 25) return
    rows.append(form.querySelector('#participant-row-template').content.cloneNode(true))
    renumberRows(form)
    rows.lastElementChild.querySelector('input').focus()
  } else if (rows.children.length > 1) {
    remove.closest('[data-row]').remove()
    renumberRows(form)
  }
  updateRequiredButton(form)
})

// Suggestions from the directory as the host types a name or email.
let searchTimer
document.addEventListener('input', (event) => {
  const input = event.target.closest('[data-directory-search]')
  if (!input) return
  clearTimeout(searchTimer)
  searchTimer = setTimeout(async () => {
    const query = input.value.trim()
    if (query.length < 2) return
    const response = await fetch(`/directory?q=${encodeURIComponent(query)}`, { headers: { accept: 'text/html' } })
    if (response.ok) document.getElementById('directory').innerHTML = await response.text()
  }, 200)
})

// An email that is not in the directory: ask for the new person's name beside it (Name n); the server decides too.
function showNewcomer(row, isNew) {
  const box = row.querySelector('[data-newcomer]')
  const input = box.querySelector('input')
  const placeholder = row.querySelector('[data-newcomer-placeholder]')
  box.hidden = !isNew
  input.disabled = !isNew
  input.required = isNew
  if (placeholder) placeholder.disabled = isNew
}
document.addEventListener('change', async (event) => {
  const input = event.target.closest('[data-directory-search]')
  if (!input) return
  const row = input.closest('[data-row]')
  const email = input.value.trim().toLowerCase()
  if (!email.includes('@')) return showNewcomer(row, false)
  const response = await fetch(`/directory?q=${encodeURIComponent(email)}`, { headers: { accept: 'text/html' } })
  if (!response.ok) return
  const known = new DOMParser().parseFromString(`<datalist>${await response.text()}</datalist>`, 'text/html')
  showNewcomer(row, ![...known.querySelectorAll('option')].some((option) => option.value.toLowerCase() === email))
  updateRequiredButton(input.form)
})

// Enter sends, Shift+Enter is a new line.
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || event.shiftKey || event.isComposing || !event.target.matches('[data-enter-sends]')) return
  event.preventDefault()
  event.target.form.requestSubmit()
})

// After a send: clear the box, take a new client id (a retry of the same send keeps the old one), show errors.
document.addEventListener('htmx:after:request', (event) => {
  const form = event.target.closest && event.target.closest('form[data-composer]')
  if (!form) return
  const response = event.detail.ctx && event.detail.ctx.response
  const error = form.querySelector('.error')
  if (response && response.status < 400) {
    form.reset()
    form.elements.clientId.value = crypto.randomUUID()
    error.textContent = ''
  }
})

// A live connection that could not start (the server restarting, a proxy's 502, no network) is tried again, backing
// off to 5 s: htmx's SSE extension retries only connections that once streamed, and would swap the error page in.
function retryLive(element) {
  const attempt = Number(element.dataset.liveAttempt || 0) + 1
  element.dataset.liveAttempt = String(attempt)
  const delay = Math.min(500 * 2 ** (attempt - 1), 5000) * (0.7 + Math.random() * 0.6)
  setTimeout(() => {
    if (element.isConnected) htmx.ajax('GET', element.getAttribute('hx-sse:connect'), { source: element })
  }, delay)
}
const isLive = (element) => element instanceof Element && element.hasAttribute('hx-sse:connect')
document.addEventListener('htmx:after:request', (event) => {
  if (!isLive(event.target) || !(event.detail.ctx.response.status >= 500)) return
  event.preventDefault()
  retryLive(event.target)
})
document.addEventListener('htmx:error', (event) => {
  if (isLive(event.target) && !event.target._htmx?.sse) retryLive(event.target)
})
document.addEventListener('htmx:sse:after:connection', (event) => { delete event.target.dataset.liveAttempt })

// Keep the newest message in view when it arrives, unless the reader has scrolled up.
function stickToBottom(log) { log.scrollTop = log.scrollHeight }
document.addEventListener('htmx:before:swap', (event) => {
  const log = document.getElementById('log')
  if (log) log.dataset.atBottom = String(log.scrollHeight - log.scrollTop - log.clientHeight < 80)
})
document.addEventListener('htmx:after:swap', () => {
  const log = document.getElementById('log')
  if (log && log.dataset.atBottom === 'true') stickToBottom(log)
})

// Read as seen: what an open, focused page shows is marked read at once; a tab in the background marks nothing
// until it is looked at. Every page of the person then shows the new counts.
function markSeen() {
  const log = document.getElementById('log')
  if (!log || !log.dataset.readUrl || document.visibilityState !== 'visible' || !document.hasFocus()) return
  const shown = [...log.querySelectorAll('[id^="e-"]')].map((el) => Number(el.id.slice(2))).filter(Number.isFinite)
  const upTo = Math.max(0, ...shown)
  if (upTo <= Number(log.dataset.readUpTo || 0)) return
  log.dataset.readUpTo = String(upTo)
  const csrf = JSON.parse(document.body.getAttribute('hx-headers:inherited') || '{}')['X-CSRF-Token']
  fetch(log.dataset.readUrl, { method: 'POST', body: new URLSearchParams({ upTo: String(upTo) }), headers: { 'x-csrf-token': csrf } })
}
let seenTimer
const markSeenSoon = () => { clearTimeout(seenTimer); seenTimer = setTimeout(markSeen, 250) }
document.addEventListener('visibilitychange', markSeenSoon)
window.addEventListener('focus', markSeenSoon)

// The tab's title carries the unread count, "(3) Messages · Clinic", kept in step with the live list.
const plainTitle = document.title.replace(/^\(\d+\) /, '')
function showUnreadInTitle() {
  const unread = [...document.querySelectorAll('[data-unread]')].reduce((sum, el) => sum + Number(el.dataset.unread), 0)
  document.title = unread ? `(${unread}) ${plainTitle}` : plainTitle
}

function init() {
  showUnreadInTitle()
  const log = document.getElementById('log')
  if (log) new MutationObserver(markSeenSoon).observe(log, { childList: true, subtree: true })
  const list = document.querySelector('.conversation-list')
  if (list) new MutationObserver(showUnreadInTitle).observe(list.parentElement, { childList: true, subtree: true })
  document.querySelectorAll('form[data-require-all]').forEach(updateRequiredButton)
  // the Complete warning arrives open; as a modal it keeps focus until the host chooses (Escape = Go back)
  document.querySelectorAll('dialog[data-modal][open]').forEach((dialog) => {
    dialog.close()
    dialog.showModal()
    dialog.addEventListener('cancel', () => { location.href = location.pathname.replace(/\/complete$/, '') })
  })
  if (log) stickToBottom(log)
}
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init)
else init()

// Complete is sent once: a second click while the first is on its way would only be told it is already done.
document.addEventListener('submit', (event) => {
  if (!event.target.matches('form[data-submit-once]')) return
  if (event.target.dataset.sent) event.preventDefault()
  event.target.dataset.sent = 'true'
})
// a page restored with Back is a fresh chance to send
window.addEventListener('pageshow', () => document.querySelectorAll('form[data-sent]').forEach((form) => delete form.dataset.sent))
