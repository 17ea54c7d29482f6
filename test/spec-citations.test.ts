/**
 * Every rule a file cites exists: `[R3]`, `[M4-M6]` and `SPEC R3` in code, tests and docs must
 * name a rule that a SPEC.md defines, one the citing file's package may rely on (the domain
 * cites its own rules; formulas the domain's and its own; apps, tests and docs any). Rule ids
 * are namespaced per package (see the top of each SPEC), so an id names one rule. Rules that
 * nothing cites are listed, not failed. Comments and docs state requirements: no issue numbers,
 * team roles or documents that are not in the repository.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from './support/server-process'

interface Spec {
  pkg: 'domain' | 'formulas'
  file: string
  /** Rule id -> line number of its definition. */
  rules: Map<string, number>
  /** The shape every id of this package has. */
  namespace: RegExp
}

/** A rule is defined by a list item starting with its id in bold: `- **R3** …` or `- **G1 Effects, …**`. */
const DEFINITION = /^\s*-\s+\*\*([A-Z]{1,3}\d{1,2})\b/

function readSpec(pkg: Spec['pkg'], namespace: RegExp): Spec & { duplicates: string[] } {
  const file = join('packages', pkg, 'SPEC.md')
  const rules = new Map<string, number>()
  const duplicates: string[] = []
  readFileSync(join(repoRoot, file), 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const id = DEFINITION.exec(line)?.[1]
      if (!id) return
      if (rules.has(id)) duplicates.push(`${file}:${i + 1} defines ${id} again (first on line ${rules.get(id)})`)
      else rules.set(id, i + 1)
    })
  return { pkg, file, rules, namespace, duplicates }
}

const domain = readSpec('domain', /^(?!F[A-Z])[A-Z]{1,2}\d{1,2}$/)
const formulas = readSpec('formulas', /^F[A-Z]\d{1,2}$/)
const specs = [domain, formulas]

/** The SPECs a file may cite, by where it lives. */
function specsFor(file: string): Spec[] {
  if (file.startsWith('packages/domain/')) return [domain]
  return specs
}

const SKIP = new Set(['node_modules', 'dist', 'artifacts', '.turbo', '.git', 'data', '.vite'])
const SCANNED = /\.(ts|tsx|mjs|md)$/

function walk(dir: string, out: string[]): string[] {
  for (const entry of readdirSync(join(repoRoot, dir), { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue
    const path = dir ? `${dir}/${entry.name}` : entry.name
    if (entry.isDirectory()) walk(path, out)
    else if (SCANNED.test(entry.name) && !path.endsWith('/SPEC.md')) out.push(path)
  }
  return out
}

const files = [
  ...walk('packages', []),
  ...walk('apps', []),
  ...walk('test', []),
  ...walk('docs', []),
  'README.md',
  'ARCHITECTURE.md',
  'DEVELOPERS.md',
]

/** `[R3]`, `[M4-M6]`, `SPEC R3`, `SPEC M1-M9`: a single id or a range of one section. */
const CITATION = /\[([A-Z]{1,3}\d{1,2})(?:[-–]([A-Z]{1,3}\d{1,2}))?\]|\bSPEC,? ([A-Z]{1,3}\d{1,2})(?:[-–]([A-Z]{1,3}\d{1,2}))?\b/g

interface Citation {
  where: string
  text: string
  ids: string[]
  error?: string
}

function expand(first: string, last: string | undefined): { ids: string[]; error?: string } {
  if (!last) return { ids: [first] }
  const a = /^([A-Z]+)(\d+)$/.exec(first)!
  const b = /^([A-Z]+)(\d+)$/.exec(last)!
  if (a[1] !== b[1] || Number(a[2]) > Number(b[2])) return { ids: [], error: `${first}-${last} is not a range of one section` }
  const ids: string[] = []
  for (let n = Number(a[2]); n <= Number(b[2]); n++) ids.push(`${a[1]}${n}`)
  return { ids }
}

const citations: Citation[] = files.flatMap((file) =>
  readFileSync(join(repoRoot, file), 'utf8')
    .split('\n')
    .flatMap((line, i) =>
      [...line.matchAll(CITATION)].map((m) => ({
        where: `${relative('', file)}:${i + 1}`,
        text: m[0],
        ...expand((m[1] ?? m[3])!, m[2] ?? m[4]),
      })),
    ),
)

describe('SPEC rule ids and their citations', () => {
  it('defines each rule once, every id in its package namespace, no id in two SPECs', () => {
    expect([...domain.duplicates, ...formulas.duplicates]).toEqual([])
    for (const spec of specs) {
      expect(spec.rules.size, `${spec.file} defines no rules`).toBeGreaterThan(0)
      const outside = [...spec.rules.keys()].filter((id) => !spec.namespace.test(id))
      expect(outside, `${spec.file}: ids outside the package's namespace`).toEqual([])
    }
    expect([...domain.rules.keys()].filter((id) => formulas.rules.has(id))).toEqual([])
  })

  it('finds citations in code, tests and docs', () => {
    expect(citations.length).toBeGreaterThan(100)
  })

  it('cites only rules that a SPEC the file may rely on defines', () => {
    const wrong = citations.flatMap((c) => {
      if (c.error) return [`${c.where} ${c.text}: ${c.error}`]
      const file = c.where.slice(0, c.where.lastIndexOf(':'))
      const allowed = specsFor(file)
      return c.ids
        .filter((id) => !allowed.some((spec) => spec.rules.has(id)))
        .map((id) => {
          const elsewhere = specs.find((spec) => spec.rules.has(id))
          return `${c.where} ${c.text}: ${id} ${elsewhere ? `is a rule of ${elsewhere.file}, which this package may not rely on` : 'is defined in no SPEC'}`
        })
    })
    expect(wrong).toEqual([])
  })

  it('states requirements, never issue numbers, team roles or documents outside the repository', () => {
    const rot: Array<[RegExp, string]> = [
      [/\b[Ii]ssues? ?#?\d+/, 'cites an issue number'],
      [/\bengineers?'?s?\b/i, 'names a team role'],
      [/\b(DESIGN|STACK-NOTES|STYLE)\.md\b|\bbilaga-layout\b|\/work\/shared/, 'refers to a document outside the repository'],
    ]
    const found = files
      .filter((file) => file !== 'test/spec-citations.test.ts')
      .flatMap((file) =>
        readFileSync(join(repoRoot, file), 'utf8')
          .split('\n')
          .flatMap((line, i) =>
            rot.filter(([pattern]) => pattern.test(line)).map(([, what]) => `${file}:${i + 1} ${what}: ${line.trim()}`),
          ),
      )
    expect(found).toEqual([])
  })

  it('lists the rules nothing cites', () => {
    const cited = new Set(citations.flatMap((c) => c.ids))
    for (const spec of specs) {
      const uncited = [...spec.rules.keys()].filter((id) => !cited.has(id))
      if (uncited.length > 0) console.info(`${spec.file}: not cited by any code, test or doc: ${uncited.join(', ')}`)
    }
  })
})
