/** Thrown when a sheet id is not among the workbook's sheets. */
export class SheetNotFoundError extends Error {
  override name = 'SheetNotFoundError'
  constructor(readonly sheetId: string) {
    super(`Sheet ${sheetId} does not exist in this workbook`)
  }
}

/** Thrown when a column id is not among a sheet's columns. */
export class ColumnNotFoundError extends Error {
  override name = 'ColumnNotFoundError'
  constructor(
    readonly sheetId: string,
    readonly colId: string,
  ) {
    super(`Column ${colId} does not exist in sheet ${sheetId}`)
  }
}

/** Thrown when a row id is not among a sheet's rows. */
export class RowNotFoundError extends Error {
  override name = 'RowNotFoundError'
  constructor(
    readonly sheetId: string,
    readonly rowId: string,
  ) {
    super(`Row ${rowId} does not exist in sheet ${sheetId}`)
  }
}

/** Thrown when a row/column index or count falls outside the sheet. */
export class IndexOutOfRangeError extends Error {
  override name = 'IndexOutOfRangeError'
  constructor(
    readonly axis: 'rows' | 'cols' | 'sheets',
    readonly index: number,
    readonly count: number,
    readonly length: number,
  ) {
    super(`Cannot address ${axis} ${index}..${index + count - 1}: there are ${length}`)
  }
}

/** Thrown when a sheet name is empty, too long, uses a forbidden character or is taken. */
export class InvalidSheetNameError extends Error {
  override name = 'InvalidSheetNameError'
  constructor(
    readonly sheetName: string,
    readonly reason: 'empty' | 'too-long' | 'forbidden-character' | 'taken',
  ) {
    super(`Invalid sheet name ${JSON.stringify(sheetName)}: ${reason}`)
  }
}

/** Thrown when a template is applied to a workbook that already has sheets. */
export class WorkbookNotEmptyError extends Error {
  override name = 'WorkbookNotEmptyError'
  constructor() {
    super('A template can only be applied to a workbook without sheets')
  }
}

/** Thrown when a template does not match the WorkbookTemplate schema. */
export class InvalidTemplateError extends Error {
  override name = 'InvalidTemplateError'
  constructor(readonly issues: string) {
    super(`Invalid workbook template: ${issues}`)
  }
}

/** Thrown when a workbook to roll over has no dated budget column to tell its plan year (SPEC RO1). */
export class PlanYearUnknownError extends Error {
  override name = 'PlanYearUnknownError'
  constructor() {
    super('The workbook has no budget column with a period, so its plan year is unknown')
  }
}

/** Thrown when an import plan no longer fits the sheet it was made for (rows or columns moved since the preview). */
export class ImportPlanOutdatedError extends Error {
  override name = 'ImportPlanOutdatedError'
  constructor(readonly sheetName: string) {
    super(`The rows or columns of sheet ${sheetName} changed after the import was previewed`)
  }
}
