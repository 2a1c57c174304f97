import type { ServerOptions } from '../config/options.js';
import { isHandWritten } from '../cassette/types.js';
import { createFaultLayer } from '../faults/fault-layer.js';
import { evaluateMatch, renderReply } from '../handwritten/index.js';
import type { ServerMode } from '../modes.js';
import { recordExtensions } from '../record/record-extensions.js';
import type { ServerDeps } from '../server/mockllm-server.js';
import type { Logger } from '../util/logger.js';

/**
 * The optional layers of a server (faults, record forwarder, hand-written replies), in
 * one place so the CLI and the library wire them identically.
 */
export function serverExtensions(mode: ServerMode, options: ServerOptions, logger: Logger): Partial<ServerDeps> {
  return { faults: createFaultLayer(options, logger), ...handwrittenExtensions, ...(mode === 'record' ? recordExtensions(options) : {}) };
}

/** Partial matchers and rendered replies of hand-written interactions (and model aliases). */
const handwrittenExtensions: Pick<ServerDeps, 'render' | 'matchRule'> = {
  matchRule: (entry, view, provider) =>
    isHandWritten(entry.interaction) ? evaluateMatch(entry.interaction.match, view, provider.name) : { matched: false, failed: ['recorded interaction'], passed: 0 },
  render: (entry, ex, knownModels) => {
    const i = entry.interaction;
    if (!isHandWritten(i) || !i.reply) throw new Error(`${entry.label} has no reply to render`);
    return renderReply(i.reply, ex.view, { provider: ex.provider, knownModels });
  },
};
