// GET /notes — the session's notes, to grow the session on purpose.
import { createHandler } from '#shared/http/handler.ts'
import type { Route } from '#shared/http/handler.ts'
import { notesOf } from '#shared/notes.ts'
import { renderPage } from '#views/render.ts'

export const notes: Route = async ({ page, session }) => ({
  html: renderPage(page, 'Notes', '<notes-panel></notes-panel>', { notesPage: { notes: notesOf(session) } }),
})

export const handler = createHandler(notes)
