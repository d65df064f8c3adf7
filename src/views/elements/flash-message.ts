import type { EnhanceElemArg } from '@enhance/types'
import { escapeHtml } from '#views/escape.ts'
import { FLASH_TEXT } from '#views/labels.ts'
import { pageState } from '#views/page-state.ts'

/** A one-time message from the previous action ("Signed in"); nothing when there is none. */
export default function FlashMessage ({ html, state }: EnhanceElemArg): string {
  const { flash } = pageState(state)
  const text = flash && Object.hasOwn(FLASH_TEXT, flash) ? FLASH_TEXT[flash] : undefined
  if (!text) return ''
  const tone = flash === 'session-expired' || flash === 'cookies-cleared' ? 'warn' : 'ok'
  return html`<p class="flash ${tone}" role="status" data-testid="flash">${escapeHtml(text)}</p>`
}
