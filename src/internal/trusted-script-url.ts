/**
 * The Trusted Types policy the widget creates its worker through, so it works on host pages
 * that enforce `require-trusted-types-for 'script'` (they allow it with
 * `trusted-types todo-widget lit-html`). It passes only the URLs the widget itself made: the
 * worker script next to the bundle, or the `blob:` bootstrap that imports it.
 */
export const TRUSTED_TYPES_POLICY = 'todo-widget';

interface TrustedTypePolicyLike {
  createScriptURL(url: string): unknown;
}

interface TrustedTypesLike {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): TrustedTypePolicyLike;
  getPolicyNames?(): string[];
}

let policy: TrustedTypePolicyLike | null | undefined;
const allowed = new Set<string>();

/**
 * `url` as the worker constructor accepts it on this page: a TrustedScriptURL where Trusted
 * Types are enforced, the plain string elsewhere.
 */
export function trustedScriptUrl(url: string): string {
  if (policy === undefined) {
    const trustedTypes = (globalThis as { trustedTypes?: TrustedTypesLike }).trustedTypes;
    try {
      policy =
        trustedTypes?.createPolicy(TRUSTED_TYPES_POLICY, {
          createScriptURL(candidate) {
            if (!allowed.has(candidate))
              throw new TypeError(`todo-widget: ${candidate} is not a worker URL the widget made.`);
            return candidate;
          },
        }) ?? null;
    } catch {
      // A CSP that lists policy names without ours (or a second copy of the bundle, which may
      // not create it again): the worker URL stays a string, and a page that enforces Trusted
      // Types then refuses it with an error that names the sink.
      policy = null;
    }
  }
  if (!policy) return url;
  allowed.add(url);
  // The constructor takes a TrustedScriptURL where a string is typed.
  return policy.createScriptURL(url) as string;
}
