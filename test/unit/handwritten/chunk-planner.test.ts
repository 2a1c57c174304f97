import test from 'ava';
import { chunkTokens, paceChunks, planChunks, splitText, type Chunking } from '../../../src/handwritten/chunk-planner.js';
import { planTimeline } from '../../../src/handwritten/stream-timeline.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Offsets (UTF-16) where a grapheme cluster starts, plus the end. */
function graphemeBoundaries(text: string): Set<number> {
  const set = new Set<number>([text.length]);
  for (const s of segmenter.segment(text)) set.add(s.index);
  return set;
}

/** Asserts pieces rebuild the text and every cut falls on a grapheme boundary. */
function assertClean(t: import('ava').ExecutionContext, text: string, chunking: Chunking): string[] {
  const pieces = splitText(text, chunking);
  t.is(pieces.join(''), text, `pieces of ${JSON.stringify(text)} rebuild it`);
  const boundaries = graphemeBoundaries(text);
  let at = 0;
  for (const p of pieces) {
    t.true(p.length > 0);
    at += p.length;
    t.true(boundaries.has(at), `cut at ${at} in ${JSON.stringify(text)} is inside a grapheme (${JSON.stringify(pieces)})`);
  }
  return pieces;
}

const HARD_TEXTS = [
  'Hello world, how are you today?',
  'Family: 👩‍👩‍👧‍👦 and 👨🏽‍💻 coding, flags 🇫🇷🇯🇵, thumbs 👍🏿👍🏻.',
  'Combining: e\u0301e\u0301e\u0301 n\u0303 a\u0308\u0304 Z\u0351\u0334\u0362a\u0315lgo',
  '日本語のテキストと中文文本，还有한국어 텍스트。',
  'Mixed 🇺🇸USA🇺🇸 — “quotes” … and tabs\tand\nnewlines\r\nend',
  'Devanagari: नमस्ते दुनिया, Thai: สวัสดีชาวโลก',
  '❤️‍🔥🏳️‍🌈🏴‍☠️ keycaps 1️⃣2️⃣#️⃣',
];

for (const chunking of ['token', 'word', 'char'] as const) {
  test(`${chunking}: never splits a grapheme cluster and rebuilds the text`, (t) => {
    for (const text of HARD_TEXTS) assertClean(t, text, chunking);
  });
}

test('token: greedy pieces of about 4 characters', (t) => {
  t.deepEqual(splitText('Hello world', 'token'), ['Hell', 'o wo', 'rld']);
  t.deepEqual(splitText('abcd', 'token'), ['abcd']);
  // A ZWJ family (7 code points) stays whole and closes its piece.
  t.deepEqual(splitText('a👩‍👩‍👧‍👦b', 'token'), ['a👩‍👩‍👧‍👦', 'b']);
  // CJK: 4 characters per piece.
  t.deepEqual(splitText('日本語のテキスト', 'token'), ['日本語の', 'テキスト']);
});

test('token and char keep literal escapes and ANSI sequences whole', (t) => {
  t.deepEqual(splitText('a\\nb\\"c', 'char'), ['a', '\\n', 'b', '\\"', 'c']);
  t.deepEqual(splitText('x\\u00e9y', 'char'), ['x', '\\u00e9', 'y']);
  t.deepEqual(splitText('\u001b[31mred\u001b[0m', 'char'), ['\u001b[31m', 'r', 'e', 'd', '\u001b[0m']);
  for (const piece of splitText('{"k":"line1\\nline2 \\u263a done"}', 'token')) {
    t.false(/\\$/.test(piece) && !/\\\\$/.test(piece), `piece ${JSON.stringify(piece)} ends inside an escape`);
    t.false(/\\u[0-9a-f]{0,3}$/i.test(piece), `piece ${JSON.stringify(piece)} cuts a \\u escape`);
  }
  // A lone trailing backslash is just a character.
  t.deepEqual(splitText('a\\', 'char'), ['a', '\\']);
});

test('word: leading whitespace sticks to the word after it, trailing to the last word', (t) => {
  t.deepEqual(splitText('Hello world', 'word'), ['Hello', ' world']);
  t.deepEqual(splitText('  Hi  there \n', 'word'), ['  Hi', '  there \n']);
  t.deepEqual(splitText('one', 'word'), ['one']);
  t.deepEqual(splitText('   ', 'word'), ['   ']);
  t.deepEqual(splitText('e\u0301t\u00e9 👍🏽 ok', 'word'), ['e\u0301t\u00e9', ' 👍🏽', ' ok']);
});

