/**
 * The one concurrency helper (p-map's shape): runs fn over the items of an array, an iterable or an async
 * iterable (pulled lazily, so a paged listing is consumed as its pages arrive) with at most `limit` calls
 * in flight. It stops starting new items after the first failure or when the signal aborts, and rethrows
 * that first failure (or the abort reason) once the running calls settle. Results keep the input order.
 */
export async function mapLimit<T, R>(
  items: Iterable<T> | AsyncIterable<T>,
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const it: AsyncIterator<T> | Iterator<T> =
    Symbol.asyncIterator in items
      ? (items as AsyncIterable<T>)[Symbol.asyncIterator]()
      : (items as Iterable<T>)[Symbol.iterator]();
  const results: R[] = [];
  let index = 0;
  let failed: { error: unknown } | undefined;
  let done = false;
  const worker = async (): Promise<void> => {
    while (!failed && !done) {
      if (signal?.aborted) {
        failed ??= { error: signal.reason };
        return;
      }
      let r: IteratorResult<T>;
      try {
        r = await it.next();
      } catch (error) {
        failed ??= { error };
        return;
      }
      if (r.done) {
        done = true;
        return;
      }
      const i = index++;
      try {
        results[i] = await fn(r.value, i);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  const width = Array.isArray(items) ? Math.min(limit, items.length) : limit;
  await Promise.all(Array.from({ length: Math.max(1, width) }, worker));
  if (failed) throw failed.error;
  return results;
}
