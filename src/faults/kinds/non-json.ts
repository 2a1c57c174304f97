import { STATUS_CODES } from 'node:http';
import { always, type FaultKind } from '../fault-kind.js';
import type { NonJsonFault } from '../fault-spec.js';

/**
 * `non_json`: an HTML error page as a gateway in front of the API sends it (nginx's 502 by
 * default) — what breaks clients that assume every error body is JSON.
 */
export const nonJsonKind: FaultKind<NonJsonFault> = {
  kind: 'non_json',
  replacesResponse: true,
  appliesTo: always,
  apply(spec) {
    const status = spec.status ?? 502;
    const body = Buffer.from(spec.body ?? gatewayPage(status));
    return { response: { status, headers: { 'content-type': spec.content_type ?? 'text/html', server: 'nginx' }, headersAtMs: 0, body } };
  },
};

export function gatewayPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}
