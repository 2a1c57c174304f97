import yargs, { type Argv } from 'yargs';
import { withExamples } from '../command-examples.js';

/**
 * `mockllm completion [--shell bash|zsh]`: prints yargs' completion script. The script asks
 * `mockllm --get-yargs-completions …` at each Tab, so commands and flags always match the
 * installed version. yargs picks zsh when `SHELL` names it; `--shell` says so explicitly.
 */
export function completionCommand<T>(y: Argv<T>) {
  return y
    .command(
      'completion',
      'print a bash or zsh completion script (add it to ~/.bashrc or ~/.zshrc)',
      (c) => withExamples(c, 'completion').option('shell', { choices: ['bash', 'zsh'] as const, describe: 'the shell to write for [from $SHELL, else bash]' }),
      (argv) => {
        if (!argv.shell) return void y.showCompletionScript();
        // yargs reads SHELL when an instance is made: a fresh one writes for the shell asked.
        process.env.SHELL = `/bin/${argv.shell}`;
        yargs().scriptName('mockllm').completion('completion-script', false).showCompletionScript();
      },
    )
    // The machinery behind `--get-yargs-completions`, under a hidden name: yargs' own
    // `completion` command would print the script even for `completion --help`.
    .completion('completion-script', false);
}
