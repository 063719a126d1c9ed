"""What every list page shares: how many rows a page shows, and whether htmx asked for the table alone
(a filter change or a page turn) rather than the whole page."""

PAGE_SIZE = 50


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"
