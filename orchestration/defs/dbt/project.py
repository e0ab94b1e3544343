"""The dbt project as Dagster assets: one DbtProject, one translator, two dbt steps.

dbt runs in two selections so Python assets can sit between them, as the data flows:
raw → staging + int_posts_unioned (dbt) → enrichment/topics/labels (Python) → the other intermediate
models and the marts (dbt) → publish.
"""


import json
from collections.abc import Mapping, Sequence
from functools import cache, cached_property
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets
from dagster_dbt.dbt_manifest import validate_manifest
from packaging import version

from ingestion import store
from orchestration import prewarm
from orchestration.defs.dbt.commands import DBT_PROJECT_DIR, dbt_build_args
from orchestration.defs.dbt.forkserver import client_executable, real_dbt
from orchestration.defs.dbt.incremental import fingerprints, needs_full_refresh, record_built
from orchestration.defs.dbt.previews import mart_preview
from orchestration.defs.dbt.run_dirs import clean_dbt_run_dirs, dbt_run_dir, keep_partial_parse, seed_partial_parse
from orchestration.resources import WarehouseResource

LAYERS = ("staging", "intermediate", "marts")


def dbt_executable() -> str:
    """What the dbt steps run as `dbt`: the fork server's client while `hapuswatch run` has one
    (forkserver.py), else the `dbt` installed next to this interpreter, so an unactivated virtualenv
    (`.venv/bin/hapuswatch run`, `.venv/bin/dagster dev`) finds it without touching PATH."""
    return client_executable() or real_dbt()


class DbtCli(DbtCliResource):
    """dagster-dbt's dbt CLI resource without two set-up costs that each dbt step paid for nothing.

    - ``dbt --version`` in a subprocess (≈ 2 s) to learn dbt's version: when the executable is the
      `dbt` installed beside this interpreter (or the fork server's client, which runs that dbt), the
      version is that of the installed dbt-core package.
    - a dbt adapter built in this process (≈ 1.3 s: dbt's profile, project and base macros parsed
      again), which dagster-dbt only uses for ``fetch_row_counts()``/``fetch_column_metadata()``; the
      steps here read row counts from the warehouse after dbt has finished (see ``_run_dbt``).
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        if real_dbt() != "dbt" and self.dbt_executable in (real_dbt(), client_executable()):
            return version.parse(installed_version("dbt-core"))
        return super()._cli_version

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:  # type: ignore[override]
        return None


def _project() -> DbtProject:
    return DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def _parse(project: DbtProject) -> Path:
    # dagster-dbt's preparer runs `dbt parse` with the `dbt` on PATH; this one runs dbt_executable()
    DbtCli(project_dir=project, dbt_executable=dbt_executable()).cli(
        ["parse", "--quiet"], target_path=project.target_path
    ).wait()
    return project.manifest_path


@cache
def dbt_project() -> DbtProject:
    """The project, memoised; under `dagster dev` its manifest is re-parsed on load (as prepare_if_dev does)."""
    project = _project()
    if project.preparer.using_dagster_dev():
        _parse(project)
    return project


#: What `dbt parse` reads: the manifest is current when it is newer than all of these.
PARSE_INPUTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests")


def manifest_is_current(project: DbtProject) -> bool:
    """Whether ``target/manifest.json`` was parsed by this dbt after the last change to the project's files."""
    manifest = Path(project.manifest_path)
    if not manifest.exists():
        return False
    try:
        from dbt.version import __version__ as dbt_version

        if json.loads(manifest.read_text(encoding="utf-8"))["metadata"]["dbt_version"] != dbt_version:
            return False
    except (ValueError, KeyError):
        return False
    parsed_at = manifest.stat().st_mtime
    for name in PARSE_INPUTS:
        root = DBT_PROJECT_DIR / name
        paths = [root] if root.is_file() else (root.rglob("*") if root.is_dir() else [])
        if any(path.stat().st_mtime > parsed_at for path in paths):
            return False
    return True


def prepare_dbt_project() -> Path:
    """Parse the dbt project (writes target/manifest.json) unless the manifest is already current;
    the CLI and tests call this before loading (`dbt parse` costs ~7 s on every run otherwise)."""
    project = _project()
    if manifest_is_current(project):
        return Path(project.manifest_path)
    return _parse(project)


def dbt_resource() -> DbtCli:
    return DbtCli(project_dir=dbt_project(), dbt_executable=dbt_executable())


def dbt_layer(props: Mapping[str, Any]) -> str:
    """A dbt node's layer: the model folder it sits in (seeds are marts analysts query)."""
    if props["resource_type"] == "seed":
        return "marts"
    fqn = props.get("fqn", [])
    for layer in LAYERS:
        if layer in fqn:
            return layer
    return props.get("schema") or "dbt"


