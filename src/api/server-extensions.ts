import type { ServerOptions } from '../config/options.js';
import { isHandWritten } from '../cassette/types.js';
import { createFaultLayer } from '../faults/fault-layer.js';
import { evaluateMatch, renderReply, type MatchResult } from '../handwritten/index.js';
import type { ServerMode } from '../modes.js';
import { recordExtensions } from '../record/record-extensions.js';
import type { ServerDeps } from '../server/mockllm-server.js';
import type { ProviderAdapter, RequestView } from '../providers/provider.js';
import type { IndexedInteraction } from '../store/loaded-cassette.js';
import type { Logger } from '../util/logger.js';

/**
 * The optional layers of a server (faults, record forwarder, hand-written replies), in
 * one place so the CLI and the library wire them identically.
 */
export function serverExtensions(mode: ServerMode, options: ServerOptions, logger: Logger): Partial<ServerDeps> {
  return { faults: createFaultLayer(options, logger), ...handwrittenExtensions, ...(mode === 'record' ? recordExtensions(options) : {}) };
}

/**
 * Verdicts of hand-written matchers, per request and rule. The server asks twice on a miss
 * (the first rule that matches, then the rules that almost did, for the explanation): each
 * matcher — each user regex — runs once per request all the same. Keyed by the request's
 * view, one object per exchange, so the verdicts go when the exchange does.
 */
const verdicts = new WeakMap<RequestView, Map<IndexedInteraction, MatchResult>>();

function cachedVerdict(entry: IndexedInteraction, view: RequestView, provider: ProviderAdapter): MatchResult {
  let byEntry = verdicts.get(view);
  if (!byEntry) verdicts.set(view, (byEntry = new Map()));
  let verdict = byEntry.get(entry);
  if (!verdict) {
    verdict = isHandWritten(entry.interaction) ? evaluateMatch(entry.interaction.match, view, provider) : { matched: false, failed: ['recorded interaction'], passed: 0 };
    byEntry.set(entry, verdict);
  }
  return verdict;
}

/** Partial matchers and rendered replies of hand-written interactions (and model aliases). */
const handwrittenExtensions: Pick<ServerDeps, 'render' | 'matchRule'> = {
  matchRule: cachedVerdict,
  render: (entry, ex, knownModels) => {
    const i = entry.interaction;
    if (!isHandWritten(i) || !i.reply) throw new Error(`${entry.label} has no reply to render`);
    return renderReply(i.reply, ex.view, { provider: ex.provider, knownModels });
  },
};
