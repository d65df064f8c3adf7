// Every Location built from the request goes through localPath: it never leads off this site.
import test from 'tape'
import { localPath } from '../../src/shared/http/local-path.ts'

test('a path on this site is kept, with its query and fragment', t => {
  t.equal(localPath('/account'), '/account', '/account')
  t.equal(localPath('/account?x=1#y'), '/account?x=1#y', 'query and fragment kept')
  t.equal(localPath('/account/sessions'), '/account/sessions', 'a nested path')
  t.end()
})

test('anything that is not plainly a path on this site leads home instead', t => {
  for (const [ label, next ] of [
    [ 'empty', '' ],
    [ 'missing', undefined ],
    [ 'a relative path', 'account' ],
    [ 'a protocol-relative URL', '//evil.example' ],
    [ 'three slashes', '///evil.example' ],
    [ 'an absolute URL', 'https://evil.example' ],
    [ 'a backslash after the slash (browsers read it as //)', '/\\evil.example' ],
    [ 'a backslash later on', '/x\\..\\\\evil.example' ],
    [ 'a javascript: URL', 'javascript:alert(1)' ],
    [ 'a tab (browsers strip it, making //)', '/\tevil.example' ],
    [ 'a newline (browsers strip it, making //)', '/\n/evil.example' ],
    [ 'a scheme with one slash', 'http:/evil.example' ],
  ] as const) {
    t.equal(localPath(next), '/', `${label}: home`)
  }
  t.end()
})

test('an encoded backslash (/%5Cevil) is kept, because browsers do not decode it: it stays a path on this site', t => {
  t.equal(localPath('/%5Cevil'), '/%5Cevil', '/%5Cevil is returned as it is, still beginning with a single slash')
  t.notOk(localPath('/%5Cevil').startsWith('//'), 'it cannot be read as another host')
  t.end()
})

test('dot segments that collapse to //host lead home, not to another site', t => {
  // Found by this test: URL resolution turns these into the pathname //evil.example, which
  // localPath returns as it is; as a Location header, //evil.example is another site.
  for (const next of [ '/..//evil.example', '/.//evil.example', '/%2e%2e//evil.example', '/a/..//evil.example' ]) {
    const result = localPath(next)
    t.notOk(result.startsWith('//'), `"${next}": not a protocol-relative URL (got "${result}")`)
  }
  t.end()
})
