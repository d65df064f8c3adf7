import type { EnhanceElemArg } from '@enhance/types'
import { countOf } from '#shared/counter.ts'
import { escapeHtml, escapedJson } from '#views/escape.ts'
import { storeLabel } from '#views/labels.ts'
import { pageState } from '#views/page-state.ts'

/** What the server knows about this request's session, as it knows it. */
export default function SessionState ({ html, state }: EnhanceElemArg): string {
  const { store, session = {}, sessionExists = false } = pageState(state)
  const where = store?.kind === 'dynamodb'
    ? 'a row in DynamoDB; the cookie holds only its signed id'
    : 'the cookie itself, encrypted (JWE, AES-GCM)'
  return html`
<section class="card" aria-labelledby="state-heading">
  <h2 id="state-heading">What the session holds</h2>
  <dl class="facts">
    <dt>Store</dt><dd>${escapeHtml(storeLabel(store))}: ${where}</dd>
    <dt>Session</dt><dd data-testid="session-exists">${sessionExists
      ? 'exists: your browser sent a valid <code>_idx</code> cookie'
      : 'none yet: nothing is stored, and no cookie set, until something changes'}</dd>
    <dt>Count</dt><dd>${String(countOf(session))}</dd>
  </dl>
  <h3>Contents</h3>
  <pre class="json" data-testid="session-json">${escapedJson(session)}</pre>
</section>`
}
