/**
 * The official clients against a cassette made by `mockllm import` from real captures:
 * each scenario sends, through the SDK, a request whose JSON is the captured request's
 * (so it meets the imported interaction), and returns what the SDK made of the answer
 * plus the raw bytes it received, for comparison with the capture.
 */
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import type { MockllmHandle } from '../../src/api/server-handle.js';
import { replyText } from '../../src/providers/reply-text.js';
import { loadCapture, type Capture } from './captures.js';
import { storedResponseFromCapture } from './capture-cassette.js';
import { recordingFetch } from './import-fixture.js';

export interface ClientOutcome {
  /** The text the SDK assembled (deltas joined, or the message content). */
  text: string;
  /** Raw response bodies the client received, in order. */
  bodies: Buffer[];
}

export interface ClientScenario {
  capture: string;
  client: 'openai' | 'anthropic' | 'ollama' | 'gemini';
  /** Gemini's SDK takes no `fetch`: the scenario swaps the global one, so it must run serially. */
  serial?: boolean;
  run(server: MockllmHandle, cassette: string): Promise<ClientOutcome>;
}

const body = (id: string): unknown => JSON.parse(loadCapture(id).request.body.toString('utf8'));

function openai(server: MockllmHandle, cassette: string, bodies: Buffer[]): OpenAI {
  return new OpenAI({ apiKey: 'sk-test-not-a-real-key', baseURL: server.baseURL('openai', cassette), maxRetries: 0, fetch: recordingFetch(bodies) });
}

function anthropic(server: MockllmHandle, cassette: string, bodies: Buffer[]): Anthropic {
  return new Anthropic({ apiKey: 'test', baseURL: server.baseURL('anthropic', cassette), maxRetries: 0, fetch: recordingFetch(bodies) });
}

function ollama(server: MockllmHandle, cassette: string, bodies: Buffer[]): Ollama {
  return new Ollama({ host: server.baseURL('ollama', cassette), fetch: recordingFetch(bodies) });
}

async function withGlobalFetch<T>(bodies: Buffer[], run: () => Promise<T>): Promise<T> {
  const original = globalThis.fetch;
  globalThis.fetch = recordingFetch(bodies);
  try {
    return await run();
  } finally {
    globalThis.fetch = original;
  }
}

function gemini(server: MockllmHandle, cassette: string): GoogleGenAI {
  return new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: server.url, headers: { 'x-mockllm-cassette': cassette } } });
}

export const CLIENT_SCENARIOS: ClientScenario[] = [
  {
    capture: 'openai/chat-stream',
    client: 'openai',
    async run(server, cassette) {
      const bodies: Buffer[] = [];
      let text = '';
      for await (const chunk of await openai(server, cassette, bodies).chat.completions.create(body('openai/chat-stream') as OpenAI.ChatCompletionCreateParamsStreaming))
        text += chunk.choices[0]?.delta.content ?? '';
      return { text, bodies };
    },
  },
  {
    capture: 'openai/chat-nonstream',
    client: 'openai',
    async run(server, cassette) {
      const bodies: Buffer[] = [];
      const completion = await openai(server, cassette, bodies).chat.completions.create(body('openai/chat-nonstream') as OpenAI.ChatCompletionCreateParamsNonStreaming);
      return { text: completion.choices[0]!.message.content ?? '', bodies };
    },
  },
  {
    capture: 'openai/responses-stream',
    client: 'openai',
    async run(server, cassette) {
      const bodies: Buffer[] = [];
      let text = '';
      const stream = await openai(server, cassette, bodies).responses.create(body('openai/responses-stream') as OpenAI.Responses.ResponseCreateParamsStreaming);
      for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
      return { text, bodies };
    },
  },
  {
    capture: 'anthropic/messages-stream',
    client: 'anthropic',
    async run(server, cassette) {
      const bodies: Buffer[] = [];
      let text = '';
      const stream = await anthropic(server, cassette, bodies).messages.create(body('anthropic/messages-stream') as Anthropic.MessageCreateParamsStreaming);
      for await (const e of stream) if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') text += e.delta.text;
      return { text, bodies };
    },
  },
  {
    capture: 'anthropic/messages-nonstream',
    client: 'anthropic',
    async run(server, cassette) {
      const bodies: Buffer[] = [];
      const message = await anthropic(server, cassette, bodies).messages.create(body('anthropic/messages-nonstream') as Anthropic.MessageCreateParamsNonStreaming);
      return { text: message.content.map((b) => (b.type === 'text' ? b.text : '')).join(''), bodies };
    },
  },
  {
    capture: 'ollama/chat-stream',
    client: 'ollama',
    async run(server, cassette) {
      const bodies: Buffer[] = [];
      let text = '';
      for await (const part of await ollama(server, cassette, bodies).chat({ ...(body('ollama/chat-stream') as { model: string }), stream: true })) text += part.message.content;
      return { text, bodies };
    },
  },
  {
    capture: 'ollama/generate-nonstream',
    client: 'ollama',
    async run(server, cassette) {
      const bodies: Buffer[] = [];
      const r = await ollama(server, cassette, bodies).generate({ ...(body('ollama/generate-nonstream') as { model: string; prompt: string }), stream: false });
      return { text: r.response ?? '', bodies };
    },
  },
  {
    capture: 'gemini/stream-sse',
    client: 'gemini',
    serial: true,
    async run(server, cassette) {
      const bodies: Buffer[] = [];
      const request = body('gemini/stream-sse') as { contents: never; generationConfig: never };
      let text = '';
      await withGlobalFetch(bodies, async () => {
        const stream = await gemini(server, cassette).models.generateContentStream({ model: 'gemini-3.5-flash', contents: request.contents, config: request.generationConfig });
        for await (const chunk of stream) text += chunk.text ?? '';
      });
      return { text, bodies };
    },
  },
  {
    capture: 'gemini/generate-content-gzip',
    client: 'gemini',
    serial: true,
    async run(server, cassette) {
      const bodies: Buffer[] = [];
      const request = body('gemini/generate-content-gzip') as { contents: never };
      const r = await withGlobalFetch(bodies, () => gemini(server, cassette).models.generateContent({ model: 'gemini-2.5-flash', contents: request.contents }));
      return { text: r.text ?? '', bodies };
    },
  },
];

/** The text the capture carries, read from its own bytes (independently of any import). */
export function captureText(c: Capture): string {
  return replyText(storedResponseFromCapture(c));
}
