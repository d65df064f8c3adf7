// Notes kept in the session, to make it grow on purpose and watch what each store does with it.
import { passwordLength as characterCount } from '#shared/accounts/passwords.ts'
import type { SessionData } from '#shared/session/types.ts'

export const NOTE_MAX = 500

export type NoteChange =
  | { ok: true, notes: string[], added: boolean }
  | { ok: false, problem: string, typed: string }

/** The session's notes; anything else stored under `notes` (an older version of the app) counts as none. */
export function notesOf (session: Readonly<SessionData>): string[] {
  return Array.isArray(session.notes) ? session.notes.filter((n): n is string => typeof n === 'string') : []
}

/** `action=add` with `note`, or `action=delete` with `index`; anything else is refused. */
export function changeNotes (notes: readonly string[], form: Readonly<Record<string, string>>): NoteChange {
  const typed = (form.note ?? '').slice(0, NOTE_MAX * 2)
  if (form.action === 'add') {
    const note = (form.note ?? '').trim()
    if (note === '') return { ok: false, problem: 'Write something first: an empty note is not added.', typed }
    const length = characterCount(note)
    if (length > NOTE_MAX) return { ok: false, problem: `A note is at most ${NOTE_MAX} characters (this one has ${length}).`, typed }
    return { ok: true, notes: [ ...notes, note ], added: true }
  }
  if (form.action === 'delete') {
    const index = Number(form.index)
    if (!/^\d+$/.test(form.index ?? '') || index >= notes.length) {
      return { ok: false, problem: 'That note no longer exists (it may have been deleted in another tab).', typed: '' }
    }
    return { ok: true, notes: notes.filter((_, i) => i !== index), added: false }
  }
  return { ok: false, problem: 'Unknown action: the form can add or delete a note.', typed: '' }
}
