// The few lines of client script: the create form's rows and button, Enter to send, keeping the log in view.
'use strict'

// Create New Conversation stays disabled until every shown required field is filled.
function updateRequiredButton(form) {
  const filled = [...form.querySelectorAll('[required]')].every((el) => el.value.trim() !== '')
  const button = form.querySelector('button[type="submit"]')
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

function init() {
  document.querySelectorAll('form[data-require-all]').forEach(updateRequiredButton)
  // the Complete warning arrives open; as a modal it keeps focus until the host chooses (Escape = Go back)
  document.querySelectorAll('dialog[data-modal][open]').forEach((dialog) => {
    dialog.close()
    dialog.showModal()
    dialog.addEventListener('cancel', () => { location.href = location.pathname.replace(/\/complete$/, '') })
  })
  const log = document.getElementById('log')
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

// The paper clip opens and closes its form.
document.addEventListener('click', (event) => {
  const toggle = event.target.closest('[data-toggle]')
  if (!toggle) return
  const panel = document.getElementById(toggle.getAttribute('aria-controls'))
  const open = toggle.getAttribute('aria-expanded') !== 'true'
  toggle.setAttribute('aria-expanded', String(open))
  panel.hidden = !open
  if (open) panel.querySelector('input, select, textarea, button')?.focus()
})
