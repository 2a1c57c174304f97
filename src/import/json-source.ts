import { invalidImport, lineAndColumn } from './import-error.js';

/**
 * Parses a JSON input file (HAR, Postman collection). A syntax error is reported at its
 * line and column; a truncated file at its end. A UTF-8 byte order mark (Fiddler and some
 * Windows tools write one) is ignored.
 */
export function parseJsonSource(text: string, file: string, what: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (e) {
    if (e instanceof RangeError) throw invalidImport(file, {}, `cannot be read: its JSON nests too deeply (${e.message})`);
    const offset = syntaxErrorOffset(body);
    const ended = offset >= body.trimEnd().length;
    const place = lineAndColumn(body, Math.min(offset, body.length));
    const why = ended ? 'the file ends in the middle of the JSON (truncated?)' : (e as Error).message.replace(/,? ".*" is not valid JSON$|(?: in JSON)? at position \d+.*$/s, '');
    throw invalidImport(file, place, `not valid JSON, so not a ${what}: ${why}`);
  }
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * Offset of the first JSON syntax error. Node 20's JSON.parse does not always say where
 * it failed ("Unexpected token ']'"), so a failed parse is scanned again by this small
 * recognizer (only on the error path). A loop with an explicit stack: deep nesting cannot
 * overflow it.
 */
export function syntaxErrorOffset(s: string): number {
  let i = 0;
  const stack: string[] = []; // the closing bracket each open container waits for
  const skip = () => {
    while (i < s.length && WS.has(s.charCodeAt(i))) i++;
  };
  const string = (): boolean => {
    if (s[i] !== '"') return false;
    i++;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c !== 0x5c) i++;
      else if (s[i + 1] === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) i += 6;
      else if (s[i + 1] !== undefined && '"\\/bfnrt'.includes(s[i + 1]!)) i += 2;
      else return false;
    }
    return false;
  };
  const key = (): boolean => {
    skip();
    if (!string()) return false;
    skip();
    if (s[i] !== ':') return false;
    i++;
    return true;
  };
  for (;;) {
    // A value is expected here.
    skip();
    const c = s[i];
    if (c === '{' || c === '[') {
      i++;
      skip();
      if (s[i] === (c === '{' ? '}' : ']')) i++;
      else {
        stack.push(c === '{' ? '}' : ']');
        if (c === '{' && !key()) return i;
        continue;
      }
    } else if (c === '"') {
      if (!string()) return i;
    } else {
      const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(s.slice(i, i + 400));
      if (!m) return i;
      i += m[0].length;
    }
    // After a value: close containers, or a comma and the next value.
    for (;;) {
      skip();
      const close = stack[stack.length - 1];
      if (close === undefined) return i;
      if (s[i] === close) {
        i++;
        stack.pop();
        continue;
      }
      if (s[i] !== ',') return i;
      i++;
      if (close === '}' && !key()) return i;
      break;
    }
  }
}
