/** What reading a hidden line needs of a terminal's input: node's tty.ReadStream has it all. */
export interface TerminalInput {
  setRawMode(raw: boolean): unknown
  setEncoding(encoding: BufferEncoding): unknown
  resume(): unknown
  pause(): unknown
  on(event: 'data', listener: (chunk: string) => void): unknown
  off(event: 'data', listener: (chunk: string) => void): unknown
}

/**
 * One line typed (or pasted) at a terminal, shown as nothing at all: what `juxta keys set`
 * reads a key with when standard input is a terminal, so the key stays out of the screen and
 * its scrollback. Enter (or Ctrl-D) ends it, Backspace removes a character, Ctrl-C cancels
 * (null).
 */
export function readHiddenLine(input: TerminalInput, write: (text: string) => void, prompt: string): Promise<string | null> {
  return new Promise((resolve) => {
    let characters: string[] = []
    const finish = (cancelled = false): void => {
      input.off('data', onData)
      input.setRawMode(false)
      input.pause()
      write('\n')
      resolve(cancelled ? null : characters.join(''))
    }
    const onData = (chunk: string): void => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n' || character === '\u0004') return finish()
        if (character === '\u0003') return finish(true)
        if (character === '\u007f' || character === '\b') characters = characters.slice(0, -1)
        else if (character >= ' ') characters.push(character)
      }
    }
    write(prompt)
    input.setRawMode(true)
    input.setEncoding('utf8')
    input.on('data', onData)
    input.resume()
  })
}
