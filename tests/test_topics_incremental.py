"""Between refits only new posts are flagged: incremental flags equal a full pass over the corpus in time order."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.topics.automated import ORDER, flag_automated, flag_incremental

# Texts that normalise alike (case, links, handles, punctuation), short texts that never count as copies,
# and rule-flagged ones (retweets, link-only) that can open or join a copy group.
POOL = [
    "Cambridge Analytica scam fallout can lead to a reckoning",
    "cambridge analytica SCAM fallout can lead to a reckoning!! https://t.co/a",
    "Cambridge Analytica scam fallout can lead to a reckoning @[user]",
    "RT @[user]: Cambridge Analytica scam fallout can lead to a reckoning",
    "I deleted my account today after ten years, feels good",
    "i deleted my account today after ten years feels good #DeleteFacebook",
    "hapus akun fb",
    "Hapus akun FB!",
    "done",
    "https://t.co/xyz #deletefacebook",
    "https://t.co/abc #deletefacebook @[user]",
    "The latest AppleADE_UK Daily! https://t.co/hGZ0LoECRi #deletefacebook",
    "Pindah ke platform lain saja, data kita dijual terus",
    "pindah ke platform lain saja data kita dijual terus https://t.co/q",
]

posts = st.lists(
    st.tuples(st.integers(0, 6), st.sampled_from(["reddit", "x"]), st.integers(0, len(POOL) - 1)),
    min_size=0,
    max_size=40,
)


def _corpus(rows: list[tuple[int, str, int]], prefix: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "created_at": pd.to_datetime([day for day, _, _ in rows], unit="D"),
            "platform": [platform for _, platform, _ in rows],
            "post_id": [f"{prefix}{i:03d}" for i in range(len(rows))],
            "text": [POOL[t] for _, _, t in rows],
        }
    )


def _full(corpus: pd.DataFrame) -> pd.DataFrame:
    ordered = corpus.sort_values(list(ORDER), kind="stable").reset_index(drop=True)
    flags = flag_automated(ordered["text"].tolist())
    return pd.concat([ordered, flags], axis=1).set_index(["platform", "post_id"]).sort_index()


@settings(max_examples=300, deadline=None)
@given(old_rows=posts, new_rows=posts, removed=st.sets(st.integers(0, 39)), changed=st.sets(st.integers(0, 39)),
       changed_text=st.integers(0, len(POOL) - 1))  # fmt: skip
def test_incremental_flags_equal_a_full_pass(old_rows, new_rows, removed, changed, changed_text):
    old = _corpus(old_rows, "a")
    before = _full(old)
    gone = {f"a{i:03d}" for i in removed}
    edited = {f"a{i:03d}" for i in changed} - gone
    # an edited post is a new post under its old id (content_hash changed); its stored row is removed
    new = pd.concat(
        [_corpus(new_rows, "b"), old[old["post_id"].isin(edited)].assign(text=POOL[changed_text])], ignore_index=True
    )
    kept = before[~before.index.get_level_values("post_id").isin(gone | edited)].reset_index()
    after = _full(pd.concat([old[~old["post_id"].isin(gone | edited)], new], ignore_index=True))

    new_flags, changes = flag_incremental(new, kept[[*ORDER, "dedup_key", "automated_reason"]])

    got = kept.set_index(["platform", "post_id"])[["is_automated", "automated_reason", "dedup_key"]].copy()
    for row in changes.itertuples(index=False):
        got.loc[(row.platform, row.post_id), ["is_automated", "automated_reason"]] = [
            row.is_automated, row.automated_reason,
        ]  # fmt: skip
    fresh = pd.concat([new[["platform", "post_id"]], new_flags], axis=1).set_index(["platform", "post_id"])
    got = pd.concat([got, fresh]).sort_index()
    expected = after[["is_automated", "automated_reason", "dedup_key"]]
    assert got.index.equals(expected.index)
    assert got["is_automated"].astype(bool).tolist() == expected["is_automated"].tolist()
    assert got["automated_reason"].tolist() == expected["automated_reason"].tolist()
    assert got["dedup_key"].tolist() == expected["dedup_key"].tolist()
    # only flags that really changed are reported
    assert all(before.loc[(p, i), "automated_reason"] != r for p, i, _, r in changes.itertuples(index=False))


def test_a_new_earlier_copy_takes_over_the_group():
    text = "Cambridge Analytica scam fallout can lead to a reckoning"
    stored = pd.DataFrame(
        {"created_at": pd.to_datetime(["2026-01-02"]), "platform": ["x"], "post_id": ["1"],
         "dedup_key": flag_automated([text])["dedup_key"], "automated_reason": [None]}
    )  # fmt: skip
    new = pd.DataFrame({"created_at": pd.to_datetime(["2026-01-01"]), "platform": ["x"], "post_id": ["0"],
                        "text": [text.upper()]})  # fmt: skip
    flags, changes = flag_incremental(new, stored)
    assert flags["automated_reason"].tolist() == [None]
    assert changes.to_dict("records") == [
        {"platform": "x", "post_id": "1", "is_automated": True, "automated_reason": "copy_paste"}
    ]
