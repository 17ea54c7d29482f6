/** Thrown when a chart id is not among a sheet's charts. */
export class ChartNotFoundError extends Error {
  override name = 'ChartNotFoundError'
  constructor(
    readonly sheetId: string,
    readonly chartId: string,
  ) {
    super(`Chart ${chartId} does not exist on sheet ${sheetId}`)
  }
}

/** Thrown when a chart fails its schema or names rows or columns the sheet does not have. */
export class InvalidChartError extends Error {
  override name = 'InvalidChartError'
  constructor(readonly reason: string) {
    super(`Invalid chart: ${reason}`)
  }
}
