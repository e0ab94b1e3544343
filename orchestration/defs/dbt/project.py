"""The dbt project as Dagster assets: one DbtProject, one translator, two dbt steps.

dbt runs in two selections so Python assets can sit between them, as the data flows:
raw → staging/intermediate (dbt) → enrichment/topics (Python) → marts (dbt) → publish.
"""


import os
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets

from ingestion import store
from orchestration.defs.dbt.previews import mart_preview
from orchestration.defs.dbt.run_dirs import clean_dbt_run_dirs, dbt_run_dir
from orchestration.resources import WarehouseResource

DBT_PROJECT_DIR = Path(__file__).resolve().parents[3] / "dbt_project"
LAYERS = ("staging", "intermediate", "marts")

# dagster-dbt finds `dbt` on PATH; make it the one installed next to this interpreter even when the
# virtualenv is not activated (`.venv/bin/hapuswatch run`, `.venv/bin/dagster dev`).
_BIN_DIR = str(Path(sys.executable).parent)
if _BIN_DIR not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN_DIR + os.pathsep + os.environ.get("PATH", "")


@cache
def dbt_project() -> DbtProject:
    """The project, memoised; under `dagster dev` its manifest is re-parsed on load."""
    project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
    project.prepare_if_dev()
    return project


def prepare_dbt_project() -> Path:
    """Parse the dbt project (writes target/manifest.json); the CLI and tests call this before loading."""
    project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
    project.preparer.prepare(project)
    return project.manifest_path


class HapuswatchTranslator(DagsterDbtTranslator):
    """All dbt→Dagster decisions: keys are <layer>/<model>, groups are layers, sources map via meta."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        resource_type = dbt_resource_props["resource_type"]
        if resource_type == "source":
            return super().get_asset_key(dbt_resource_props)  # meta.dagster.asset_key, e.g. raw/demo_posts
        return dg.AssetKey([self._layer(dbt_resource_props), dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "source":
            return None
        return self._layer(dbt_resource_props)

    @staticmethod
    def _layer(props: Mapping[str, Any]) -> str:
        if props["resource_type"] == "seed":
            return "marts"
        fqn = props.get("fqn", [])
        for layer in LAYERS:
            if layer in fqn:
                return layer
        return props.get("schema") or "dbt"


TRANSLATOR = HapuswatchTranslator(settings=DagsterDbtTranslatorSettings(enable_code_references=False))


def _run_dbt(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    # dbt runs as a subprocess that inherits the environment; profiles.yml reads the warehouse path from it.
    os.environ["HAPUSWATCH_WAREHOUSE_PATH"] = str(warehouse.settings.warehouse_path)
    # Every dbt source table exists even before its asset first ran (or when its source is disabled):
    # opening the warehouse creates every table declared in ingestion.warehouse.schema.
    with warehouse.connect():
        pass
    # The dbt process holds DuckDB's write lock while it runs, so row counts are read afterwards
    # (dagster-dbt's fetch_row_counts would open the file concurrently and fail).
    step = context.op_execution_context.op.name
    run_dir = dbt_run_dir(warehouse.settings.data_dir, step, context.run.run_id)
    events = list(dbt.cli(["build"], context=context, target_path=run_dir).stream())
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
                if rows is None:  # a view: count it
                    rows = store.scalar(con, f'select count(*) from "{key.path[0]}"."{key.path[1]}"')
                extra = {"dagster/row_count": int(rows)}
                if key.path[0] == "marts":
                    extra["preview"] = dg.MetadataValue.md(mart_preview(con, key.path[0], key.path[1]))
                event = event.with_metadata({**event.metadata, **extra})
            yield event


# One dbt step per selection; the Python assets between them (enrichment, topics) read what the
# first step builds and feed what the second one builds.
DBT_STEPS = {
    "dbt_staging": "staging intermediate",  # staging views over the raw tables, the unioned posts
    "dbt_marts": "marts path:seeds",  # marts and seeds analysts query (schema `marts`)
}


def _dbt_step(name: str, select: str, project: DbtProject) -> dg.AssetsDefinition:
    @dbt_assets(
        manifest=project.manifest_path, project=project, select=select, name=name, dagster_dbt_translator=TRANSLATOR
    )
    def _step(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
        yield from _run_dbt(context, dbt, warehouse)

    return _step


def build_dbt_assets() -> list[dg.AssetsDefinition]:
    project = dbt_project()
    return [_dbt_step(name, select, project) for name, select in DBT_STEPS.items()]
