// Every custom element the pages use, by tag name.
import type { EnhanceElemFn } from '@enhance/types'
import AccountPanel from '#views/elements/account-panel.ts'
import AppLayout from '#views/elements/app-layout.ts'
import AuthForm from '#views/elements/auth-form.ts'
import CounterPanel from '#views/elements/counter-panel.ts'
import ErrorPanel from '#views/elements/error-panel.ts'
import FlashMessage from '#views/elements/flash-message.ts'
import NotesPanel from '#views/elements/notes-panel.ts'
import SecretWarning from '#views/elements/secret-warning.ts'
import SessionInspector from '#views/elements/session-inspector.ts'
import SessionList from '#views/elements/session-list.ts'
import SessionState from '#views/elements/session-state.ts'
import SettingsNotice from '#views/elements/settings-notice.ts'
import SettingsTable from '#views/elements/settings-table.ts'

const elements: Record<string, EnhanceElemFn> = {
  'account-panel': AccountPanel,
  'app-layout': AppLayout,
  'auth-form': AuthForm,
  'counter-panel': CounterPanel,
  'error-panel': ErrorPanel,
  'flash-message': FlashMessage,
  'notes-panel': NotesPanel,
  'secret-warning': SecretWarning,
  'session-inspector': SessionInspector,
  'session-list': SessionList,
  'session-state': SessionState,
  'settings-notice': SettingsNotice,
  'settings-table': SettingsTable,
}

export default elements
