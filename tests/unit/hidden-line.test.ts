import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { readHiddenLine } from '../../src/main/cli/hidden-line'

/** A terminal's input as readHiddenLine sees it: raw mode, and what is typed or pasted. */
function fakeTerminal() {
  const events = new EventEmitter()
  const modes: boolean[] = []
  const input = {
    setRawMode: (raw: boolean) => modes.push(raw),
    setEncoding: () => undefined,
    resume: () => undefined,
    pause: () => undefined,
    on: (event: 'data', listener: (chunk: string) => void) => events.on(event, listener),
    off: (event: 'data', listener: (chunk: string) => void) => events.off(event, listener)
  }
  return { input, modes, type: (chunk: string) => events.emit('data', chunk), listeners: () => events.listenerCount('data') }
}

describe('readHiddenLine', () => {
  it('shows only the prompt, never what is typed or pasted; Backspace edits; Enter ends; the terminal is put back', async () => {
    const terminal = fakeTerminal()
    let shown = ''
    const line = readHiddenLine(terminal.input, (text) => (shown += text), 'Key: ')
    terminal.type('sk-tes')
    terminal.type('tx\u007f')
    terminal.type('-pasted-rest\r')
    expect(await line).toBe('sk-test-pasted-rest')
    expect(shown).toBe('Key: \n')
    expect(terminal.modes).toEqual([true, false])
    expect(terminal.listeners()).toBe(0)
  })

  it('gives null on Ctrl-C, dropping what was typed', async () => {
    const terminal = fakeTerminal()
    const line = readHiddenLine(terminal.input, () => undefined, 'Key: ')
    terminal.type('secret\u0003more')
    expect(await line).toBeNull()
    expect(terminal.modes).toEqual([true, false])
  })
})
