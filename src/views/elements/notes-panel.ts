import type { EnhanceElemArg } from '@enhance/types'
import { NOTE_MAX } from '#shared/notes.ts'
import { escapeHtml } from '#views/escape.ts'
import { pageState } from '#views/page-state.ts'

/** The session's notes, a form to add one, and how big the session has grown. */
export default function NotesPanel ({ html, state }: EnhanceElemArg): string {
  const { csrfToken = '', notesPage = {}, inspector } = pageState(state)
  const { notes = [], problem, fieldProblem = false, typed = '' } = notesPage
  const csrf = `<input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">`
  const items = notes.map((note, i) => `
    <li>
      <span class="note-text">${escapeHtml(note)}</span>
      <form method="post" action="/notes">${csrf}<input type="hidden" name="action" value="delete">
        <input type="hidden" name="index" value="${i}"><button type="submit" class="secondary small">Delete</button></form>
    </li>`).join('')
  const where = inspector?.store.kind === 'dynamodb'
    ? 'They are stored in the DynamoDB row; the cookie stays the same small signed id however many you add. A row may hold up to 400 KB.'
    : 'They are stored in the cookie itself, encrypted: every note makes it longer. Browsers silently drop a cookie over 4096 bytes, '
      + 'so this app refuses the note that would cross that line.'
  const invalid = problem && fieldProblem ? ' aria-invalid="true" aria-describedby="note-problem"' : ''
  return html`
<section class="card" aria-labelledby="notes-heading">
  <h1 id="notes-heading">Notes in your session</h1>
  <p>${where} Open the inspector below to watch the size.</p>
  ${problem ? `<div class="problems" id="note-problem" role="alert" tabindex="-1" autofocus data-testid="problems">
    <p>${escapeHtml(problem)}</p></div>` : ''}
  <form method="post" action="/notes" class="stacked">
    ${csrf}<input type="hidden" name="action" value="add">
    <label for="note">New note</label>
    <input id="note" name="note" type="text" maxlength="${String(NOTE_MAX)}" required value="${escapeHtml(typed)}"${invalid}>
    <button type="submit">Add note</button>
  </form>
  ${notes.length
    ? `<ol class="notes" data-testid="notes">${items}</ol>`
    : '<p class="muted" data-testid="no-notes">No notes yet.</p>'}
</section>`
}
