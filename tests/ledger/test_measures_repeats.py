"""Repeat candidates (TF-IDF against scikit-learn) and the mistake measures by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from backwards.ledger.measures.repeats import ActionFact, MistakeLog, mistake_measures
from backwards.ledger.measures.similarity import MistakeDoc, SimilarityIndex, normalise_text
from backwards.ledger.model import ActionItem, Mistake, MistakeCategory

TEXTS = [
    "Launch date promised to sales before the legal review had finished",
    "We promised the launch date before legal review was done; legal found a blocker",
    "Data pipeline broke on the weekend and the dashboards were stale for two days",
    "Estimated the migration at two weeks without asking the platform team",
    "ab",
    "",
    "Ünïcode café naïve — résumé\n\tnew   lines",
]


def _sklearn_cosine(texts: list[str], query: str) -> np.ndarray:
    vec = TfidfVectorizer(analyzer="char", ngram_range=(3, 5))
    matrix = vec.fit_transform([normalise_text(t) for t in texts])
    return np.asarray((matrix @ vec.transform([normalise_text(query)]).T).toarray()).ravel()


@pytest.mark.parametrize(
    "query",
    [
        "legal review skipped before promising the launch date",
        "Stale dashboards: the data pipeline broke",
        "zzzz qqqq",
        "",
    ],
)
def test_cosine_matches_scikit_learn(query: str) -> None:
    index = SimilarityIndex.build(MistakeDoc(i, t) for i, t in enumerate(TEXTS))
    assert index.cosine(query) == pytest.approx(_sklearn_cosine(TEXTS, query), abs=1e-12)


def test_large_alphabets_fall_back_to_hashing_and_still_match() -> None:
    rng = np.random.default_rng(5)
    texts = ["".join(chr(0x4E00 + int(c)) for c in rng.integers(0, 9000, 60)) for _ in range(150)]
    index = SimilarityIndex.build(MistakeDoc(i, t) for i, t in enumerate(texts))
    assert not index.encoder.exact
    query = texts[3][:30] + texts[8][10:]
    assert index.cosine(query) == pytest.approx(_sklearn_cosine(texts, query), abs=1e-12)


def test_score_combines_text_category_and_tags() -> None:
    docs = [
        MistakeDoc(
            1, TEXTS[0], "stakeholder_communication", ("launch", "legal"), date(2025, 1, 10)
        ),
        MistakeDoc(2, TEXTS[2], "data", ("pipeline",), date(2025, 6, 1)),
        MistakeDoc(3, TEXTS[3], "estimation", ("launch",), date(2023, 1, 1), "bo"),
    ]
    index = SimilarityIndex.build(docs)
    query = TEXTS[1]
    cos = _sklearn_cosine([d.text for d in docs], query)
    found = index.similar(
        query, category="stakeholder_communication", tags=("Legal", "launch"), threshold=0.0
    )
    by_id = {c.id: c for c in found}
    # doc 1: same category, tags identical -> 0.5 cos + 0.3 + 0.2
    assert by_id[1].score == pytest.approx(0.5 * cos[0] + 0.3 + 0.2)
    assert by_id[1].same_category and by_id[1].tag_jaccard == 1.0
    # doc 3: tags {launch} vs {legal, launch} -> jaccard 1/2
    assert by_id[3].score == pytest.approx(0.5 * cos[2] + 0.2 * 0.5)
    assert by_id[2].score == pytest.approx(0.5 * cos[1])
    assert [c.id for c in found] == sorted(by_id, key=lambda i: -by_id[i].score)
    # threshold, exclusion, time window and owner filters
    assert [c.id for c in index.similar(query, category="stakeholder_communication")] == [1]
    assert index.similar(query, category="stakeholder_communication", exclude_id=1) == []
    windowed = index.similar(query, threshold=0.0, before=date(2025, 5, 1), window_days=365)
    assert [c.id for c in windowed] == [1]
    assert [c.id for c in index.similar(query, threshold=0.0, owner="bo")] == [3]
    assert len(index.similar(query, threshold=0.0, limit=2)) == 2


def test_from_model_mistakes() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    old = Mistake(
        1,
        "ana",
        "Promised launch before legal review",
        date(2025, 3, 1),
        at,
        category=MistakeCategory.STAKEHOLDER_COMMUNICATION,
        tags=("legal",),
    )
    other = Mistake(
        2,
        "ana",
        "Dashboard stale after pipeline break",
        date(2025, 4, 1),
        at,
        category=MistakeCategory.DATA,
    )
    new = Mistake(
        3,
        "ana",
        "Launch promised again before the legal review",
        date(2025, 9, 1),
        at,
        category=MistakeCategory.STAKEHOLDER_COMMUNICATION,
        tags=("legal",),
    )
    # fmt: on
    index = SimilarityIndex.from_mistakes([old, other, new])
    found = index.similar_to_mistake(new, threshold=0.35)
    assert [c.id for c in found] == [1]
    assert found[0].to_dict()["same_category"] is True


def test_empty_index() -> None:
    index = SimilarityIndex.build([])
    assert index.similar("anything", threshold=0.0) == []


def test_mistake_measures_by_hand() -> None:
    d = date
    # 1 (Jan): actions closed 02-01 and 02-10; repeated by 4 on 03-01 -> ineffective actions
    # 2 (Jan): one action, still open (due 02-15); repeated by 5 on 03-05 -> actions not done
    # 3 (Feb): action closed late (due 02-20, closed 02-27)
    # 4, 5: repeats; 6 (Mar) no actions
    log = MistakeLog.build(
        ids=[11, 12, 13, 14, 15, 16],
        occurred=[d(2026, 1, 5), d(2026, 1, 20), d(2026, 2, 3), d(2026, 3, 1), d(2026, 3, 5),
                  d(2026, 3, 9)],
        repeat_of=[None, None, None, 11, 12, None],
        actions=[
            ActionFact(11, d(2026, 2, 1), d(2026, 2, 1)),
            ActionFact(11, d(2026, 2, 10), d(2026, 2, 10)),
            ActionFact(12, d(2026, 2, 15), None),
            ActionFact(13, d(2026, 2, 20), d(2026, 2, 27)),
            ActionFact(16, d(2026, 4, 30), None),  # not yet due
        ],
    )  # fmt: skip
    m = mistake_measures(log, d(2026, 3, 31))
    assert (m.mistakes, m.repeats) == (6, 2)
    assert m.repeat_rate.estimate == pytest.approx(2 / 6)
    assert m.days_between_repeats_median == pytest.approx((55 + 44) / 2)
    assert (m.actions_due, m.actions_closed_on_time, m.actions_open_overdue) == (4, 2, 1)
    assert m.action_closure.estimate == pytest.approx(0.5)
    # late: 13's action 7 days late; 12's action open since 02-15 -> 44 days by 03-31
    assert m.days_overdue_median == pytest.approx((7 + 44) / 2)
    assert (m.with_closed_actions, m.repeated_after_closed) == (2, 1)  # 11 and 13; 11 repeated
    assert m.coe_effectiveness.estimate == pytest.approx(0.5)
    assert m.repeats_with_open_actions == 1
    # only February onwards
    feb = mistake_measures(log, d(2026, 3, 31), since=d(2026, 2, 1))
    assert (feb.mistakes, feb.repeats, feb.actions_due) == (4, 2, 1)


def test_mistake_log_from_model() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    a = Mistake(
        1,
        "ana",
        "First",
        date(2026, 1, 1),
        at,
        action_items=(ActionItem(7, 1, "fix", "ana", date(2026, 1, 10), date(2026, 1, 9)),),
    )
    b = Mistake(2, "ana", "Again", date(2026, 2, 1), at, repeat_of=1)  # fmt: skip
    m = mistake_measures(MistakeLog.from_mistakes([a, b]), date(2026, 3, 1))
    assert (m.repeats, m.repeated_after_closed, m.actions_closed_on_time) == (1, 1, 1)
    assert m.coe_effectiveness.estimate == 0.0
    with pytest.raises(ValueError, match="unknown mistakes"):
        MistakeLog.build([1], [date(2026, 1, 1)], [None], [ActionFact(9, date(2026, 1, 1))])


def test_characters_beyond_the_basic_planes_are_handled() -> None:
    texts = [
        *TEXTS,
        "🚀 launch date promised 😀 before review",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math letters",
        "𠀋𠂢𠃌 extension B",
    ]
    index = SimilarityIndex.build(MistakeDoc(i, t) for i, t in enumerate(texts))
    assert index.encoder.table is None  # code points above 2**17: the sorted-alphabet path
    for query in ("launch date 🚀 promised", "𝔘𝔫𝔦 ☃ unseen", "𠀋𠂢𠃌 ext"):
        assert index.cosine(query) == pytest.approx(_sklearn_cosine(texts, query), abs=1e-12)
