import { useEffect, useState } from 'react'
import { copyText } from './clipboard'

/** A button that copies `text`, and says for a moment whether it worked. */
export function CopyButton({ text, label, idleText, className }: { text: string | (() => string); label: string; idleText?: string; className?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  useEffect(() => {
    if (state === 'idle') return
    const timer = setTimeout(() => setState('idle'), 1500)
    return () => clearTimeout(timer)
  }, [state])
  return (
    <button
      type="button"
      className={className ?? 'small'}
      aria-label={label}
      onClick={() => void copyText(typeof text === 'function' ? text() : text).then((ok) => setState(ok ? 'copied' : 'failed'))}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : (idleText ?? 'Copy')}
    </button>
  )
}
