import { watch, type FSWatcher } from 'node:fs';

/**
 * Calls `onChange` once after a burst of file changes under the given paths settles
 * (editors write a file in several steps: temp file, rename, chmod). Recursive on dirs.
 */
export class DebouncedWatcher {
  readonly #watchers: FSWatcher[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(paths: { path: string; recursive: boolean }[], onChange: () => void, debounceMs = 150) {
    for (const { path, recursive } of paths) {
      const w = watch(path, { recursive, persistent: false }, () => {
        clearTimeout(this.#timer);
        this.#timer = setTimeout(onChange, debounceMs);
      });
      // A watched file that disappears (editor rename-over) ends its watcher; the dir watch still sees it.
      w.on('error', () => w.close());
      this.#watchers.push(w);
    }
  }

  close(): void {
    clearTimeout(this.#timer);
    for (const w of this.#watchers) w.close();
  }
}
