import {
  cursorCharLeft,
  cursorCharRight,
  cursorDocEnd,
  cursorDocStart,
  cursorGroupLeft,
  cursorGroupRight,
  cursorLineBoundaryBackward,
  cursorLineBoundaryForward,
  cursorLineDown,
  cursorLineUp,
  cursorPageDown,
  cursorPageUp,
  deleteCharBackward,
  deleteCharForward,
  deleteGroupBackward,
  deleteGroupForward,
  history,
  historyKeymap,
  insertNewline,
  selectAll,
  selectCharLeft,
  selectCharRight,
  selectDocEnd,
  selectDocStart,
  selectGroupLeft,
  selectGroupRight,
  selectLineBoundaryBackward,
  selectLineBoundaryForward,
  selectLineDown,
  selectLineUp,
  selectPageDown,
  selectPageUp
} from '@codemirror/commands'
import { Compartment, EditorState, type Extension } from '@codemirror/state'
import { EditorView, keymap, placeholder as placeholderText } from '@codemirror/view'
import { useEffect, useRef, useState } from 'react'

export interface PromptEditorProps {
  value: string
  onChange(text: string): void
  label: string
  placeholder: string
  keyShortcuts: string
  /** Focuses the editor each time it grows. */
  focusSeq: number
}

/**
 * A plain-text editor's keys, picked one by one rather than CodeMirror's defaultKeymap, whose
 * code-editing commands (indentation, brackets, comments) would bring the whole language
 * package and parser into the bundle. Ctrl/⌘+Enter is left to shell/shortcuts.ts, which sends.
 */
const keys = keymap.of([
  { key: 'ArrowLeft', run: cursorCharLeft, shift: selectCharLeft, preventDefault: true },
  { key: 'ArrowRight', run: cursorCharRight, shift: selectCharRight, preventDefault: true },
  { key: 'Mod-ArrowLeft', mac: 'Alt-ArrowLeft', run: cursorGroupLeft, shift: selectGroupLeft, preventDefault: true },
  { key: 'Mod-ArrowRight', mac: 'Alt-ArrowRight', run: cursorGroupRight, shift: selectGroupRight, preventDefault: true },
  { key: 'ArrowUp', run: cursorLineUp, shift: selectLineUp, preventDefault: true },
  { key: 'ArrowDown', run: cursorLineDown, shift: selectLineDown, preventDefault: true },
  { mac: 'Cmd-ArrowUp', run: cursorDocStart, shift: selectDocStart },
  { mac: 'Cmd-ArrowDown', run: cursorDocEnd, shift: selectDocEnd },
  { mac: 'Cmd-ArrowLeft', run: cursorLineBoundaryBackward, shift: selectLineBoundaryBackward, preventDefault: true },
  { mac: 'Cmd-ArrowRight', run: cursorLineBoundaryForward, shift: selectLineBoundaryForward, preventDefault: true },
  { key: 'PageUp', run: cursorPageUp, shift: selectPageUp },
  { key: 'PageDown', run: cursorPageDown, shift: selectPageDown },
  { key: 'Home', run: cursorLineBoundaryBackward, shift: selectLineBoundaryBackward, preventDefault: true },
  { key: 'Mod-Home', run: cursorDocStart, shift: selectDocStart },
  { key: 'End', run: cursorLineBoundaryForward, shift: selectLineBoundaryForward, preventDefault: true },
  { key: 'Mod-End', run: cursorDocEnd, shift: selectDocEnd },
  { key: 'Enter', run: insertNewline },
  { key: 'Mod-a', run: selectAll },
  { key: 'Backspace', run: deleteCharBackward, shift: deleteCharBackward },
  { key: 'Delete', run: deleteCharForward },
  { key: 'Mod-Backspace', mac: 'Alt-Backspace', run: deleteGroupBackward },
  { key: 'Mod-Delete', mac: 'Alt-Delete', run: deleteGroupForward },
  ...historyKeymap
])

/**
 * The prompt box: CodeMirror instead of a <textarea>, because a pasted 100k-token document made
 * every keystroke in a textarea cost Chromium 15–17 ms of layout (the estimate benchmark's
 * longest task); CodeMirror lays out only the lines in view. It is a plain-text editor with
 * undo, line wrapping and the textbox role, labelled like the textarea was, in a shadow root
 * (see `look`).
 */
/** What changes with the conversation ("Ask…" / "Reply…"), kept in a compartment so it is reconfigured in place. */
function labelling(label: string, placeholder: string, keyShortcuts: string): Extension {
  return [placeholderText(placeholder), EditorView.contentAttributes.of({ 'aria-label': label, 'aria-keyshortcuts': keyShortcuts, spellcheck: 'true' })]
}

/**
 * The app's look, from its own colour variables (which reach into the shadow root). Given as a
 * CodeMirror theme because the editor lives in a shadow root, where the app's stylesheets do not
 * apply — and it lives there because only there do its styles go in through the CSS object model
 * (adopted style sheets); in the document it would add a <style> element, which the page's
 * Content-Security-Policy (style-src 'self') rightly refuses.
 */
const look = EditorView.theme({
  '&': {
    minHeight: '3.2rem',
    maxHeight: '40vh',
    border: '1px solid var(--border-strong)',
    borderRadius: 'var(--radius)',
    background: 'var(--bg)',
    color: 'var(--fg)',
    font: 'inherit'
  },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '1px' },
  '.cm-scroller': { font: 'inherit', lineHeight: '1.4' },
  '.cm-content': { padding: '0.4rem 0.5rem', caretColor: 'var(--fg)' },
  '.cm-placeholder': { color: 'var(--muted)' }
})

export function PromptEditor({ value, onChange, label, placeholder, keyShortcuts, focusSeq }: PromptEditorProps) {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView | null>(null)
  // The text this editor last reported, so the store's copy of it is not written back.
  const reported = useRef(value)
  const changed = useRef(onChange)
  const [compartment] = useState(() => new Compartment())

  useEffect(() => {
    changed.current = onChange
  }, [onChange])

  useEffect(() => {
    const shadow = host.current!.shadowRoot ?? host.current!.attachShadow({ mode: 'open' })
    const editor = new EditorView({
      root: shadow,
      parent: shadow,
      state: EditorState.create({
        doc: reported.current,
        extensions: [
          history(),
          keys,
          EditorView.lineWrapping,
          look,
          compartment.of(labelling(label, placeholder, keyShortcuts)),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return
            reported.current = update.state.doc.toString()
            changed.current(reported.current)
          })
        ]
      })
    })
    view.current = editor
    return () => {
      editor.destroy()
      view.current = null
    }
    // Made once; what the labels depend on is reconfigured by the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [compartment])

  useEffect(() => {
    view.current?.dispatch({ effects: compartment.reconfigure(labelling(label, placeholder, keyShortcuts)) })
  }, [compartment, label, placeholder, keyShortcuts])

  // The draft changed elsewhere (sent and cleared, a new comparison): show it.
  useEffect(() => {
    const editor = view.current
    if (!editor || value === reported.current) return
    reported.current = value
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } })
  }, [value])

  useEffect(() => {
    if (focusSeq > 0) view.current?.focus()
  }, [focusSeq])

  return <div ref={host} className="prompt-editor" />
}
