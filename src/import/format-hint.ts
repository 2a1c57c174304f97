/**
 * What a parsed input file looks like, for the message when it is not the format the
 * user named ("this looks like a Postman collection: run `mockllm import postman …`").
 */
export function formatHint(value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return '';
  const v = value as Record<string, unknown>;
  if (isObject(v.log) && 'entries' in v.log) return '; it looks like a HAR file: use `mockllm import har`';
  if (isObject(v.info) && 'item' in v) return '; it looks like a Postman collection: use `mockllm import postman`';
  if ('http_interactions' in v) return '; it looks like a Ruby VCR cassette (http_interactions), which mockllm does not read';
  if (Array.isArray(v.interactions) && v.version === 1 && v.interactions.some((i) => isObject(i) && isObject(i.request) && 'uri' in i.request))
    return '; it looks like a vcrpy cassette: use `mockllm import vcr`';
  if (Array.isArray(v.interactions)) return '; it looks like a mockllm cassette already: copy it into the cassette directory';
  return '';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
