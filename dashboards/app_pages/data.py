"""Data: what is published, column documentation, downloads of filtered marts, and the dbt docs."""

import streamlit as st

from dashboards import queries
from dashboards.app_pages.common import page_context

filters, version = page_context("Data — tables, downloads and documentation")

catalog = queries.table_catalog(version)
st.subheader("Published tables")
st.dataframe(catalog, hide_index=True, width="stretch")

table = st.selectbox("Table", options=catalog["table"].tolist(), key="data_table")
with st.expander(f"Columns of marts.{table}"):
    st.dataframe(queries.column_docs(version, table), hide_index=True, width="stretch")

st.subheader("Download")
st.caption(
    f"marts.{table} restricted to the sidebar filters where the table has day/platform (and language) columns, "
    f"at most {queries.MAX_DOWNLOAD_ROWS:,} rows. For everything, open analytics.duckdb read-only."
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
    "  .venv/bin/dbt docs generate --project-dir dbt_project --profiles-dir dbt_project\n"
    ".venv/bin/dbt docs serve --project-dir dbt_project --profiles-dir dbt_project --port 8081\n"
    "```\n"
    "then open [http://localhost:8081](http://localhost:8081)."
)
if docs.exists():
    st.caption(f"Generated docs found: `{docs}` (open it via `dbt docs serve`; browsers block file links).")
else:
    st.caption("No generated docs yet (dbt_project/target/index.html is missing): run the first command above.")
