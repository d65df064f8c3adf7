// POST /notes — add or delete a note. A note that would make the session too big for its store
// is refused by the session layer (413), and the session stays exactly as it was.
import { createHandler } from '#shared/http/handler.ts'
import type { Route } from '#shared/http/handler.ts'
import { changeNotes, notesOf } from '#shared/notes.ts'
import { renderPage } from '#views/render.ts'

export const changeNote: Route = async ({ page, session, form }) => {
  const current = notesOf(session)
  const change = changeNotes(current, form)
  if (!change.ok) {
    return {
      statusCode: 400,
      html: renderPage(page, 'Notes', '<notes-panel></notes-panel>', {
        notesPage: { notes: current, problem: change.problem, fieldProblem: form.action === 'add', typed: change.typed },
      }),
    }
  }
  return {
    location: '/notes',
    session: { ...session, notes: change.notes, flash: change.added ? 'note-added' : 'note-deleted' },
  }
}

export const handler = createHandler(changeNote)
