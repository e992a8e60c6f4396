/** Element ids shared by pages, partials and live updates, so each update finds its place. */
export const domId = {
  event: (eventId: number) => `e-${eventId}`,
  olderLoader: 'e-0', // sorts before every event in the log
  log: 'log',
  list: 'conversation-list',
  unread: (conversationId: string) => `unread-${conversationId}`,
  status: 'conversation-status',
  composer: (state: string) => `composer-${state}`,
  composerError: 'composer-error',
  attachments: 'attachments-list',
  file: (fileId: string) => `f-${fileId}`,
  forms: 'forms-list',
  form: (formId: string) => `form-${formId}`,
  charges: 'charges-panel',
}
