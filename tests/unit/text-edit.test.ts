import { describe, expect, it } from 'vitest'
import { applyEdit, editBetween } from '../../src/shared/text-edit'
import { seededRandom } from '../support/loopback-server'

describe('editBetween and applyEdit', () => {
  it('turn any text into any edited version of it, with the common start and end kept', () => {
    const random = seededRandom(11)
    const piece = (length: number) => Array.from({ length }, () => 'ab \n😀é'[Math.floor(random() * 6)]).join('')
    for (let round = 0; round < 2_000; round++) {
      const before = piece(Math.floor(random() * 40))
      const at = Math.floor(random() * (before.length + 1))
      const after = before.slice(0, at) + piece(Math.floor(random() * 4)) + before.slice(Math.min(before.length, at + Math.floor(random() * 3)))
      const edit = editBetween(before, after)
      expect(applyEdit(before, edit)).toBe(after)
      expect(edit.insert.length).toBeLessThanOrEqual(after.length - edit.from)
    }
  })

  it('describes a keystroke at the end of a long text as that one character', () => {
    const long = 'word '.repeat(20_000)
    expect(editBetween(long, `${long}x`)).toEqual({ from: long.length, to: long.length, insert: 'x' })
    expect(editBetween(`${long}x`, long)).toEqual({ from: long.length, to: long.length + 1, insert: '' })
  })

  it('refuses an edit that does not fit the text', () => {
    expect(applyEdit('abc', { from: 2, to: 1, insert: '' })).toBeNull()
    expect(applyEdit('abc', { from: 0, to: 4, insert: '' })).toBeNull()
  })
})
