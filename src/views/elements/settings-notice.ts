import type { EnhanceElemArg } from '@enhance/types'
import { escapeHtml } from '#views/escape.ts'
import { pageState } from '#views/page-state.ts'

/** What a switch did (or could not do), and what to run next. */
export default function SettingsNoticeElement ({ html, state }: EnhanceElemArg): string {
  const { notice } = pageState(state)
  if (!notice) return ''
  return html`
<section class="card notice ${notice.tone}" role="status" data-testid="notice">
  <h2>${escapeHtml(notice.title)}</h2>
  ${notice.lines.map(line => `<p>${escapeHtml(line)}</p>`).join('')}
  ${notice.command ? `<pre class="command"><code data-testid="command">${escapeHtml(notice.command)}</code></pre>` : ''}
</section>`
}
