import { lexer } from 'marked'
import { describe, expect, it } from 'vitest'
import { EMPTY_BLOCKS, allBlocks, appendMarkdown, splitMarkdown } from '../../src/renderer/src/markdown/block-splitter'
import { decodeEntities } from '../../src/renderer/src/markdown/entities'
import { safeHref } from '../../src/renderer/src/markdown/links'
import { seededRandom } from '../support/loopback-server'

// The window renders an answer block by block: finished blocks are memoised by their source, so
// they must never change once finished, streaming must cut exactly where a whole text is cut, and
// the cost of a chunk must not grow with the answer.

const ANSWER = [
  '# Quicksort',
  '',
  'Quicksort picks a **pivot** and partitions &amp; recurses.',
  '',
  '```ts',
  'function sort(xs: number[]): number[] {',
  '',
  '  if (xs.length < 2) return xs',
  '',
  '}',
  '```',
  '',
  '- first item',
  '',
  '- second item, loose',
  '  continued here',
  '',
  '    still the second item',
  '',
  '| n | time |',
  '|:--|-----:|',
  '| 10 | 1 ms |',
  '| 1000 | 9 ms |',
  '',
  '> a quote',
  '',
  '~~~',
  'tilde fence with ``` inside',
  '',
  '~~~',
  '',
  'The end.'
].join('\n')

function stream(text: string, seed: number, maxChunk = 9) {
  const random = seededRandom(seed)
  let doc = EMPTY_BLOCKS
  const history = [doc]
  for (let offset = 0; offset < text.length; ) {
    const size = 1 + Math.floor(random() * maxChunk)
    doc = appendMarkdown(doc, text.slice(offset, offset + size))
    history.push(doc)
    offset += size
  }
  return { doc, history }
}

describe('markdown block splitter', () => {
  it('cuts at blank lines outside fences, keeping fences, loose lists and indented continuations whole', () => {
    const blocks = allBlocks(splitMarkdown(ANSWER))
    expect(blocks.join('')).toBe(ANSWER)
    expect(blocks.map((block) => block.trimEnd())).toEqual([
      '# Quicksort',
      'Quicksort picks a **pivot** and partitions &amp; recurses.',
      '```ts\nfunction sort(xs: number[]): number[] {\n\n  if (xs.length < 2) return xs\n\n}\n```',
      '- first item\n\n- second item, loose\n  continued here\n\n    still the second item',
      '| n | time |\n|:--|-----:|\n| 10 | 1 ms |\n| 1000 | 9 ms |',
      '> a quote',
      '~~~\ntilde fence with ``` inside\n\n~~~',
      'The end.'
    ])
  })

  it('renders the same markdown block by block as the whole text at once', () => {
    const blockTypes = (source: string) => lexer(source, { gfm: true }).filter((token) => token.type !== 'space').map((token) => token.type)
    const whole = blockTypes(ANSWER)
    const split = allBlocks(splitMarkdown(ANSWER)).flatMap(blockTypes)
    expect(split).toEqual(whole)
    expect(whole).toEqual(['heading', 'paragraph', 'code', 'list', 'table', 'blockquote', 'code', 'paragraph'])
  })

  it('streamed in any pieces, gives the blocks of the whole text', () => {
    const whole = splitMarkdown(ANSWER)
    for (let seed = 1; seed <= 40; seed++) {
      const { doc } = stream(ANSWER, seed, 1 + (seed % 13))
      expect(doc.blocks).toEqual(whole.blocks)
      expect(doc.tail).toBe(whole.tail)
    }
    // One character at a time too.
    expect(stream(ANSWER, 99, 1).doc.blocks).toEqual(whole.blocks)
  })

  it('never changes a finished block: the same string object from then on, so a memoised view skips it', () => {
    const { history } = stream(ANSWER, 7)
    for (let step = 1; step < history.length; step++) {
      const before = history[step - 1]!
      const after = history[step]!
      expect(after.blocks.length).toBeGreaterThanOrEqual(before.blocks.length)
      before.blocks.forEach((block, index) => expect(after.blocks[index]).toBe(block))
      // Unchanged blocks: the array itself is reused until a block finishes.
      if (after.blocks.length === before.blocks.length) expect(after.blocks).toBe(before.blocks)
    }
  })

  it('costs the chunk and the last line, not the answer: a long answer appends as cheaply as a short one', () => {
    const paragraph = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n\n'
    let doc = splitMarkdown(paragraph.repeat(5_000)) // 290 KB, 5,000 finished blocks
    expect(doc.blocks.length).toBe(4_999)
    const chunk = 'More text'
    doc = appendMarkdown(doc, chunk)
    expect(doc.work).toBeLessThanOrEqual(paragraph.length + chunk.length)
    doc = appendMarkdown(doc, ' and a line end\n')
    expect(doc.work).toBeLessThanOrEqual(paragraph.length + 40)
    expect(doc.blocks.length).toBe(5_000)
  })

  it('reads Windows line ends as well', () => {
    expect(allBlocks(splitMarkdown('One.\r\n\r\nTwo.\r\n'))).toEqual(['One.\r\n\r\n', 'Two.\r\n'])
  })

  it('keeps an unterminated fence open until it closes, whatever blank lines it holds', () => {
    let doc = splitMarkdown('Intro\n\n```python\nx = 1\n\n\ny = 2\n')
    expect(doc.blocks).toEqual(['Intro\n\n'])
    expect(doc.tail).toBe('```python\nx = 1\n\n\ny = 2\n')
    doc = appendMarkdown(doc, '```\n\nAfter')
    expect(allBlocks(doc)).toEqual(['Intro\n\n', '```python\nx = 1\n\n\ny = 2\n```\n\n', 'After'])
  })
})

describe('markdown text', () => {
  it('decodes character references for display, leaving unknown ones as written', () => {
    expect(decodeEntities('a &amp; b &lt;tag&gt; &#39;q&#39; &#x1F600; &copy; &bogus; &#0;')).toBe("a & b <tag> 'q' 😀 © &bogus; \ufffd")
    expect(decodeEntities('no references')).toBe('no references')
  })

  it('makes links only of web and mail addresses', () => {
    expect(safeHref('https://example.com/a?b=c')).toBe('https://example.com/a?b=c')
    expect(safeHref('mailto:someone@example.com')).toBeNull()
    expect(safeHref('https://user:pass@example.com/')).toBeNull()
    expect(safeHref('javascript:alert(1)')).toBeNull()
    expect(safeHref('file:///etc/passwd')).toBeNull()
    expect(safeHref('/relative')).toBeNull()
  })
})
