import type { EnhanceElemArg } from '@enhance/types'
import { escapeHtml } from '#views/escape.ts'
import { pageState } from '#views/page-state.ts'

/** The body of every error page: what happened and where to go next. */
export default function ErrorPanel ({ html, state }: EnhanceElemArg): string {
  const { error, path = '/' } = pageState(state)
  const { status = 500, title = 'Something went wrong', message = '', commands = [] } = error ?? {}
  return html`
<section class="card error" role="alert" aria-labelledby="error-heading">
  <p class="status">${escapeHtml(status)}</p>
  <h1 id="error-heading">${escapeHtml(title)}</h1>
  <p>${escapeHtml(message)}</p>
  ${commands.length ? `<pre class="command"><code>${commands.map(escapeHtml).join('\n')}</code></pre>` : ''}
  <p>${status === 413 && path !== '/' ? `<a href="${escapeHtml(path)}">Back</a> · ` : ''}<a href="/">Back to the counter</a></p>
</section>`
}
