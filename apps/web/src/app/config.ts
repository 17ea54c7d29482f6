/** Handsontable licence key: evaluation by default; a city deploying Samplan sets its commercial key at build time. */
export const HANDSONTABLE_LICENSE_KEY: string =
  import.meta.env.VITE_HANDSONTABLE_LICENSE_KEY ?? 'non-commercial-and-evaluation'
