/** Thrown when a template refers to a row label that its sheet (or the seed) does not have: a bug in the template. */
export class TemplateRowNotFoundError extends Error {
  override name = 'TemplateRowNotFoundError'
  readonly sheet: string
  readonly label: string
  constructor(sheet: string, label: string) {
    super(`Sheet '${sheet}' has no row labelled '${label}'.`)
    this.sheet = sheet
    this.label = label
  }
}

/** Thrown when the seed copy lacks a figure the template needs: the JSON and the template disagree. */
export class SeedFactMissingError extends Error {
  override name = 'SeedFactMissingError'
  readonly fact: string
  constructor(fact: string) {
    super(`The VP 2024 seed facts lack '${fact}'.`)
    this.fact = fact
  }
}
