import { expect } from '@open-wc/testing';
import { loadLanguage, registerTranslation, SHIPPED_LANGUAGES, Translator } from '../../src/i18n/catalogue';
import { en as core } from '../../src/i18n/messages';
import { syncEnglish } from '../../src/i18n/sync-messages';
import { transferEnglish } from '../../src/i18n/transfer-messages';
import { undoEnglish } from '../../src/i18n/undo-messages';

// Every key: the core catalogue and what lazily loaded features ship in English.
const en = { ...core, ...syncEnglish, ...transferEnglish, ...undoEnglish };
import { errorMessage } from '../../src/i18n/error-message';
import { InsecureContextError, OutboxEntryExpiredError } from '../../src/errors';

/**
 * Keys a feature added to the English catalogue before its translations exist: they show in
 * English meanwhile (a missing key falls back). Translating one means removing it here.
 */
const NOT_YET_TRANSLATED = new Set<string>([]);

const left = (lang: string, counts: number[]) => counts.map((count) => new Translator(lang).plural('itemsLeft', count));

describe('the message catalogue', () => {
  before(() => loadLanguage('ar').then(() => Promise.all(SHIPPED_LANGUAGES.map(loadLanguage))));

  it("says today's English, plurals and grouped numbers included", () => {
    const english = new Translator('en');
    expect(english.t('newTodoPlaceholder')).to.equal('What needs to be done?');
    expect(english.t('toggleTodo')).to.equal('Toggle Todo');
    expect(left('en', [0, 1, 2, 5, 1234])).to.deep.equal([
      '0 items left',
      '1 item left',
      '2 items left',
      '5 items left',
      '1,234 items left',
    ]);
    // Limits in sentences are figures, as the error messages always wrote them.
    expect(english.t('errorTitleTooLong', { limit: 1000, length: 102400 })).to.equal(
      'A title can have at most 1000 characters; this one has 102400.',
    );
  });

  it('uses the plural categories of each language', () => {
    expect(left('de', [1, 2, 5, 1234])).to.deep.equal([
      '1 Eintrag übrig',
      '2 Einträge übrig',
      '5 Einträge übrig',
      '1.234 Einträge übrig',
    ]);
    // French counts 0 as singular.
    expect(left('fr', [0, 1, 1234])).to.deep.equal([
      '0 tâche restante',
      '1 tâche restante',
      '1\u202f234 tâches restantes',
    ]);
    expect(left('es', [1, 5, 1234, 12345])).to.deep.equal([
      'Queda 1 tarea',
      'Quedan 5 tareas',
      'Quedan 1.234 tareas',
      'Quedan 12.345 tareas',
    ]);
    expect(left('ja', [1, 1234])).to.deep.equal(['残り 1 件', '残り 1,234 件']);
    // Arabic: zero, one, two, few (3–10), many (11–99), other (100–102); digits as CLDR writes
    // plain "ar" (Latin), while "ar-EG" writes Arabic-Indic ones.
    expect(left('ar', [0, 1, 2, 5, 1234, 100])).to.deep.equal([
      'لا مهام متبقية',
      'مهمة واحدة متبقية',
      'مهمتان متبقيتان',
      '5 مهام متبقية',
      '1,234 مهمةً متبقيةً',
      '100 مهمة متبقية',
    ]);
    expect(left('ar-EG', [5, 1234])).to.deep.equal(['٥ مهام متبقية', '١٬٢٣٤ مهمةً متبقيةً']);
  });

  it('explains the errors a user can act on in their language: an add kept too long, an insecure page', () => {
    const keptSince = new Date(Date.UTC(2026, 10, 28, 12));
    const german = errorMessage(new OutboxEntryExpiredError(keptSince), new Translator('de'));
    expect(german).to.include(keptSince.toLocaleDateString('de')).and.to.include('verwirf');
    expect(errorMessage(new OutboxEntryExpiredError(keptSince), new Translator('en'))).to.include('discard it');
    expect(errorMessage(new InsecureContextError(), new Translator('ja'))).to.include('HTTPS');
  });

  it('tries a region before its language, then English; a bad tag means English', () => {
    expect(new Translator('de-AT').t('clearCompleted')).to.equal('Erledigte löschen');
    // The words come from German, the number as Austria writes it (a space, not a dot).
    expect(new Translator('de-AT').plural('itemsLeft', 1234)).to.equal(
      `${new Intl.NumberFormat('de-AT').format(1234)} Einträge übrig`,
    );
    expect(new Intl.NumberFormat('de-AT').format(1234)).not.to.equal('1.234');
    expect(new Translator('pt-BR').t('clearCompleted')).to.equal('Clear completed');
    expect(new Translator('not a tag!').lang).to.equal('en');
    expect(new Translator('__proto__').t('deleteTodo')).to.equal('Delete');
  });

  it('gives every shipped language every key, and only keys English has', async () => {
    for (const lang of SHIPPED_LANGUAGES) {
      const module = lang === 'en' ? { default: en } : await import(`../../src/i18n/locales/${lang}.ts`);
      const expected = Object.keys(en).filter((key) => !NOT_YET_TRANSLATED.has(key));
      expect(
        Object.keys(module.default)
          .filter((key) => !NOT_YET_TRANSLATED.has(key))
          .sort(),
        lang,
      ).to.deep.equal(expected.sort());
    }
  });

  it('lets a host add a language or override one message; missing keys fall back to English', () => {
    registerTranslation('nl-x-test', { itemsLeft: { one: '{count} item over', other: '{count} items over' } });
    const dutch = new Translator('nl-x-test');
    expect(dutch.plural('itemsLeft', 1234)).to.equal('1.234 items over');
    expect(dutch.t('clearCompleted')).to.equal('Clear completed');
    registerTranslation('de-x-test', { clearCompleted: 'Fertige weg' });
    expect(new Translator('de-x-test').t('clearCompleted')).to.equal('Fertige weg');
    expect(new Translator('de-x-test').t('filterAll')).to.equal('Alle');
    expect(new Translator('de').t('clearCompleted')).to.equal('Erledigte löschen');
  });
});
