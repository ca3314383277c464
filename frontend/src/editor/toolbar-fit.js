// Which toolbar buttons fit in one row: pure arithmetic, tested in frontend/tests/toolbar-fit.test.mjs.

/**
 * How many of the buttons (their widths, in order) stay in a row `available` pixels wide, with
 * `gap` between neighbours; when not all fit, a "More" button `moreWidth` wide takes the last
 * place and the rest go into its menu. Returns the number of buttons kept in the row.
 */
export function fittingCount(widths, available, { gap = 0, moreWidth = 0 } = {}) {
  const total = (count) =>
    widths.slice(0, count).reduce((sum, width) => sum + width, 0) + Math.max(count - 1, 0) * gap;
  if (total(widths.length) <= available) return widths.length;
  let count = widths.length - 1;
  while (count > 0 && total(count) + gap + moreWidth > available) count -= 1;
  return count;
}
