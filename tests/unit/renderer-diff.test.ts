import { describe, expect, it } from 'vitest'
import { wordDiff } from '../../src/renderer/src/features/compare/word-diff'

describe('word diff between two answers', () => {
  it('marks inserted and deleted words, keeping the text as written', () => {
    const diff = wordDiff('The quick brown fox jumps over the dog.', 'The quick red fox leaps over the lazy dog.')!
    expect(diff.segments).toEqual([
      { kind: 'same', text: 'The quick ' },
      { kind: 'removed', text: 'brown' },
      { kind: 'added', text: 'red' },
      { kind: 'same', text: ' fox ' },
      { kind: 'removed', text: 'jumps' },
      { kind: 'added', text: 'leaps' },
      { kind: 'same', text: ' over the ' },
      { kind: 'added', text: 'lazy ' },
      { kind: 'same', text: 'dog.' }
    ])
    expect(diff.added).toBe(3)
    expect(diff.removed).toBe(2)
    // Read without the deletions it is the second answer; without the insertions, the first.
    const text = (skip: 'added' | 'removed') => diff.segments.filter((segment) => segment.kind !== skip).map((segment) => segment.text).join('')
    expect(text('removed')).toBe('The quick red fox leaps over the lazy dog.')
    expect(text('added')).toBe('The quick brown fox jumps over the dog.')
  })

  it('says nothing changed for equal answers, and everything for an empty one', () => {
    expect(wordDiff('Same answer.', 'Same answer.')).toEqual({ segments: [{ kind: 'same', text: 'Same answer.' }], added: 0, removed: 0 })
    expect(wordDiff('', 'two words')).toEqual({ segments: [{ kind: 'added', text: 'two words' }], added: 2, removed: 0 })
  })

  it('works on markdown and multi-line answers', () => {
    const diff = wordDiff('- a\n- b\n\n```js\nlet x = 1\n```', '- a\n- c\n\n```js\nlet x = 2\n```')!
    expect(diff.added).toBe(2)
    expect(diff.removed).toBe(2)
  })
})
