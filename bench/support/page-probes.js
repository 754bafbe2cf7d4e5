/* global window, document, MutationObserver, requestAnimationFrame, DataTransfer, ClipboardEvent */
// Runs in the page, before the app (page.addInitScript): what the browser benchmarks read from
// inside the page, on the page's own clock (performance.now(), which event.timeStamp shares).
// A plain browser script, so the benchmarks are type-checked without the DOM library; its
// shape is PageProbes in page-metrics.ts. Nothing here runs per frame: the observers disconnect
// once they have what they wait for.
;(() => {
  const longTasks = []
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration })
  }).observe({ type: 'longtask', buffered: true })

  const longFrames = []
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const scriptMs = entry.scripts.reduce((sum, script) => sum + script.duration, 0)
      const styleAndLayoutMs = entry.styleAndLayoutStart > 0 ? entry.startTime + entry.duration - entry.styleAndLayoutStart : 0
      longFrames.push({ start: entry.startTime, duration: entry.duration, scriptMs, styleAndLayoutMs })
    }
  }).observe({ type: 'long-animation-frame', buffered: true })

  // Interactive: the prompt box is there and enabled, and main's first answer (the version in
  // the status bar) is shown.
  let interactiveAt = null
  const interactive = () => {
    const status = document.querySelector('[role="status"]')
    const prompt = promptBox()
    return status !== null && /^Juxta /.test(status.textContent) && prompt !== null && prompt.isContentEditable
  }
  new MutationObserver((_, observer) => {
    if (!interactive()) return
    interactiveAt = performance.now()
    observer.disconnect()
  }).observe(document, { childList: true, subtree: true, characterData: true })

  // The first text in any answer, and the frame that paints it.
  let firstPaintAt = null
  const watchFirstAnswerPaint = () => {
    firstPaintAt = null
    const panes = document.querySelector('[aria-label="Panes"]')
    const observer = new MutationObserver(() => {
      if (![...panes.querySelectorAll('.answer .markdown')].some((markdown) => markdown.textContent !== '')) return
      observer.disconnect()
      requestAnimationFrame(() => (firstPaintAt = performance.now()))
    })
    observer.observe(panes, { childList: true, subtree: true, characterData: true })
  }

  // Keystrokes, and estimates shown: each time the strip stops being busy (the estimate of the
  // draft as it is now has arrived and is rendered), the last keystroke before it, the DOM
  // change, and the frame that paints it.
  let lastKeyAt = null
  document.addEventListener('keydown', (event) => (lastKeyAt = event.timeStamp), true)
  const estimates = []
  const estimateText = () => document.querySelector('section[aria-label="Estimate"] .estimate-panes')?.textContent ?? ''
  const watchEstimates = () => {
    const strip = document.querySelector('section[aria-label="Estimate"]')
    let busy = strip.getAttribute('aria-busy') === 'true'
    new MutationObserver(() => {
      const now = strip.getAttribute('aria-busy') === 'true'
      if (busy && !now) {
        const record = { keyAt: lastKeyAt, domAt: performance.now(), paintAt: null, text: estimateText() }
        estimates.push(record)
        requestAnimationFrame(() => (record.paintAt = performance.now()))
      }
      busy = now
    }).observe(strip, { attributes: true, attributeFilter: ['aria-busy'] })
  }

  // The Prompt box: the editor's content element, inside its shadow root.
  const promptBox = () => document.querySelector('.prompt-editor')?.shadowRoot?.querySelector('[role="textbox"][aria-label="Prompt"]') ?? null

  // Puts a text in the Prompt box as a paste does: one paste event carrying the text, which the
  // editor inserts at the cursor. Typing it in, as page.fill() does, goes through Chromium's
  // editing commands line by line and takes minutes for a 100k-token prompt.
  const setPrompt = (text) => {
    const box = promptBox()
    box.focus()
    const clipboardData = new DataTransfer()
    clipboardData.setData('text/plain', text)
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }))
  }

  window.__juxtaBench = {
    setPrompt,
    longTasks: () => longTasks,
    longFrames: () => longFrames,
    interactiveAt: () => interactiveAt,
    watchFirstAnswerPaint,
    firstPaintAt: () => firstPaintAt,
    running: () => [...document.querySelectorAll('.composer-actions button')].some((button) => button.textContent === 'Stop all'),
    answers: (lastSentence) =>
      [...document.querySelectorAll('[aria-label="Panes"] section.pane')].map((pane) => {
        const answer = pane.querySelector('.turn .answer')
        return {
          label: pane.getAttribute('aria-label'),
          status: pane.querySelector('.status-pill')?.textContent ?? null,
          complete: answer?.textContent?.includes(lastSentence) ?? false,
          codeBlocks: answer?.querySelectorAll('figure.code-block').length ?? 0,
          tables: answer?.querySelectorAll('table').length ?? 0,
          rawMarkdown: answer?.textContent?.includes('```') ?? true
        }
      }),
    watchEstimates,
    estimates: () => estimates,
    lastKeyAt: () => lastKeyAt,
    estimateText
  }
})()
