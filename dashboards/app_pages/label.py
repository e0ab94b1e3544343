"""Label: one random unlabelled post at a time; the labels go to a pending file the next run imports.

The published DB stays read-only: labels are appended to ``$HAPUSWATCH_DATA_DIR/labels/pending.csv``
(``ingestion.labels``) and the ``labels/stance_labels`` asset imports them into the warehouse.
Keys 1–6 pick a stance, 7–9 a sentiment, S skips.
"""

import random
import re
from pathlib import Path

import streamlit as st

from dashboards import queries
from dashboards.app_pages.common import page_context
from ingestion import labels as L
from ingestion.settings import Settings

CODEBOOK_FILE = Path(__file__).resolve().parents[2] / L.CODEBOOK_DOC
STANCE_KEYS = {stance: str(i) for i, stance in enumerate(L.STANCE_LABELS, start=1)}
SENTIMENT_KEYS = {sentiment: str(i) for i, sentiment in enumerate(L.SENTIMENT_LABELS, start=7)}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$])")


def _plain(text: str) -> str:
    """Show user text literally (no links, images or formatting injected through markdown)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


def _save(post: dict, stance: str, data_dir: Path) -> None:
    L.append_pending_label(
        data_dir,
        platform=post["platform"],
        post_id=post["post_id"],
        stance=stance,
        sentiment=st.session_state.get("label_sentiment"),
        labeller=(st.session_state.get("labeller") or L.DEFAULT_LABELLER).strip(),
        note=(st.session_state.get("label_note") or "").strip() or None,
    )
    st.session_state["label_saved"].add(post["post_key"])
    st.session_state["label_last"] = f"Saved `{stance}` for {post['post_key']}."
    st.session_state["label_sentiment"] = None
    st.session_state["label_note"] = ""


def _skip(post: dict) -> None:
    st.session_state["label_skipped"].add(post["post_key"])
    st.session_state["label_last"] = f"Skipped {post['post_key']}."
    st.session_state["label_sentiment"] = None


def _pick_sentiment(sentiment: str) -> None:
    current = st.session_state.get("label_sentiment")
    st.session_state["label_sentiment"] = None if current == sentiment else sentiment


filters, version = page_context("Label posts")
data_dir = Settings.from_env().data_dir
state = st.session_state
state.setdefault("label_seed", random.randrange(1 << 30))
state.setdefault("label_skipped", set())
state.setdefault("label_saved", set())
state.setdefault("label_sentiment", None)

published = queries.labelled_post_keys(version)
pending = L.read_pending_labels(data_dir)
pending_keys = set(pending["platform"] + ":" + pending["post_id"]) if not pending.empty else set()
waiting = pending_keys - published
labelled = len(published) + len(waiting)
target = L.label_target()
st.progress(
    min(labelled / target, 1.0),
    text=f"{labelled:,} / {target:,} posts labelled ({len(waiting):,} waiting for the next `hapuswatch run`)",
)

left, right = st.columns([3, 2], gap="large")
with right:
    st.subheader("Codebook")
    for stance, definition in L.STANCE_DEFINITIONS.items():
        st.markdown(f"**{STANCE_KEYS[stance]} · {stance}** — {definition}")
    st.markdown("**Sentiment** (optional): " + "; ".join(
        f"{SENTIMENT_KEYS[s]} · *{s}*: {d}" for s, d in L.SENTIMENT_DEFINITIONS.items()
    ))
    if CODEBOOK_FILE.is_file():
        with st.expander(f"Full codebook with examples ({L.CODEBOOK_DOC})"):
            st.markdown(CODEBOOK_FILE.read_text(encoding="utf-8"))
    else:
        st.caption(f"Examples and edge cases: {L.CODEBOOK_DOC} in the repository.")
    st.text_input("Labeller (your name or code)", key="labeller", placeholder=L.DEFAULT_LABELLER)

with left:
    if state.get("label_last"):
        st.caption(state["label_last"])
    post = queries.next_post_to_label(version, state["label_seed"], published | pending_keys | state["label_skipped"])
    if post is None:
        st.success("Every post with text is labelled or skipped. Run `hapuswatch run` to import the labels.")
        st.stop()
    meta = " · ".join(
        str(v) for v in (post["platform"], post["community"] and f"r/{post['community']}", post["kind"],
                         f"{post['created_at']:%d %b %Y %H:%M} UTC") if v
    )
    st.caption(f"{meta} · {post['post_key']}")
    if post.get("thread_title") or post.get("parent_text"):
        with st.container(border=True):
            if post.get("thread_title"):
                st.markdown(f"**Thread:** {_plain(post['thread_title'])}")
            if post.get("parent_text"):
                st.markdown(f"**Replying to:** {_plain(post['parent_text'][:600])}")
    with st.container(border=True):
        st.markdown(_plain(post["text"]))
    if post.get("url"):
        st.markdown(f"[Open the post]({post['url']})")

    st.markdown("**Stance**")
    cols = st.columns(len(L.STANCE_LABELS))
    for col, stance in zip(cols, L.STANCE_LABELS, strict=True):
        col.button(
            stance, key=f"stance_{stance}", shortcut=STANCE_KEYS[stance], on_click=_save,
            args=(post, stance, data_dir), help=L.STANCE_DEFINITIONS[stance], width="stretch",
        )
    st.markdown("**Sentiment** (optional, pick before the stance)")
    cols = st.columns(len(L.SENTIMENT_LABELS) + 1)
    for col, sentiment in zip(cols[:-1], L.SENTIMENT_LABELS, strict=True):
        chosen = state.get("label_sentiment") == sentiment
        col.button(
            f"{'✓ ' if chosen else ''}{sentiment}", key=f"sentiment_{sentiment}", shortcut=SENTIMENT_KEYS[sentiment],
            type="primary" if chosen else "secondary", on_click=_pick_sentiment, args=(sentiment,),
            help=L.SENTIMENT_DEFINITIONS[sentiment], width="stretch",
        )
    cols[-1].button("Skip", key="label_skip", shortcut="S", on_click=_skip, args=(post,), width="stretch")
    st.text_input("Note (optional)", key="label_note", placeholder="e.g. sarcasm, unclear who deleted")
    st.caption(
        "Keys: 1–6 stance (saves and shows the next post), 7–9 sentiment, S skip. Labels are written to "
        f"{L.pending_labels_path(data_dir)}; the next `hapuswatch run` imports them and corrects the shares."
    )
