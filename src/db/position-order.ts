/**
 * The order of a list in the page, as SQL orders it (`order by position, id`): by position
 * (numeric, arriving as decimal text of any length, so compared as text digit by digit, never
 * as a double that would round two close positions to one), null last, then by id.
 */
export function comparePositions(
  a: { readonly position?: unknown; readonly id: string },
  b: { readonly position?: unknown; readonly id: string },
): number {
  const byPosition = compareDecimal(a.position, b.position);
  if (byPosition !== 0) return byPosition;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Compares two decimals given as text (or numbers); null and undefined sort after every number. */
export function compareDecimal(a: unknown, b: unknown): number {
  if (a == null || b == null) return a == null ? (b == null ? 0 : 1) : -1;
  const [x, y] = [decimalText(a), decimalText(b)];
  const [negX, negY] = [x.startsWith('-'), y.startsWith('-')];
  if (negX !== negY) return negX ? -1 : 1;
  const magnitude = compareMagnitude(negX ? x.slice(1) : x, negY ? y.slice(1) : y);
  return negX ? -magnitude : magnitude;
}

function decimalText(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
}

function compareMagnitude(x: string, y: string): number {
  const [intX = '', fracX = ''] = x.split('.');
  const [intY = '', fracY = ''] = y.split('.');
  const [ix, iy] = [intX.replace(/^0+(?=\d)/, ''), intY.replace(/^0+(?=\d)/, '')];
  if (ix.length !== iy.length) return ix.length < iy.length ? -1 : 1;
  if (ix !== iy) return ix < iy ? -1 : 1;
  const width = Math.max(fracX.length, fracY.length);
  const [fx, fy] = [fracX.padEnd(width, '0'), fracY.padEnd(width, '0')];
  return fx < fy ? -1 : fx > fy ? 1 : 0;
}
