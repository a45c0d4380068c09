/**
 * An error as it crosses a channel: its class name and every field a caller acts on
 * (Postgres' SQLSTATE `code`, `detail`, …), never a live object.
 */
export interface WireError {
  readonly name: string;
  readonly message: string;
  /** SQLSTATE of a Postgres error (e.g. `23514`, a CHECK violation). */
  readonly code?: string;
  readonly detail?: string;
  readonly hint?: string;
  readonly severity?: string;
  readonly constraint?: string;
  readonly table?: string;
  readonly column?: string;
}

const OPTIONAL_FIELDS = ['code', 'detail', 'hint', 'severity', 'constraint', 'table', 'column'] as const;

export function toWireError(error: unknown): WireError {
  if (typeof error === 'object' && error !== null) {
    const source = error as Record<string, unknown>;
    const message = typeof source['message'] === 'string' ? source['message'] : safeString(error);
    const name = typeof source['name'] === 'string' ? source['name'] : 'Error';
    const wire: Record<string, string> = { name, message };
    for (const field of OPTIONAL_FIELDS) {
      const value = source[field];
      if (typeof value === 'string') wire[field] = value;
    }
    return wire as unknown as WireError;
  }
  return { name: 'Error', message: safeString(error) };
}

function safeString(value: unknown): string {
  try {
    if (typeof value === 'object' && value !== null) return JSON.stringify(value);
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** True when `value` has the shape of a {@link WireError}: strings where strings belong, nothing else trusted. */
export function isWireError(value: unknown): value is WireError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  if (typeof candidate['name'] !== 'string' || typeof candidate['message'] !== 'string') return false;
  return OPTIONAL_FIELDS.every((field) => candidate[field] === undefined || typeof candidate[field] === 'string');
}
