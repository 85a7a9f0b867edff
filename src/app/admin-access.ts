/**
 * Who may read the operator's pages. With no access keys (loopback, the quick start) they are
 * open like everything else. With access keys, only the admin key opens them: `ADMIN_API_KEY`
 * (else `PROXY_API_KEY`) in environment mode, the file's `adminKey` in file mode, sent as
 * `x-api-key` or `Authorization: Bearer`, compared in constant time. A team member's access key
 * does not: the pages show everyone's traffic.
 */
import type { ProxyConfig } from '../config/config-types.js';
import { ProxyError } from '../errors/proxy-error.js';
import { clientApiKey } from '../http/http-io.js';
import type { RequestHeaders } from '../http/proxy-request.js';
import { keysEqual } from '../http/keys-equal.js';

export function adminAccessProblem(config: ProxyConfig, headers: RequestHeaders): ProxyError | undefined {
  if (config.accessKeys.length === 0 && config.adminApiKey === undefined) return undefined;
  if (config.adminApiKey === undefined) {
    const setting = config.source.kind === 'file' ? `adminKey in ${config.source.path}` : 'ADMIN_API_KEY';
    return new ProxyError('permission', `The operator pages need an admin key, and none is configured: set ${setting}.`, { status: 403 });
  }
  if (keysEqual(clientApiKey(headers), config.adminApiKey)) return undefined;
  return new ProxyError('authentication', 'This page needs the admin key (x-api-key or Authorization: Bearer).');
}
