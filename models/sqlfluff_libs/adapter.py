"""`adapter.dispatch` for SQLFluff: resolves `duckdb__<name>`, else `default__<name>`."""

from typing import Any, Callable, Optional

from jinja2 import pass_context
from jinja2.runtime import Context


@pass_context
def dispatch(
    context: Context, macro_name: str, macro_namespace: Optional[str] = None
) -> Callable[..., Any]:
    for candidate in (f"duckdb__{macro_name}", f"default__{macro_name}"):
        macro = context.resolve_or_missing(candidate)
        if callable(macro):
            return macro
    raise LookupError(f"no duckdb__ or default__ implementation of macro {macro_name!r}")
