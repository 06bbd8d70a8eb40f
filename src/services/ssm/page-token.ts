// NextToken handling (ssm.md §9): the decimal offset of the next item in a deterministic order. Pure.

export type TokenResult = { readonly ok: true; readonly offset: number } | { readonly ok: false };

/** Absent token = start. Only plain non-negative decimals (what we emit) are accepted. */
export function parseToken(token: string | undefined): TokenResult {
  if (token === undefined) return { ok: true, offset: 0 };
  if (!/^[0-9]{1,15}$/.test(token)) return { ok: false };
  return { ok: true, offset: Number(token) };
}

/**
 * The token for the page after one that started at `offset` and returned `count` items; only when more items
 * exist, so the final page has none and a token is never repeated (botocore aborts on a repeated token).
 */
export function nextToken(offset: number, count: number, hasMore: boolean): string | undefined {
  return hasMore && count > 0 ? String(offset + count) : undefined;
}

/**
 * DescribeParameters' token: sent whenever the page is full, so a last page that is exactly full still carries one
 * and the next call answers an empty page without a token. AWS does this (awsdocs/aws-doc-sdk-examples#4576: the
 * last page's NextToken "gets me a result set of 0 entries"); moto too (ssm.md §9 allows it). Never repeats.
 */
export function fullPageToken(offset: number, count: number, limit: number): string | undefined {
  return nextToken(offset, count, count === limit);
}
