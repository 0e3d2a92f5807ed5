import { useInfiniteQuery } from "@tanstack/react-query";

/** A page of a list route: its items and where the next page starts (absent on the last). */
type Page = { next_cursor?: string | null };

/**
 * A list the API pages with a cursor (`GET /clusters`, `GET /admin/users`, ...): the first page at once, the next
 * ones when the person asks (`more`). `items` holds every page fetched so far, in order.
 */
export function usePaged<P extends Page, T>(
  key: readonly unknown[],
  fetchPage: (cursor: string | null) => Promise<P>,
  itemsOf: (page: P) => T[],
  enabled = true,
) {
  const pages = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page: P) => page.next_cursor ?? undefined,
    enabled,
  });
  return {
    ...pages,
    items: pages.data?.pages.flatMap(itemsOf),
    more: pages.hasNextPage ? () => void pages.fetchNextPage() : undefined,
  };
}
