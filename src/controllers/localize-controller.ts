import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { loadLanguage, onCatalogueChange, Translator } from '../i18n/catalogue';
import { nearestLang, watchLang } from '../i18n/lang-observer';
import { errorMessage } from '../i18n/error-message';
import type { MessageParams, PluralKey, TextKey } from '../i18n/messages';

/**
 * Gives an element its messages in the language of its nearest `lang` (its own, an ancestor's
 * across shadow roots, or `<html>`'s), and re-renders it when that changes or its language's
 * catalogue arrives. In the style of Shoelace's LocalizeController: a per-element language is what
 * an embedded widget needs, which `@lit/localize`'s one page-wide locale does not give.
 */
export class LocalizeController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  #translator = new Translator('en');
  #stop: Array<() => void> = [];

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#stop = [watchLang(this.#host, this.#refresh), onCatalogueChange(this.#rerender)];
    this.#refresh();
  }

  hostDisconnected(): void {
    for (const stop of this.#stop) stop();
    this.#stop = [];
  }

  /** The language shown: a canonical lower-case tag (`en`, `de-at`, `ar`). */
  get lang(): string {
    return this.#translator.lang;
  }

  /** The translator for that language, for helpers that take one. */
  get translator(): Translator {
    return this.#translator;
  }

  readonly #refresh = (): void => {
    const lang = nearestLang(this.#host) || 'en';
    void loadLanguage(lang);
    const next = new Translator(lang);
    if (next.lang === this.#translator.lang) return;
    this.#translator = next;
    this.#host.requestUpdate();
  };

  readonly #rerender = (): void => this.#host.requestUpdate();

  /** The message `key`, `{name}`s filled from `params`. */
  t(key: TextKey, params?: MessageParams): string {
    return this.#translator.t(key, params);
  }

  /** The plural message `key` for `count`, the number formatted ("1,234 items left"). */
  plural(key: PluralKey, count: number, params?: MessageParams): string {
    return this.#translator.plural(key, count, params);
  }

  /** What to show for `error` in this language. */
  error(error: Error | undefined): string {
    return errorMessage(error, this.#translator);
  }
}
