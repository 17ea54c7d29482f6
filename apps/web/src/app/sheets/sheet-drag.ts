/** How far (px) a pressed tab must travel before it is dragged rather than clicked. */
export const DRAG_THRESHOLD = 5

/**
 * Where a dragged tab lands: its index in the tab order after the move (`moveSheet`'s index),
 * read from the pointer's x and the centres of the other tabs, in order. Past a tab's centre
 * is after it.
 */
export function dropIndex(otherCentres: readonly number[], x: number): number {
  let index = 0
  for (const centre of otherCentres) if (x > centre) index++
  return index
}
