"""Data: what is published, column documentation, downloads of filtered marts, and the dbt docs."""

import streamlit as st

from dashboards import queries
from dashboards.app_pages.common import page_context, table_for_display

filters, version = page_context("Data — tables, downloads and documentation")

catalog = queries.table_catalog(version)
st.subheader("Published tables")
st.dataframe(
    table_for_display(catalog),
    hide_index=True,
    width="stretch",
    column_config={
        "table": st.column_config.TextColumn(width="medium"),
        "rows": st.column_config.NumberColumn("rows", format="localized", width="small"),
        "description": st.column_config.TextColumn(width=900),
    },
)
st.caption(
    "Schema `marts` holds the analyst tables. The file also has `meta.publish_log` (one row: when it was "
    "published, by which Dagster run, rows per table) so a reader can tell which build they are looking at."
)

table = st.selectbox("Table", options=catalog["table"].tolist(), key="data_table")
with st.expander(f"Columns of marts.{table}"):
    st.dataframe(
        table_for_display(queries.column_docs(version, table)),
        hide_index=True,
        width="stretch",
        column_config={"description": st.column_config.TextColumn(width="large")},
    )

st.subheader("Download")
applied, skipped = queries.download_filters(version, table, filters)
scope = f"restricted to the sidebar's {' and '.join(applied)} filter{'s' if len(applied) > 1 else ''}" if applied else (
    "not filtered (it has no date, platform or language column)"
)
note = f" The {' and '.join(skipped)} filter does not apply: the table has no such column." if skipped else ""
st.caption(
    f"marts.{table} {scope}, at most {queries.MAX_DOWNLOAD_ROWS:,} rows.{note} Lists (e.g. `destinations`) are "
    "JSON arrays in the CSV and real lists in the Parquet file. For everything, open analytics.duckdb read-only."
)
if st.button("Prepare download", key="prepare_download"):
    frame = queries.filtered_table(version, table, filters)
    st.session_state["download"] = (table, filters, frame)
prepared = st.session_state.get("download")
if prepared and prepared[0] == table and prepared[1] == filters:
    frame = prepared[2]
    st.write(f"{len(frame):,} rows ready.")
    c1, c2 = st.columns(2)
    c1.download_button(
        "CSV", queries.to_csv_bytes(frame), file_name=f"{table}.csv", mime="text/csv", key="download_csv"
    )
    c2.download_button(
        "Parquet",
        queries.to_parquet_bytes(frame),
        file_name=f"{table}.parquet",
        mime="application/octet-stream",
        key="download_parquet",
    )

st.subheader("dbt documentation")
docs = queries.dbt_docs_path()
st.markdown(
    "Lineage, tests and column docs of every model are in the dbt docs site. Build and serve it with:\n\n"
    "```bash\n"
    "HAPUSWATCH_WAREHOUSE_PATH=$HAPUSWATCH_DATA_DIR/warehouse.duckdb \\\n"
    "  .venv/bin/dbt docs generate --project-dir dbt_project --profiles-dir dbt_project \\\n"
    "  --target-path $HAPUSWATCH_DATA_DIR/dbt/docs\n"
    ".venv/bin/dbt docs serve --project-dir dbt_project --profiles-dir dbt_project \\\n"
    "  --target-path $HAPUSWATCH_DATA_DIR/dbt/docs --port 8081\n"
    "```\n"
    "then open [http://localhost:8081](http://localhost:8081)."
)
if docs.exists():
    st.caption(f"Generated docs found: `{docs}` (open it via `dbt docs serve`; browsers block file links).")
else:
    st.caption(f"No generated docs yet ({docs} is missing): run the first command above.")
