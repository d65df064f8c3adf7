// Every `Location` this app builds from what a request says (`next=`, the page a visitor was on)
// goes through here, so that no redirect can leave the site.

/** `value` if it is a path on this site, else `fallback`. */
export function localPath (value: string | undefined, fallback = '/'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback
  // Browsers ignore tabs and newlines in URLs and treat \ as /: refuse rather than guess.
  if ([ ...value ].some(c => c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return fallback
  const base = 'https://this-site.invalid'
  try {
    const url = new URL(value, base)
    const path = url.pathname + url.search + url.hash
    // Dot segments can collapse to `//host` (`/..//evil.example`), which a browser reads as another site.
    return url.origin === base && !path.startsWith('//') ? path : fallback
  }
  catch {
    return fallback
  }
}
