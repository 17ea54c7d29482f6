import type { ColumnSpec } from '../schema/sheet'

/**
 * [I6] A kontroll row's figure deviates when it would not show as 0 in its
 * column's format: two figures that must agree no longer do.
 */
export function isKontrollDeviation(value: unknown, column: ColumnSpec): boolean {
  if (typeof value !== 'number') return false
  return Math.abs(value) >= 0.5 * 10 ** -(column.decimals ?? 0)
}

export const KONTROLL_MESSAGE = {
  sv: 'Kontrollen visar en avvikelse: siffrorna som ska stämma överens gör det inte.',
  en: 'The check shows a difference: figures that must agree do not.',
} as const
