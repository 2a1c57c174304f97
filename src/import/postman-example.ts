import type { IncomingHttpHeaders } from 'node:http';
import type { SourceNode } from './source-node.js';

/** One saved example response of a Postman request, with the request it answers. */
export interface PostmanExample {
  /** `folder/request/example` names: stable across re-imports, so an edited example replaces its old self. */
  path: string;
  node: SourceNode;
  request: {
    method: string;
    /** The URL path; a path variable (`:id`) or an unresolved `{{variable}}` segment is `*`. */
    path: string;
    search: URLSearchParams;
    headers: IncomingHttpHeaders;
    /** Raw body with the collection's variables resolved. */
    body: Buffer;
    bodyNode: SourceNode;
  };
  response: {
    status: number;
    headers: IncomingHttpHeaders;
    body: Buffer;
  };
}
