/**
 * Results kept in the request log (see request-log.ts) are stored as text and must come back
 * as the same values: JSON alone would turn a Date into a string and fail on a bigint.
 */
export function encodeResult(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, encoded: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return { $date: raw.getTime() };
    if (typeof raw === 'bigint') return { $bigint: raw.toString() };
    if (raw instanceof Uint8Array) return { $bytes: Array.from(raw) };
    return encoded;
  });
}

export function decodeResult(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const tagged = value as Record<string, unknown>;
      const keys = Object.keys(tagged);
      if (keys.length === 1) {
        if (typeof tagged['$date'] === 'number') return new Date(tagged['$date']);
        if (typeof tagged['$bigint'] === 'string') return BigInt(tagged['$bigint']);
        if (Array.isArray(tagged['$bytes'])) return Uint8Array.from(tagged['$bytes'] as number[]);
      }
    }
    return value;
  });
}
