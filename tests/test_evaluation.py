"""``piiaudit eval``'s scoring: a finding is correct only with the label's entity, cell and exact span."""

from __future__ import annotations

from collections import Counter

from piiaudit.scanner.app.evaluation import evaluate_corpus, load_labels, matched, score, score_cells

CELL = ("calls.csv", "clid", 3)


def test_the_same_span_matches():
    assert matched([(0, 14)], [(0, 14)]) == 1


def test_a_wrong_span_is_a_false_positive_and_a_miss():
    scores = score({(*CELL, "CALLER_ID"): [(0, 14)]}, {(*CELL, "CALLER_ID"): [(1, 14)]})
    assert (scores["CALLER_ID"].precision, scores["CALLER_ID"].recall) == (0.0, 0.0)


def test_a_wrong_entity_counts_against_both():
    scores = score({(*CELL, "CALLER_ID"): [(0, 14)]}, {(*CELL, "PHONE_NUMBER"): [(0, 14)]})
    assert scores["CALLER_ID"].recall == 0.0 and scores["PHONE_NUMBER"].precision == 0.0


def test_a_duplicate_finding_matches_one_label_only():
    scores = score({(*CELL, "PERSON"): [(0, 8)]}, {(*CELL, "PERSON"): [(0, 8), (0, 8)]})
    assert (scores["PERSON"].correct, scores["PERSON"].found, scores["PERSON"].precision) == (1, 2, 0.5)


def test_a_miss_lowers_recall_only():
    labels = {(*CELL, "PERSON"): [(0, 8), (20, 31)]}
    scores = score(labels, {(*CELL, "PERSON"): [(20, 31)]})
    assert (scores["PERSON"].precision, scores["PERSON"].recall) == (1.0, 0.5)


def test_in_a_cell_of_many_messages_only_the_labelled_person_counts():
    labels = {("chat.jsonl", "messages.text", 1, "PERSON"): [(15, 29)]}
    found = {("chat.jsonl", "messages.text", 1, "PERSON"): [(0, 11)]}  # another person in another message
    assert score(labels, found)["PERSON"].correct == 0


def test_labels_without_a_span_match_by_cell(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text("source,container,row,entity\ncalls.csv,clid,3,CALLER_ID\ncalls.csv,clid,3,CALLER_ID\n")
    labels = load_labels(path)
    assert labels == {(*CELL, "CALLER_ID"): [None, None]}
    assert score(labels, {(*CELL, "CALLER_ID"): [(5, 9), (0, 4), (10, 12)]})["CALLER_ID"].correct == 2


def test_a_corpus_with_a_wrong_span_scores_below_one(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "people.csv").write_text("email\nann.lee@example.com\nbo.kim@example.org\n")
    labels = tmp_path / "labels.csv"
    labels.write_text("source,container,row,entity,start,end\npeople.csv,email,1,EMAIL_ADDRESS,0,19\n"
                      "people.csv,email,2,EMAIL_ADDRESS,1,18\n")  # fmt: skip
    (evaluation,), _ = evaluate_corpus(corpus, labels, with_presidio=False)
    email = evaluation.scores["EMAIL_ADDRESS"]
    assert (email.expected, email.found, email.correct) == (2, 2, 1)


def test_cell_scoring_for_labels_without_spans():
    scores = score_cells(Counter({(*CELL, "PERSON"): 2}), Counter({(*CELL, "PERSON"): 3}))
    assert (scores["PERSON"].expected, scores["PERSON"].found, scores["PERSON"].correct) == (2, 3, 2)
