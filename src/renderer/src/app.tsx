export function App() {
  const runtime = window.juxta?.runtime ?? 'browser'
  return (
    <main className="app">
      <h1>Juxta</h1>
      <p>One prompt, many models, side by side.</p>
      <p className="muted">Running in {runtime === 'electron' ? 'the desktop app' : 'browser mode'}.</p>
    </main>
  )
}
