/** One line of a benchmark table: Samplan's figure next to the reference measured in the same run. */
export interface Row {
  measure: string
  samplan: string
  reference?: string
  ratio?: string
  target?: string
  /** Whether the target is met; undefined when the row has no target. */
  met?: boolean
}

export interface BenchResult {
  /** Section title in docs/PERFORMANCE.md. */
  title: string
  /** How it was measured (markdown paragraphs). */
  method: string
  referenceName: string
  rows: Row[]
  /** Findings: what dominates where a target is missed, caveats of the measurement. */
  notes: string[]
  /** A whole section written by its own script (mirror.ts), used as it is. */
  verbatim?: string
}

export function status(met: boolean | undefined): string {
  if (met === undefined) return ''
  return met ? 'met' : '**missed**'
}

export function renderTable(result: BenchResult): string {
  const cell = (text: string | undefined) => (text ?? '').replace(/\|/g, '\\|')
  return [
    `| measure | Samplan | reference (${cell(result.referenceName)}) | ratio | target | status |`,
    '|---|---|---|---|---|---|',
    ...result.rows.map(
      (r) => `| ${cell(r.measure)} | ${cell(r.samplan)} | ${cell(r.reference)} | ${cell(r.ratio)} | ${cell(r.target)} | ${status(r.met)} |`,
    ),
  ].join('\n')
}

export function renderSection(result: BenchResult): string {
  const notes = result.notes.length > 0 ? ['', ...result.notes.map((n) => `- ${n}`)] : []
  return [`## ${result.title}`, '', result.method.trim(), '', renderTable(result), ...notes, ''].join('\n')
}
