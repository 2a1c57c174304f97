import { serializeCassette } from '../cassette/serializer.js';
import type { Cassette, Interaction } from '../cassette/types.js';

/** How the serializer ends a cassette whose interaction list is empty. */
const EMPTY_TAIL = '"interactions": []\n}\n';
const ITEM_INDENT = '    ';
const ONE_HEAD = `{\n  "version": 1,\n  "interactions": [\n${ITEM_INDENT}`;
const ONE_TAIL = '\n  ]\n}\n';

/**
 * The text of a cassette that grows during a recording session, without re-printing every
 * interaction on every write: each interaction's text is printed once (by the one
 * serializer, serializeCassette) and kept, and the file is assembled from the pieces.
 * The first assembly of each instance is checked against a full serialization; if the
 * serializer ever prints differently, this falls back to it for good.
 */
export class CassetteText {
  readonly #pieces = new WeakMap<Interaction, string>();
  #checked = false;
  #fast = true;

  render(cassette: Cassette): string {
    if (!this.#fast) return serializeCassette(cassette);
    const text = this.#assemble(cassette);
    if (!this.#checked) {
      this.#checked = true;
      const full = serializeCassette(cassette);
      if (text !== full) {
        this.#fast = false;
        return full;
      }
    }
    return text ?? serializeCassette(cassette);
  }

  #assemble(cassette: Cassette): string | undefined {
    const head = serializeCassette({ ...cassette, interactions: [] });
    // Fields after the interaction list (a newer format) make the splice unsafe.
    if (!head.endsWith(EMPTY_TAIL)) return undefined;
    if (cassette.interactions.length === 0) return head;
    const items = cassette.interactions.map((i) => this.#piece(i));
    if (items.some((p) => p === undefined)) return undefined;
    return `${head.slice(0, -'[]\n}\n'.length)}[\n${ITEM_INDENT}${items.join(`,\n${ITEM_INDENT}`)}${ONE_TAIL}`;
  }

  #piece(i: Interaction): string | undefined {
    let piece = this.#pieces.get(i);
    if (piece === undefined) {
      const one = serializeCassette({ version: 1, interactions: [i] });
      if (!one.startsWith(ONE_HEAD) || !one.endsWith(ONE_TAIL)) return undefined;
      piece = one.slice(ONE_HEAD.length, -ONE_TAIL.length);
      this.#pieces.set(i, piece);
    }
    return piece;
  }
}