test('char, whole, explicit lists and empty text', (t) => {
  t.deepEqual(splitText('a👍🏽b', 'char'), ['a', '👍🏽', 'b']);
  t.deepEqual(splitText('a whole text', 'whole'), ['a whole text']);
  t.deepEqual(splitText('ignored', ['Hel', 'lo']), ['Hel', 'lo']);
  t.deepEqual(splitText('', 'token'), []);
  t.deepEqual(splitText('', 'whole'), []);
  t.deepEqual(planChunks(''), []);
});

test('defaults: token chunking, every chunk at 0 ms', (t) => {
  t.deepEqual(planChunks('Hello world'), [
    { text: 'Hell', t: 0 },
    { text: 'o wo', t: 0 },
    { text: 'rld', t: 0 },
  ]);
});

test('tokens_per_second paces each chunk by its estimated tokens after ttft', (t) => {
  // 10 tokens/s = 100 ms per token; " wonderful" has 10 chars = 3 tokens.
  t.deepEqual(planChunks('What a wonderful day', { chunking: 'word', ttft_ms: 250, tokens_per_second: 10 }), [
    { text: 'What', t: 250 },
    { text: ' a', t: 350 },
    { text: ' wonderful', t: 650 },
    { text: ' day', t: 750 },
  ]);
});

test('pauses add time before the chunk with that index and shift every later chunk', (t) => {
  const plan = planChunks('aaaabbbbccccdddd', { ttft_ms: 100, tokens_per_second: 20, pauses: { '0': 50, '2': 500 } });
  t.deepEqual(
    plan.map((c) => c.t),
    [150, 200, 750, 800],
  );
  t.deepEqual(planChunks('abcdefgh', { pauses: { '1': 300 } }).map((c) => c.t), [0, 300]);
});

test('offsets round the running total, so fractional paces never drift', (t) => {
  const plan = planChunks('x'.repeat(4 * 30), { tokens_per_second: 3 });
  t.is(plan.length, 30);
  t.is(plan[29]!.t, Math.round((29 * 1000) / 3));
  t.is(plan[1]!.t, 333);
  t.is(plan[2]!.t, 667);
});

test('planning is deterministic', (t) => {
  const options = { chunking: 'token' as const, ttft_ms: 120, tokens_per_second: 42, pauses: { '3': 77 } };
  t.deepEqual(planChunks(HARD_TEXTS.join(' '), options), planChunks(HARD_TEXTS.join(' '), options));
});

test('chunkTokens is ceil(code points / 4), at least 1', (t) => {
  t.is(chunkTokens(''), 0);
  t.is(chunkTokens('a'), 1);
  t.is(chunkTokens('abcd'), 1);
  t.is(chunkTokens('abcde'), 2);
  t.is(chunkTokens('👍🏽'), 1);
});

test('paceChunks works on any pieces', (t) => {
  t.deepEqual(paceChunks(['ab', 'cdefgh'], { ttft_ms: 10, tokens_per_second: 1000 }), [
    { text: 'ab', t: 10 },
    { text: 'cdefgh', t: 12 },
  ]);
});

test('timeline: reasoning, text, refusal, tool calls share one pace; pauses index the whole sequence', (t) => {
  const timeline = planTimeline(
    { reasoning: 'Hmmm', text: 'Hi there', toolCalls: [{ name: 'get', arguments: '{"a":1}' }] },
    { chunking: 'token', ttft_ms: 100, tokens_per_second: 10, pauses: { '1': 1000 } },
  );
  t.deepEqual(timeline.reasoning, [{ text: 'Hmmm', t: 100 }]);
  t.deepEqual(timeline.text, [
    { text: 'Hi t', t: 1200 },
    { text: 'here', t: 1300 },
  ]);
  t.is(timeline.tools[0]!.t, 1400);
  t.deepEqual(timeline.tools[0]!.args, [
    { text: '{"a"', t: 1500 },
    { text: ':1}', t: 1600 },
  ]);
  t.is(timeline.first, 100);
  t.is(timeline.end, 1600);
});

test('timeline: an explicit chunk list applies to the text only', (t) => {
  const timeline = planTimeline({ text: 'Hello', textPieces: ['He', 'llo'], reasoning: 'abcdefgh', toolCalls: [] }, { chunking: ['He', 'llo'] });
  t.deepEqual(timeline.text.map((c) => c.text), ['He', 'llo']);
  t.deepEqual(timeline.reasoning.map((c) => c.text), ['abcd', 'efgh']);
});

test('timeline: nothing to say still has a first/end offset', (t) => {
  const timeline = planTimeline({ toolCalls: [] }, { ttft_ms: 300 });
  t.deepEqual([timeline.first, timeline.end], [300, 300]);
});
