import { excerpt } from './excerpt.js';

/** Thrown when a paginated read repeats a page or runs past its cap. */
export class PagingError extends Error {
  override name = 'PagingError';
}

/**
 * Page cap and repeat detection for any paginated read (issue 14, item 3). Call next(key) before fetching
 * each page, the first included, with what identifies that page (its URL, its page token, its offset):
 * a key seen before means the server sends us round in a circle; more than maxPages pages means the
 * listing is far larger than any KPI needs, or never ends.
 */
export class PageGuard {
  readonly #label: string;
  readonly #maxPages: number;
  readonly #seen = new Set<string>();

  constructor(o: { label: string; maxPages: number }) {
    this.#label = o.label;
    this.#maxPages = o.maxPages;
  }

  get pages(): number {
    return this.#seen.size;
  }

  next(key: string): void {
    if (this.#seen.has(key)) {
      throw new PagingError(
        `${this.#label}: the server returned page "${excerpt(key, 80)}" again after ${this.#seen.size} page(s); ` +
          'stopped rather than loop',
      );
    }
    if (this.#seen.size >= this.#maxPages) {
      throw new PagingError(
        `${this.#label}: more than ${this.#maxPages} pages; stopped at the page cap ` +
          '(narrow the scope or the window)',
      );
    }
    this.#seen.add(key);
  }
}
