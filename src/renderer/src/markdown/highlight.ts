import bash from 'highlight.js/lib/languages/bash'
import c from 'highlight.js/lib/languages/c'
import cpp from 'highlight.js/lib/languages/cpp'
import csharp from 'highlight.js/lib/languages/csharp'
import css from 'highlight.js/lib/languages/css'
import diff from 'highlight.js/lib/languages/diff'
import go from 'highlight.js/lib/languages/go'
import java from 'highlight.js/lib/languages/java'
import javascript from 'highlight.js/lib/languages/javascript'
import json from 'highlight.js/lib/languages/json'
import kotlin from 'highlight.js/lib/languages/kotlin'
import markdown from 'highlight.js/lib/languages/markdown'
import php from 'highlight.js/lib/languages/php'
import python from 'highlight.js/lib/languages/python'
import ruby from 'highlight.js/lib/languages/ruby'
import rust from 'highlight.js/lib/languages/rust'
import shell from 'highlight.js/lib/languages/shell'
import sql from 'highlight.js/lib/languages/sql'
import swift from 'highlight.js/lib/languages/swift'
import typescript from 'highlight.js/lib/languages/typescript'
import xml from 'highlight.js/lib/languages/xml'
import yaml from 'highlight.js/lib/languages/yaml'
import type { Root } from 'hast'
import { createLowlight } from 'lowlight'

/**
 * Syntax highlighting as a tree (lowlight, on highlight.js grammars), never as an HTML string:
 * the view turns the tree into elements with class names only, so no markup from a model's
 * answer and no inline style reaches the page. The languages models write most; others show plain.
 */
const lowlight = createLowlight({
  bash,
  c,
  cpp,
  csharp,
  css,
  diff,
  go,
  java,
  javascript,
  json,
  kotlin,
  markdown,
  php,
  python,
  ruby,
  rust,
  shell,
  sql,
  swift,
  typescript,
  xml,
  yaml
})
lowlight.registerAlias({ bash: ['zsh'], shell: ['console', 'shellsession'], json: ['jsonc'], xml: ['html', 'svg'] })

/** Beyond this a block is shown plain: highlighting it on every chunk would stall the window. */
const MAX_HIGHLIGHT_CHARS = 100_000

export function highlightCode(code: string, language: string | undefined): Root | null {
  const name = language?.trim().toLowerCase().split(/\s/)[0]
  if (!name || code.length > MAX_HIGHLIGHT_CHARS || !lowlight.registered(name)) return null
  try {
    return lowlight.highlight(name, code)
  } catch {
    return null
  }
}
