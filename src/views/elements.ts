// Every custom element the pages use, by tag name.
import type { EnhanceElemFn } from '@enhance/types'
import AppLayout from '#views/elements/app-layout.ts'
import CounterPanel from '#views/elements/counter-panel.ts'
import ErrorPanel from '#views/elements/error-panel.ts'
import SessionState from '#views/elements/session-state.ts'

const elements: Record<string, EnhanceElemFn> = {
  'app-layout': AppLayout,
  'counter-panel': CounterPanel,
  'error-panel': ErrorPanel,
  'session-state': SessionState,
}

export default elements
