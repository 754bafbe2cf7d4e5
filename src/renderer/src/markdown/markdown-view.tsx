import type { ElementContent, Root } from 'hast'
import { type Token, type Tokens, lexer } from 'marked'
import { Fragment, type ReactNode, memo, useMemo } from 'react'
import { CopyButton } from '../shell/copy-button'
import { type MarkdownBlocks, splitMarkdown } from './block-splitter'
import { decodeEntities } from './entities'
import { highlightCode } from './highlight'
import { safeHref } from './links'
import './markdown.css'

/**
 * Markdown as React elements, straight from marked's tokens: never through an HTML string, so
 * raw HTML in an answer shows as the text it is, and no library writes markup or styles into the
 * page. Blocks come from the block splitter. Finished ones never change, so they are memoised by
 * their source, and in groups of BLOCKS_PER_GROUP: a new chunk re-renders only the growing last
 * block, and a frame's reconciliation visits one group per 16 finished blocks rather than every
 * block — so what a chunk costs does not grow with the length of the answer.
 */
export function MarkdownView({ doc, className }: { doc: MarkdownBlocks; className?: string }) {
  const { blocks, tail } = doc
  const count = blocks.length + (tail === '' ? 0 : 1)
  const groups: ReactNode[] = []
  for (let from = 0; from < count; from += BLOCKS_PER_GROUP) {
    const to = Math.min(blocks.length, from + BLOCKS_PER_GROUP)
    // The growing block goes last in the last group, under the key it keeps once it is finished.
    const last = from + BLOCKS_PER_GROUP >= count
    groups.push(<BlockGroup key={from} blocks={blocks} from={from} to={to} tail={last ? tail : ''} />)
  }
  return <div className={className ? `markdown ${className}` : 'markdown'}>{groups}</div>
}

const BLOCKS_PER_GROUP = 16

interface BlockGroupProps {
  blocks: readonly string[]
  /** The group's finished blocks: blocks[from] … blocks[to - 1]. */
  from: number
  to: number
  /** The growing block, in the last group only; '' for none. */
  tail: string
}

/** The same group when it shows the same blocks: a full group of finished blocks, which never change, renders once. */
function sameGroup(before: BlockGroupProps, after: BlockGroupProps): boolean {
  if (before.from !== after.from || before.to !== after.to || before.tail !== after.tail) return false
  for (let index = before.from; index < before.to; index++) if (before.blocks[index] !== after.blocks[index]) return false
  return true
}

const BlockGroup = memo(function BlockGroup({ blocks, from, to, tail }: BlockGroupProps) {
  const sources = blocks.slice(from, to)
  if (tail !== '') sources.push(tail)
  // An element of its own, so the browser can skip laying out and painting a group that is
  // scrolled out of view (content-visibility in markdown.css).
  return (
    <div className="md-group">
      {sources.map((source, offset) => (
        <MarkdownBlock key={from + offset} source={source} />
      ))}
    </div>
  )
}, sameGroup)

/** A finished text (a saved answer, an earlier turn), split once. */
export function MarkdownText({ text, className }: { text: string; className?: string }) {
  const doc = useMemo(() => splitMarkdown(text), [text])
  return <MarkdownView doc={doc} {...(className !== undefined && { className })} />
}

const MarkdownBlock = memo(function MarkdownBlock({ source }: { source: string }) {
  const tokens = useMemo(() => lexer(source, { gfm: true }), [source])
  return <>{blockTokens(tokens)}</>
})

function blockTokens(tokens: Token[]): ReactNode[] {
  return tokens.map((token, index) => <Fragment key={index}>{blockToken(token)}</Fragment>)
}

function blockToken(token: Token): ReactNode {
  const t = token as Tokens.Generic
  switch (t.type) {
    case 'space':
    case 'def':
      return null
    case 'heading': {
      const heading = token as Tokens.Heading
      // Answers sit under the app's own headings: h1 becomes h3 … h6 stays h6.
      const Tag = `h${Math.min(6, heading.depth + 2)}` as 'h3'
      return <Tag className="md-heading">{inlineTokens(heading.tokens)}</Tag>
    }
    case 'paragraph':
      return <p>{inlineTokens((token as Tokens.Paragraph).tokens)}</p>
    case 'text': {
      // Top-level text of a tight list item.
      const text = token as Tokens.Text
      return text.tokens ? inlineTokens(text.tokens) : decodeEntities(text.text)
    }
    case 'code': {
      const code = token as Tokens.Code
      return <CodeBlock code={code.text} language={code.codeBlockStyle === 'indented' ? undefined : code.lang} />
    }
    case 'blockquote':
      return <blockquote>{blockTokens((token as Tokens.Blockquote).tokens)}</blockquote>
    case 'hr':
      return <hr />
    case 'list':
      return <List list={token as Tokens.List} />
    case 'table':
      return <Table table={token as Tokens.Table} />
    case 'html':
      // Raw HTML in an answer is shown as text, never interpreted.
      return <p className="md-raw">{t.text as string}</p>
    default:
      return t.raw ? <p>{t.raw}</p> : null
  }
}

