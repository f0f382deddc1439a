import type * as Undici from 'undici';

let loading: Promise<typeof Undici> | undefined;

/**
 * undici, loaded on the first request rather than at start-up (issue 16 item 6); every caller shares the
 * one import, however many requests start at once.
 */
export function loadUndici(): Promise<typeof Undici> {
  return (loading ??= import('undici'));
}
