"""Stand-ins for the dbt context objects SQLFluff's jinja templater does not provide.

SQLFluff (templater = jinja, see ../.sqlfluff) imports this package and exposes its modules to
templates by name: `dbt` (the cross-database macros this project calls) and `adapter`
(`adapter.dispatch`). They render DuckDB SQL, which is all the linter needs; dbt itself never
imports them.
"""
