/**
 * Says "nothing to show" on `host` without touching `hidden`, which is the page author's: the
 * custom state `empty` (`:host(:state(empty))`), or, where custom states are missing or take
 * only the older `--name` form, the `data-empty` attribute (style both). @returns the setter.
 */
export function emptyState(host: HTMLElement): (empty: boolean) => void {
  let states: CustomStateSet | undefined;
  try {
    states = host.attachInternals().states;
  } catch {
    states = undefined;
  }
  return (empty) => {
    try {
      if (states) {
        if (empty) states.add('empty');
        else states.delete('empty');
        return;
      }
    } catch {
      states = undefined;
    }
    host.toggleAttribute('data-empty', empty);
  };
}
