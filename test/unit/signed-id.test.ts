// DynamoDB session ids travel signed in the cookie, in the `cookie-signature` format that
// @architect/functions uses: each side must accept the other's, and nothing else.
import test from 'tape'
import signature from 'cookie-signature'
import { newSessionId, signSessionId, unsignSessionId } from '../../src/shared/session/signed-id.ts'

const SECRET = 'a-signing-secret'
const ID = 'AbCdEfGhIjKlMnOpQrStUvWx'

/** The string with the character at `index` replaced by a different one. */
function changeAt (text: string, index: number): string {
  const at = index < 0 ? text.length + index : index
  return text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1)
}

test('an id signed here is accepted by cookie-signature, which arc.http uses', t => {
  const signed = signSessionId(ID, SECRET)
  t.equal(signed, signature.sign(ID, SECRET), 'the same string cookie-signature makes')
  t.equal(signature.unsign(signed, SECRET), ID, 'cookie-signature unsigns it to the id')
  t.end()
})

test('an id signed by cookie-signature is accepted here', t => {
  for (const id of [ ID, newSessionId(), 'with.a.dot', 'plus+slash/' ]) {
    t.equal(unsignSessionId(signature.sign(id, SECRET), [ SECRET ])?.id, id, `"${id}" comes back`)
  }
  t.end()
})

test('a tampered id or signature, or another secret, gives no id', t => {
  const signed = signSessionId(ID, SECRET)
  const dot = signed.lastIndexOf('.')
  t.equal(unsignSessionId(changeAt(signed, 0), [ SECRET ]), undefined, 'one character of the id changed')
  t.equal(unsignSessionId('X' + signed, [ SECRET ]), undefined, 'a character added to the id')
  t.equal(unsignSessionId(changeAt(signed, -1), [ SECRET ]), undefined, 'the last character of the signature changed')
  t.equal(unsignSessionId(changeAt(signed, dot + 1), [ SECRET ]), undefined, 'the first character of the signature changed')
  t.equal(unsignSessionId(signed.slice(0, -1), [ SECRET ]), undefined, 'the signature shortened')
  t.equal(unsignSessionId(signed + '=', [ SECRET ]), undefined, 'the signature padded')
  t.equal(unsignSessionId(signed, [ 'another-secret' ]), undefined, 'signed with another secret')
  t.equal(unsignSessionId(`${ID}.${signSessionId('other', SECRET).split('.')[1]}`, [ SECRET ]), undefined, 'another id\'s signature')
  t.end()
})

test('a cookie without a signature, or empty, gives no id', t => {
  t.equal(unsignSessionId(ID, [ SECRET ]), undefined, 'no dot at all')
  t.equal(unsignSessionId(`${ID}.`, [ SECRET ]), undefined, 'a dot but no signature')
  t.equal(unsignSessionId('', [ SECRET ]), undefined, 'the empty string')
  t.equal(unsignSessionId('.', [ SECRET ]), undefined, 'a lone dot')
  t.equal(unsignSessionId(signSessionId('', SECRET), [ SECRET ]), undefined, 'a correctly signed empty id')
  t.end()
})

test('an id signed under an earlier secret is accepted while that secret is a fallback, and says so', t => {
  const old = signSessionId(ID, 'the-old-secret')
  const current = signSessionId(ID, SECRET)
  t.deepEqual(unsignSessionId(current, [ SECRET, 'the-old-secret' ]), { id: ID, keyIndex: 0 }, 'the current secret: index 0')
  t.deepEqual(unsignSessionId(old, [ SECRET, 'the-old-secret' ]), { id: ID, keyIndex: 1 }, 'the first fallback: index 1')
  t.deepEqual(unsignSessionId(old, [ SECRET, 'another', 'the-old-secret' ]), { id: ID, keyIndex: 2 }, 'the second fallback: index 2')
  t.equal(unsignSessionId(old, [ SECRET ]), undefined, 'once the fallback is dropped, the old signature is refused')
  t.equal(unsignSessionId(old, [ SECRET, 'another' ]), undefined, 'a fallback that did not sign it does not help')
  t.equal(unsignSessionId(old, []), undefined, 'no secrets at all: refused')
  t.end()
})

test('new session ids are 24 URL-safe characters and never repeat', t => {
  const ids = Array.from({ length: 1000 }, () => newSessionId())
  const malformed = ids.filter(id => !/^[A-Za-z0-9_-]{24}$/.test(id))
  t.deepEqual(malformed, [], 'every id is 24 characters of A-Z a-z 0-9 _ -')
  t.equal(new Set(ids).size, ids.length, '1000 ids, all different')
  t.end()
})
