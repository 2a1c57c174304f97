// A Node program that knows nothing about mockllm: the official SDKs find the server through
// the variables `mockllm run` sets (OPENAI_BASE_URL, ANTHROPIC_BASE_URL; ollama-js takes
// OLLAMA_HOST as its `host` option). Prints one line per answer; exits 1 on a failed call.
import Anthropic from '@anthropic-ai/sdk';
import { Ollama } from 'ollama';
import OpenAI from 'openai';

const joke = [{ role: 'user', content: 'Tell me a joke about opentelemetry' }];
const line = (label, text) => process.stdout.write(`${label}: ${JSON.stringify(text)}\n`);

const openai = new OpenAI({ maxRetries: 0 });
const chat = await openai.chat.completions.create({ model: 'gpt-3.5-turbo', messages: joke });
line('openai', chat.choices[0].message.content);

const stream = await openai.chat.completions.create({ model: 'gpt-3.5-turbo', messages: joke, stream: true });
let streamed = '';
for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
line('openai stream', streamed);

const message = await new Anthropic({ maxRetries: 0 }).messages.create({ model: 'claude-3-opus-20240229', max_tokens: 1024, messages: [{ role: 'user', content: 'Tell me a joke about OpenTelemetry' }] });
line('anthropic', message.content[0].text);

const ollama = new Ollama({ host: process.env.OLLAMA_HOST });
const local = await ollama.chat({ model: 'llama3', messages: [{ role: 'user', content: 'Tell me a joke about OpenTelemetry' }], stream: false });
line('ollama', local.message.content);
