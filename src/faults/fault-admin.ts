import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatProblem, isMockllmError, type Problem } from '../errors.js';
import { sendJson } from '../server/admin-routes.js';
import type { FaultOverlays } from './fault-layer.js';
import { FAULT_KIND_NAMES } from './fault-kinds.js';
import type { FaultRule } from './fault-spec.js';
import { checkRule } from './overlay-schema.js';
import { STATUS_PRESET_NAMES } from './presets/status-presets.js';

/**
 * `/_mockllm/faults`: GET lists runtime overlays, file overlays and API-key scenarios; POST
 * arms one rule or an array of rules (each may carry `times`) → 201 with ids; DELETE clears
 * every runtime overlay. `/_mockllm/faults/<id>`: GET shows, DELETE removes one.
 * `POST /_mockllm/faults/reload` re-reads the overlay files. Returns true: these paths are its own.
 */
export function handleFaultAdmin(layer: FaultOverlays, req: IncomingMessage, res: ServerResponse, subpath: string, body: Buffer): boolean {
  const method = req.method ?? 'GET';
  const rest = subpath.replace(/^faults\/?/, '');
  if (rest === '') {
    if (method === 'GET') sendJson(res, 200, { ...layer.list(), kinds: FAULT_KIND_NAMES, presets: STATUS_PRESET_NAMES });
    else if (method === 'POST') arm(layer, res, body);
    else if (method === 'DELETE') sendJson(res, 200, { cleared: layer.clear() });
    else sendJson(res, 405, { error: 'use GET, POST or DELETE /_mockllm/faults' });
    return true;
  }
  if (rest === 'reload') {
    if (method !== 'POST') sendJson(res, 405, { error: 'use POST /_mockllm/faults/reload' });
    else {
      try {
        sendJson(res, 200, { reloaded: true, ...layer.reloadOverlays() });
      } catch (e) {
        sendJson(res, 422, { reloaded: false, error: (e as Error).message, details: isMockllmError(e) ? e.details : [] });
      }
    }
    return true;
  }
  const id = decodeURIComponent(rest);
  if (method === 'GET') {
    const entry = layer.runtimeEntry(id);
    if (entry) sendJson(res, 200, entry);
    else sendJson(res, 404, { error: `no runtime fault with id ${JSON.stringify(id)}; GET /_mockllm/faults lists them` });
  } else if (method === 'DELETE') {
    if (layer.disarm(id)) sendJson(res, 200, { deleted: id });
    else sendJson(res, 404, { error: `no runtime fault with id ${JSON.stringify(id)} (already fired its times, or cleared?)` });
  } else sendJson(res, 405, { error: `use GET or DELETE /_mockllm/faults/${id}` });
  return true;
}

function arm(layer: FaultOverlays, res: ServerResponse, body: Buffer): void {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (e) {
    sendJson(res, 400, { error: `the body must be a fault rule (JSON) or an array of them: ${(e as Error).message}`, example: { kind: 'status', status: 429, times: 1 } });
    return;
  }
  const many = Array.isArray(value);
  const items = many ? (value as unknown[]) : [value];
  const rules: FaultRule[] = [];
  const problems: Problem[] = [];
  items.forEach((item, i) => {
    const checked = checkRule(item, 'request body', many ? `/${i}` : '', layer.names);
    if (checked.ok) rules.push(checked.value);
    else problems.push(...checked.problems);
  });
  if (problems.length > 0) {
    sendJson(res, 400, { error: 'invalid fault rule; see details and docs/faults.md', details: problems.map((p) => formatProblem(p)) });
    return;
  }
  const armed = rules.map((rule) => {
    const id = layer.arm(rule);
    return { id, source: `runtime#${id}`, fault: rule };
  });
  sendJson(res, 201, many ? { faults: armed } : armed[0]);
}