function List({ list }: { list: Tokens.List }) {
  const items = list.items.map((item, index) => (
    <li key={index} className={item.task ? 'md-task' : undefined}>
      {item.tokens.map((child, childIndex) => (
        <Fragment key={childIndex}>{child.type === 'checkbox' ? <Checkbox checked={(child as Tokens.Checkbox).checked} /> : blockToken(child)}</Fragment>
      ))}
    </li>
  ))
  if (list.ordered) {
    const start = typeof list.start === 'number' ? list.start : 1
    return <ol {...(start !== 1 && { start })}>{items}</ol>
  }
  return <ul>{items}</ul>
}

function Checkbox({ checked }: { checked: boolean }) {
  return <input type="checkbox" checked={checked} disabled readOnly aria-label={checked ? 'done' : 'not done'} />
}

function Table({ table }: { table: Tokens.Table }) {
  const align = (value: Tokens.TableCell['align']): string | undefined => (value ? `md-align-${value}` : undefined)
  return (
    <div className="md-table">
      <table>
        <thead>
          <tr>
            {table.header.map((cell, index) => (
              <th key={index} className={align(cell.align)} scope="col">
                {inlineTokens(cell.tokens)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, rowIndex) => (
            <tr key={rowIndex}>
              {row.map((cell, index) => (
                <td key={index} className={align(cell.align)}>
                  {inlineTokens(cell.tokens)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function inlineTokens(tokens: Token[] | undefined): ReactNode[] {
  return (tokens ?? []).map((token, index) => <Fragment key={index}>{inlineToken(token)}</Fragment>)
}

function inlineToken(token: Token): ReactNode {
  const t = token as Tokens.Generic
  switch (t.type) {
    case 'text': {
      const text = token as Tokens.Text
      return text.tokens ? inlineTokens(text.tokens) : decodeEntities(text.text)
    }
    case 'escape':
      return (token as Tokens.Escape).text
    case 'strong':
      return <strong>{inlineTokens((token as Tokens.Strong).tokens)}</strong>
    case 'em':
      return <em>{inlineTokens((token as Tokens.Em).tokens)}</em>
    case 'del':
      return <del>{inlineTokens((token as Tokens.Del).tokens)}</del>
    case 'codespan':
      return <code>{decodeEntities((token as Tokens.Codespan).text)}</code>
    case 'br':
      return <br />
    case 'link': {
      const link = token as Tokens.Link
      const href = safeHref(link.href)
      const content = link.autolink ? link.text : inlineTokens(link.tokens)
      if (!href) return content
      return (
        <a href={href} target="_blank" rel="noreferrer noopener" {...(link.title && { title: link.title })}>
          {content}
        </a>
      )
    }
    case 'image': {
      // Images from an answer are not fetched (a tracking pixel, a huge file): a link says where it is.
      const image = token as Tokens.Image
      const href = safeHref(image.href)
      const label = `image: ${image.text || image.href}`
      return href ? (
        <a href={href} target="_blank" rel="noreferrer noopener" className="md-image">
          {label}
        </a>
      ) : (
        label
      )
    }
    case 'html':
      return t.text as string
    case 'checkbox':
      return <Checkbox checked={(token as Tokens.Checkbox).checked} />
    default:
      return t.raw ?? null
  }
}

export function CodeBlock({ code, language }: { code: string; language: string | undefined }) {
  const tree = useMemo(() => highlightCode(code, language), [code, language])
  const label = language?.trim().split(/\s/)[0] || 'text'
  return (
    <figure className="code-block">
      <figcaption>
        <span className="code-language">{label}</span>
        <CopyButton text={code} label={`Copy ${label} code`} idleText="Copy" />
      </figcaption>
      <pre>
        <code className={tree ? `hljs language-${label}` : undefined}>{tree ? hastChildren(tree) : code}</code>
      </pre>
    </figure>
  )
}

function hastChildren(node: Root | Extract<ElementContent, { type: 'element' }>): ReactNode[] {
  return node.children.map((child, index) => hastNode(child as ElementContent, index))
}

function hastNode(node: ElementContent, key: number): ReactNode {
  if (node.type === 'text') return node.value
  if (node.type !== 'element') return null
  const className = node.properties['className']
  return (
    <span key={key} className={Array.isArray(className) ? className.join(' ') : undefined}>
      {hastChildren(node)}
    </span>
  )
}
