import type { AnySource } from './types.js';

/** Every source, in one list: the `source` input maps onto these by name. */
export const SOURCES: readonly AnySource[] = [];