class HapuswatchTranslator(DagsterDbtTranslator):
    """All dbt→Dagster decisions in one place.

    Models and seeds: key ``<layer>/<name>``, group ``<layer>``. Sources keep dagster-dbt's key, which
    reads ``meta.dagster.asset_key`` (e.g. ``raw/demo_posts``): the Python asset that fills the table.
    """

    def get_asset_spec(
        self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        if props["resource_type"] == "source":
            return spec
        layer = dbt_layer(props)
        return spec.replace_attributes(key=dg.AssetKey([layer, props["name"]]), group_name=layer)


TRANSLATOR = HapuswatchTranslator(settings=DagsterDbtTranslatorSettings(enable_code_references=False))


def _run_dbt(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    # Every dbt source table exists even before its asset first ran (or when its source is disabled):
    # opening the warehouse creates every table declared in ingestion.warehouse.schema.
    with warehouse.connect():
        pass
    # The dbt process holds DuckDB's write lock while it runs, so row counts are read afterwards
    # (dagster-dbt's fetch_row_counts would open the file concurrently and fail).
    step = context.op_execution_context.op.name
    run_dir = dbt_run_dir(warehouse.settings.data_dir, step, context.run.run_id)
    data_dir = warehouse.settings.data_dir
    args = dbt_build_args(warehouse.settings.warehouse_path)
    # incremental models rebuilt in full when their SQL (or anything it depends on) changed since last built
    manifest = validate_manifest(dbt_project().manifest_path)  # dagster-dbt's cached parse, as @dbt_assets read it
    built_with = fingerprints(manifest, [key.path[-1] for key in context.selected_asset_keys], DBT_PROJECT_DIR)
    if needs_full_refresh(data_dir, built_with):
        context.log.info("incremental models rebuilt in full: %s", ", ".join(sorted(built_with)))
        args.append("--full-refresh")
    seed_partial_parse(data_dir, run_dir)
    store.release()  # dbt's process opens the warehouse: a copy kept open here would lock it out
    invocation = dbt.cli(args, context=context, target_path=run_dir)
    prewarm.start()  # dbt works in its own process now: this one loads the next steps' models meanwhile
    events = list(invocation.stream())
    keep_partial_parse(data_dir, run_dir)
    record_built(data_dir, built_with)
    # old run folders: this data dir's, and the ones earlier versions left inside the repository
    clean_dbt_run_dirs(run_dir.parent, [step])
    clean_dbt_run_dirs(DBT_PROJECT_DIR / "target", [step], keep=0)
    with warehouse.connect() as con:
        for event in events:
            if isinstance(event, dg.Output):
                key = context.asset_key_for_output(event.output_name)
            else:
                key = getattr(event, "asset_key", None)
            if isinstance(event, dg.Output | dg.AssetMaterialization) and key is not None and len(key.path) == 2:
                rows = store.scalar(
                    con,
                    "select estimated_size from duckdb_tables() where schema_name = ? and table_name = ?",
                    list(key.path),
                )
                # a view holds no rows: counting it would run its query (int_posts_enriched: a 1M-post join)
                extra = {"dagster/row_count": int(rows)} if rows is not None else {}
                if key.path[0] == "marts":
                    extra["preview"] = dg.MetadataValue.md(mart_preview(con, key.path[0], key.path[1]))
                event = event.with_metadata({**event.metadata, **extra})
            yield event


# One dbt step per selection (select, exclude); the Python assets between them (enrichment, topics, labels)
# read what the first step builds and feed what the second one builds.
DBT_STEPS = {
    # staging views over the raw tables and the unioned posts
    "dbt_staging": ("staging int_posts_unioned", None),
    # intermediate models over the pipeline-written tables, the marts and seeds (schema `marts`)
    "dbt_marts": ("intermediate marts path:seeds", "int_posts_unioned"),
}


def _dbt_step(name: str, select: str, exclude: str | None, project: DbtProject) -> dg.AssetsDefinition:
    @dbt_assets(
        manifest=project.manifest_path, project=project, select=select, exclude=exclude, name=name,
        dagster_dbt_translator=TRANSLATOR,
    )
    def _step(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
        yield from _run_dbt(context, dbt, warehouse)

    return _step


@cache
def dbt_steps() -> tuple[dg.AssetsDefinition, ...]:
    """The two dbt steps as multi-assets (memoised: publish reads their mart keys)."""
    project = dbt_project()
    return tuple(_dbt_step(name, select, exclude, project) for name, (select, exclude) in DBT_STEPS.items())


def mart_keys() -> list[dg.AssetKey]:
    """Every dbt asset in the marts layer (models and seeds)."""
    return [key for step in dbt_steps() for key in step.keys if key.path[0] == "marts"]
