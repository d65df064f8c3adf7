import type { EnhanceElemArg } from '@enhance/types'
import type { Stage } from '#shared/config.ts'
import type { EnvironmentRow } from '#views/page-state.ts'
import { escapeHtml } from '#views/escape.ts'
import { SETTINGS } from '#views/labels.ts'
import { pageState } from '#views/page-state.ts'

/**
 * One row per environment: the store in effect and where it comes from, the other session
 * settings, what is wrong, and (for admins, where allowed) a switch to the other store.
 */
export default function SettingsTable ({ html, state }: EnhanceElemArg): string {
  const { environments = [], csrfToken = '', canSwitch = false, sessionTables = [] } = pageState(state)
  const switchTo = (stage: Stage, store = '') => `<form method="post" action="/settings">
    <input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">
    <input type="hidden" name="stage" value="${stage}">
    <input type="hidden" name="store" value="${escapeHtml(store)}">
    <button type="submit" class="small">Switch to ${store === 'jwe' ? 'JWE' : 'DynamoDB'}</button>
  </form>`
  const rows = environments.map(row => {
    const targets = canSwitch && sessionTables[0] ? switchTargets(row, sessionTables[0]) : []
    const switches = `<td class="switches">${targets.map(store => switchTo(row.stage, store)).join('')}</td>`
    const stage = `<th scope="row">${row.stage}</th>`
    if (!row.store) {
      return `<tr data-stage="${row.stage}">${stage}<td colspan="2" class="muted">${escapeHtml(row.unreadable)}</td>${switches}</tr>`
    }
    const kind = row.store === 'dynamodb' ? 'DynamoDB' : 'unknown'
    const store = row.store === 'jwe' ? 'JWE cookie' : `${kind} “${escapeHtml(row.storeName)}”`
    const settings = [ [ 'ttl', 'ARC_SESSION_TTL', row.ttl ], [ 'same-site', 'ARC_SESSION_SAME_SITE', row.sameSite ],
      [ 'domain', 'ARC_SESSION_DOMAIN', row.domain ], [ 'algorithm', 'ARC_APP_SECRET_ALGO', row.algorithm ],
      [ 'secret', 'ARC_APP_SECRET', SETTINGS.secret[row.secret] ],
      [ 'fallbacks', 'SESSION_SECRET_FALLBACKS', row.fallbacks === 0 ? 'none' : `${row.fallbacks} set` ] ]
    const problems = row.problems.map(problem => `<li>${escapeHtml(problem)}</li>`).join('')
    return `<tr data-stage="${row.stage}"${problems ? ' class="has-problems"' : ''}>
      ${stage}
      <td><strong data-testid="store-${row.stage}">${store}</strong><br><span class="muted">from ${escapeHtml(row.source)}</span></td>
      <td><dl class="compact">
        ${settings.map(([ id, name, value ]) => `<dt>${name}</dt><dd data-testid="${id}-${row.stage}">${escapeHtml(value)}</dd>`).join('')}
      </dl>${problems && `<ul class="row-problems" data-testid="problems-${row.stage}">${problems}</ul>`}</td>
      ${switches}
    </tr>`
  }).join('')
  return html`
<table class="settings" data-testid="settings">
  <thead><tr><th scope="col">Environment</th><th scope="col">Session store</th><th scope="col">Other session settings</th>
    <th scope="col"><span class="visually-hidden">Switch</span></th></tr></thead>
  <tbody>${rows}</tbody>
</table>`
}

/** The other store; both when the current one could not be read (but not for testing: prefs.arc is unreadable then). */
function switchTargets (row: EnvironmentRow, dynamoTable: string): string[] {
  if (row.store) return [ row.store === 'dynamodb' ? 'jwe' : dynamoTable ]
  return row.stage === 'testing' ? [] : [ 'jwe', dynamoTable ]
}
