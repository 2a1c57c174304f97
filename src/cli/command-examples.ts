import type { Argv } from 'yargs';

/** One `--help` example: the command line and what it does. */
export type CommandExample = readonly [command: string, description: string];

/**
 * The examples `mockllm <command> --help` shows, in one table so they read as a set (and a
 * doc-test can run them). `$0` is the script name. Every line is something a user would
 * type in a project with a `cassettes/` folder.
 */
export const COMMAND_EXAMPLES: Readonly<Record<string, readonly CommandExample[]>> = {
  replay: [
    ['$0 replay', 'serve ./cassettes on http://127.0.0.1:11435 (no network, no keys)'],
    ['$0 replay --cassettes test/cassettes --port 0 --strict', 'any free port; exit 1 on misses or unused interactions'],
    ['$0 replay --detach && npm test; $0 stop --strict', 'a background server for a CI job'],
  ],
  record: [
    ['$0 record --upstream https://api.openai.com --cassette checkout-flow', 'proxy to OpenAI, writing cassettes/checkout-flow.json'],
    ['$0 record --upstream http://localhost:11434 --record-mode all', 're-record everything from a local Ollama'],
  ],
  run: [
    ['$0 run -- npm test', 'replay ./cassettes for the length of `npm test`'],
    ['$0 run --cassettes tests/cassettes --strict -- python -m pytest', 'any language: the SDK variables point at the server; exit 1 on misses'],
    ['$0 run --record --upstream https://api.openai.com -- npm test', 'the same suite as a recording run (real keys go upstream, never to disk)'],
  ],
  stop: [
    ['$0 stop', 'stop the server `replay --detach` started and print its summary'],
    ['$0 stop --strict --pid-file .mockllm/ci.pid', 'exit 1 on misses or unused interactions'],
  ],
  validate: [
    ['$0 validate', 'check every cassette under ./cassettes'],
    ['$0 validate cassettes/chat.json --fix', 'one file; rewrite stored keys that disagree with their request'],
  ],
  audit: [
    ['$0 audit', 'scan ./cassettes for secrets; exit 1 on any finding'],
    ['$0 audit cassettes/ --fix', 'scrub what it finds, in place'],
  ],
  ls: [
    ['$0 ls', 'list the cassettes in ./cassettes'],
    ['$0 ls --cassettes test/cassettes', 'another directory'],
  ],
  show: [
    ['$0 show chat', 'a readable transcript of cassettes/chat.json'],
    ['$0 show chat --interaction 0', 'one interaction, with its stream timing'],
  ],
  new: [
    ['$0 new greetings', 'write cassettes/greetings.json: hand-written OpenAI examples to edit'],
    ['$0 new local --provider ollama', 'the same for Ollama'],
  ],
  render: [
    ['$0 render greetings --interaction 0', 'the exact bytes a request would get'],
    ['$0 render greetings --interaction 0 --stream', 'the streamed form'],
  ],
  completion: [
    ['$0 completion >> ~/.bashrc', 'tab completion in bash'],
    ['$0 completion --shell zsh >> ~/.zshrc', 'in zsh (without --shell: the shell $SHELL names)'],
  ],
};

/** Adds the examples of `command` to its yargs builder. */
export function withExamples<T>(y: Argv<T>, command: string): Argv<T> {
  return y.example([...(COMMAND_EXAMPLES[command] ?? [])].map(([cmd, what]) => [cmd, what]));
}
