import type { EnhanceElemArg } from '@enhance/types'
import { escapeHtml } from '#views/escape.ts'
import { pageState } from '#views/page-state.ts'

/** The sandbox's banner when ARC_APP_SECRET would make a deployed stage refuse to run. */
export default function SecretWarning ({ html, state }: EnhanceElemArg): string {
  const { secretWarning: advice } = pageState(state)
  if (!advice) return ''
  return html`
<aside class="banner warn" role="alert" data-testid="secret-warning">
  <strong>${escapeHtml(advice.title)}.</strong> ${escapeHtml(advice.message)}
  <pre class="command"><code>${advice.commands.map(escapeHtml).join('\n')}</code></pre>
</aside>`
}
