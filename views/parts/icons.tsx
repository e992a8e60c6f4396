/** Icons drawn inline as SVG: no icon font or emoji font needed, and hidden from screen readers (the control names itself). */
export const PaperClip = () => (
  <svg class="icon-svg" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
    <path d="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
  </svg>
)

export const Ellipsis = () => (
  <svg class="icon-svg" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
    <circle cx="5" cy="12" r="2" fill="currentColor" /><circle cx="12" cy="12" r="2" fill="currentColor" /><circle cx="19" cy="12" r="2" fill="currentColor" />
  </svg>
)
