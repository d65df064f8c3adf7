import type { EnhanceElemArg } from '@enhance/types'
import { countOf } from '#shared/counter.ts'
import { escapeHtml } from '#views/escape.ts'
import { pageState } from '#views/page-state.ts'

/** The count, with the two forms that change the session. They work without JavaScript. */
export default function CounterPanel ({ html, state }: EnhanceElemArg): string {
  const { session = {}, csrfToken = '' } = pageState(state)
  const count = countOf(session)
  const csrf = `<input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">`
  return html`
<section class="card counter" aria-labelledby="counter-heading">
  <h1 id="counter-heading">Session counter</h1>
  <p class="count"><output data-testid="count" aria-live="polite">${String(count)}</output>
    <span>${count === 1 ? 'press' : 'presses'} in this session</span></p>
  <div class="actions">
    <form method="post" action="/count">${csrf}<button type="submit">Count</button></form>
    <form method="post" action="/destroy">${csrf}<button type="submit" class="secondary">Destroy session</button></form>
  </div>
  <p class="hint"><strong>Count</strong> adds one to <code>count</code> in your session and redirects back here.
  <strong>Destroy session</strong> deletes it: the browser is told to drop the cookie, and in DynamoDB the row is deleted.</p>
  <p class="hint">The same count, from <a href="/plain">a route written with plain <code>arc.http</code></a>: both read one session.</p>
</section>`
}
