import {
  en,
  type MessageKey,
  type MessageParams,
  type Messages,
  type PluralKey,
  type TextKey,
  type Translation,
} from './messages';

/**
 * The shipped languages other than English, each its own chunk loaded the first time an element
 * needs it: a page in English downloads none of them (they cost the main thread nothing up front).
 */
const SHIPPED: Readonly<Record<string, () => Promise<{ default: Translation }>>> = {
  ar: () => import('./locales/ar'),
  de: () => import('./locales/de'),
  es: () => import('./locales/es'),
  fr: () => import('./locales/fr'),
  ja: () => import('./locales/ja'),
};

/** The languages the widget ships (English built in, the others loaded on first use). */
export const SHIPPED_LANGUAGES: readonly string[] = ['en', ...Object.keys(SHIPPED)];

// Maps, keyed by lower-case tag: a tag such as "__proto__" must not reach Object.prototype.
const shipped = new Map<string, Translation>([['en', en]]);
const registered = new Map<string, Translation>();
const loading = new Map<string, Promise<void>>();
const listeners = new Set<() => void>();

/** Calls `listener` whenever a language finishes loading or a host registers messages. */
export function onCatalogueChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  for (const listener of listeners) listener();
}

/**
 * Adds a language, or overrides any messages of one (shipped or not), for every element on the
 * page; elements showing that language re-render. Messages not given keep their current text, so
 * a host can change one message: `registerTranslation('en', { clearCompleted: 'Remove done' })`.
 * A language tag with a region (`de-AT`) is tried before its base (`de`), then English.
 */
export function registerTranslation(lang: string, messages: Translation): void {
  const tag = canonical(lang);
  registered.set(tag, { ...registered.get(tag), ...messages });
  changed();
}

/** English messages a lazily loaded feature brings (sync-messages.ts); a host's own still come first. */
export function shipEnglish(messages: Translation): void {
  shipped.set('en', { ...shipped.get('en'), ...messages });
  changed();
}

/** `lang` as a canonical lower-case tag, or `en` when it is empty or not a valid tag. */
function canonical(lang: string): string {
  try {
    return (Intl.getCanonicalLocales(lang.trim())[0] ?? 'en').toLowerCase();
  } catch {
    return 'en';
  }
}

/** The tags to try for `tag`, most specific first: `de-at` → `de-at`, `de`, `en`. */
function chainOf(tag: string): string[] {
  const chain: string[] = [];
  for (let end = tag.length; end > 0; end = tag.lastIndexOf('-', end - 1)) chain.push(tag.slice(0, end));
  if (!chain.includes('en')) chain.push('en');
  return chain;
}

/** Starts loading the shipped catalogues `lang` needs; resolves when none is missing any more. */
export function loadLanguage(lang: string): Promise<void> {
  const pending = chainOf(canonical(lang)).flatMap((tag) => {
    if (!Object.hasOwn(SHIPPED, tag) || shipped.has(tag)) return [];
    const load = SHIPPED[tag]!;
    let promise: Promise<void> | undefined = loading.get(tag);
    if (!promise) {
      promise = load().then(
        (module) => {
          shipped.set(tag, module.default);
          changed();
        },
        // A chunk that cannot load (offline, blocked by a policy) leaves the English text; a later element may retry.
        () => {
          loading.delete(tag);
        },
      );
      loading.set(tag, promise);
    }
    return [promise];
  });
  return Promise.all(pending).then(() => undefined);
}

const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();
const cached = <T>(cache: Map<string, T>, tag: string, make: () => T) => {
  let value = cache.get(tag);
  if (!value) cache.set(tag, (value = make()));
  return value;
};

/** Messages in one language, with its plural rules and number format. */
export class Translator {
  /** The canonical lower-case tag asked for, e.g. `de-at`. */
  readonly lang: string;
  readonly #chain: string[];

  constructor(lang: string) {
    this.lang = canonical(lang);
    this.#chain = chainOf(this.lang);
  }

  /** The message and the tag of the catalogue that gave it: a host's messages first, then the shipped ones. */
  #lookup<K extends MessageKey>(key: K): { message: Messages[K]; tag: string } {
    for (const tag of this.#chain) {
      const message = registered.get(tag)?.[key] ?? shipped.get(tag)?.[key];
      if (message !== undefined) return { message: message, tag };
    }
    return { message: (shipped.get('en') as Messages)[key], tag: 'en' };
  }

  /** Numbers in the language asked for when the text is in it too; otherwise in the text's language. */
  #numberTag(tag: string): string {
    return this.lang === tag || this.lang.startsWith(`${tag}-`) ? this.lang : tag;
  }

  /** Formats `value` as the language writes numbers ("1,234", "1.234", "١٬٢٣٤"); `grouping: false` gives "1234". */
  number(value: number, tag = this.lang, grouping = true): string {
    const key = grouping ? tag : `${tag} nogroup`;
    return cached(numberFormats, key, () => new Intl.NumberFormat(tag, { useGrouping: grouping })).format(value);
  }

  /** The message `key`, with `{name}` replaced by `params` (numbers formatted). */
  t(key: TextKey, params?: MessageParams): string {
    const { message, tag } = this.#lookup(key);
    return params ? this.#fill(message, params, this.#numberTag(tag)) : message;
  }

  /** The plural message `key` for `count`, as a template still holding `{count}` (see `plural`). */
  pluralTemplate(key: PluralKey, count: number): { template: string; count: string } {
    const { message, tag } = this.#lookup(key);
    // The category comes from the language the text is in: French says "0 élément", English "0 items".
    const category = cached(pluralRules, tag, () => new Intl.PluralRules(tag)).select(count);
    const plural = message;
    return { template: plural[category] ?? plural.other, count: this.number(count, this.#numberTag(tag)) };
  }

  /** The plural message `key` for `count`, e.g. "1,234 items left". */
  plural(key: PluralKey, count: number, params?: MessageParams): string {
    const { template, count: formatted } = this.pluralTemplate(key, count);
    const text = template.replaceAll('{count}', formatted);
    return params ? this.#fill(text, params, this.#lookup(key).tag) : text;
  }

  #fill(message: string, params: MessageParams, tag: string): string {
    return message.replace(/\{(\w+)\}/g, (whole, name: string) => {
      if (!Object.hasOwn(params, name)) return whole;
      const value = params[name]!;
      // Limits and timings in sentences read as figures, not amounts: "1000 characters", "5000 ms".
      return typeof value === 'number' ? this.number(value, tag, false) : value;
    });
  }
}

/** English, for APIs that return text without an element to ask (e.g. `DatabaseStatusController.text`). */
export const english = new Translator('en');
