import {
  DatabaseClosedError,
  DatabaseTimeoutError,
  InsecureContextError,
  LeaderChangedError,
  MemoryDatabaseLostError,
  OutboxEntryExpiredError,
  SchemaTooNewError,
  TitleCharactersError,
  TitleEmptyError,
  TitleTooLongError,
} from '../errors';
import type { Translator } from './catalogue';

/**
 * What to show for `error` in the translator's language. Errors with a known cause have a
 * message in the catalogue; any other error (a Postgres refusal, a worker that failed to load)
 * shows its own message, which carries details no catalogue can know.
 */
export function errorMessage(error: Error | undefined, translator: Translator): string {
  if (!error) return translator.t('unknownError');
  if (error instanceof TitleEmptyError) return translator.t('errorTitleEmpty');
  if (error instanceof TitleTooLongError)
    return translator.t('errorTitleTooLong', { limit: error.limit, length: error.length });
  if (error instanceof TitleCharactersError) return translator.t('errorTitleCharacters');
  if (error instanceof SchemaTooNewError) return translator.t('errorSchemaTooNew');
  if (error instanceof MemoryDatabaseLostError) return translator.t('errorMemoryLost');
  if (error instanceof LeaderChangedError) return translator.t('errorLeaderChanged');
  if (error instanceof DatabaseTimeoutError) {
    return translator.t('errorTimeout', { operation: error.operation, timeoutMs: error.timeoutMs });
  }
  if (error instanceof DatabaseClosedError) return translator.t('errorClosed');
  if (error instanceof InsecureContextError) return translator.t('errorInsecureContext');
  if (error instanceof OutboxEntryExpiredError)
    return translator.t('errorOutboxExpired', { date: error.keptSince.toLocaleDateString(translator.lang) });
  return error.message;
}
