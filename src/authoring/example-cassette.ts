import type { Cassette, HandWrittenInteraction } from '../cassette/types.js';
import { PROVIDERS, type ProviderName } from '../providers/registry.js';

/**
 * The cassette `mockllm new` writes: hand-written interactions that show each feature,
 * with `note` fields as the comments JSON cannot have.
 */
export function exampleCassette(name: string, provider: ProviderName, schemaPath: string): Cassette {
  // Where the provider's chat endpoint lives and a model to name: the adapter's sample.
  const { chatGlob: path, model } = PROVIDERS[provider].sample;
  const interactions: HandWrittenInteraction[] = [
    {
      id: 'weather-tool-call',
      note: 'Fires when the last user message mentions the weather and the request offers tools: the reply is a tool call, rendered as this provider sends tool calls.',
      match: { path, provider, last_user_message: { regex: 'weather', flags: 'i' }, has_tools: true },
      reply: { tool_calls: [{ name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } }] },
    },
    {
      id: 'after-tool-result',
      note: 'The turn after the tool answered: a conversation rule (user asked about weather, then a tool result came back).',
      match: { path, provider, conversation: [{ role: 'user', content: { regex: 'weather', flags: 'i' } }, { role: 'tool' }] },
      reply: { text: 'It is 21 °C and sunny in Paris.', chunking: 'word', tokens_per_second: 40 },
    },
    {
      id: 'think-first',
      note: 'A reasoning trace before the answer (reasoning_content / thinking, per provider).',
      match: { path, provider, last_user_message: 'think' },
      reply: { reasoning: 'The user wants me to think. 6 × 7 = 42.', text: 'The answer is 42.' },
    },
    {
      id: 'slow-echo',
      note: 'Echo for any other message to this model, streamed slowly: first token after 300 ms, then 20 tokens per second. Scoped to the model on purpose: a rule without a model would answer every request in the directory, and an unrecorded request should be a miss. Put broad rules last: among hand-written rules the first in file order wins.',
      match: { path, provider },
      reply: { text: 'You said: {{last_user_message}}', ttft_ms: 300, tokens_per_second: 20 },
    },
  ];
  return {
    $schema: schemaPath,
    version: 1,
    name,
    meta: { description: `Hand-written ${provider} examples: edit the matchers and replies, then \`mockllm render ${name} --interaction 0\` shows the exact bytes.` },
    models: { [`mockllm-echo`]: { provider, reply: { text: '{{last_user_message}}' } } },
    // Every rule names the example model, so requests for other models (an app's real
    // traffic, recorded or not) are never answered by an example.
    interactions: interactions.map((i) => ({ ...i, match: { ...i.match, model } })),
  };
}
