/**
 * Bearer-token auth. Keys are compared as SHA-256 digests with `timingSafeEqual`: equal lengths
 * whatever the client sends, and no early exit that would leak how much of the key matched.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { EUnauthorized } from '../errors/index.js';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export class BearerAuth {
  private readonly expected: Buffer;

  constructor(apiKey: string) {
    if (apiKey.length === 0) throw new RangeError('the API key must not be empty');
    this.expected = digest(apiKey);
  }

  /** Throws EUnauthorized unless the header is `Bearer <the key>`. */
  check(authorization: string | undefined): void {
    const match = authorization ? /^Bearer\s+(.+)$/i.exec(authorization.trim()) : null;
    if (!match) {
      throw new EUnauthorized('This server requires an API key: the Authorization header is missing or not "Bearer <key>".', {
        context: { scheme: 'Bearer' },
      });
    }
    if (!timingSafeEqual(digest(match[1]), this.expected)) {
      throw new EUnauthorized('The API key is not valid.', { context: { scheme: 'Bearer' } });
    }
  }
}
