import { SERIALIZED_ERROR_FIELDS, type SerializedError } from '../errors';

/** True when `value` has the shape of a {@link SerializedError}: strings where strings belong, nothing else trusted. */
export function isSerializedError(value: unknown): value is SerializedError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  if (typeof candidate['name'] !== 'string' || typeof candidate['message'] !== 'string') return false;
  return SERIALIZED_ERROR_FIELDS.every(
    (field) => candidate[field] === undefined || typeof candidate[field] === 'string',
  );
}
