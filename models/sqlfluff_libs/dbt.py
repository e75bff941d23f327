"""The subset of dbt's cross-database macros (`dbt.*`) this project uses, as DuckDB SQL."""


def type_string() -> str:
    return "varchar"


def type_bigint() -> str:
    return "bigint"


def hash(field: str) -> str:  # noqa: A001 - mirrors dbt.hash
    return f"md5(cast({field} as varchar))"


def concat(fields: list[str]) -> str:
    return f"concat({', '.join(fields)})"


def datediff(first_date: str, second_date: str, datepart: str) -> str:
    return f"date_diff('{datepart}', {first_date}, {second_date})"


def type_boolean() -> str:
    return "boolean"


def date_trunc(datepart: str, date: str) -> str:
    return f"date_trunc('{datepart}', {date})"


def is_incremental() -> bool:
    """Lints the full-refresh SQL, as SQLFluff's own dbt builtin does (macros/incremental/is_incremental.sql)."""
    return False
