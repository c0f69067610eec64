"""The trained scorer: loading, a broken install, training, and its part in findings.

Sentences here are our own; the shared dev data is read only by the quick training run.
"""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

from kyoso.checker import scorer
from kyoso.checker.engine import RuleSet
from kyoso.checker.scorer import datasets, features, train
from kyoso.checker.scorer.linear import LinearModel, Units
from kyoso.checker.scorer.linear import train as fit_linear
from kyoso.cli import main

ONE_SIDED_EN = ("All inventions and works made under this Agreement, by whichever party, "
                "shall vest solely in the Company, and the Startup hereby assigns them to it.\n")
ONE_SIDED_JA = "本共同研究により生じた一切の発明及び著作物に係る権利は、その創作者を問わず甲に帰属する。\n"


def test_shipped_models_load_and_rank_sentences():
    for language, clause, neutral in (
            ("en", ONE_SIDED_EN, "The parties met in Osaka to review the test schedule."),
            ("ja", ONE_SIDED_JA, "甲及び乙は、毎月一回、進捗会議を開催する。")):
        model = scorer.model(language)
        assert model.labels == datasets.LABELS
        assert set(model.thresholds) == set(datasets.LABELS)
        tokens = clause.split() if language == "en" else list(clause)
        ip = model.labels.index("ip-assignment")
        one_sided = model.score_ids(features.featurise(clause, tokens, language, model.known_lower))
        plain = model.score_ids(features.featurise(neutral, neutral.split(), language, model.known_lower))
        assert one_sided[ip] > model.thresholds["ip-assignment"] > plain[ip]


def test_names_are_masked_so_the_parties_do_not_matter():
    model = scorer.model("en")
    first = "Zorvex hereby assigns to Quillan all rights in the deliverables."
    second = "Brantor hereby assigns to Velmora all rights in the deliverables."
    ids = [features.featurise(s, s.split(), "en", model.known_lower) for s in (first, second)]
    assert np.array_equal(ids[0], ids[1])


def test_nfkc_before_hashing():
    assert features.normalise("Ｘ社は第１２条に従う") == "X社は第00条に従う"


@pytest.mark.parametrize("problem, content", [("missing", None), ("damaged", b"not a zip file")])
def test_missing_or_damaged_model_is_one_line_and_exit_2(tmp_path, monkeypatch, problem, content):
    weights = tmp_path / "weights"
    weights.mkdir()
    if content is not None:
        for language in ("en", "ja"):
            (weights / f"{language}.npz").write_bytes(content)
    monkeypatch.setenv(scorer.ENV_DIR, str(weights))
    contract = tmp_path / "c.txt"
    contract.write_text(ONE_SIDED_EN, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(contract)])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("kyoso: error:") and problem in lines[0]
    assert "Traceback" not in result.output


def test_model_with_wrong_shape_is_refused(tmp_path):
    model = scorer.model("en")
    broken = LinearModel(model.labels, model.weights[:10], model.bias, model.known_lower)
    path = tmp_path / "en.npz"
    broken.save(path)
    with pytest.raises(ValueError):
        LinearModel.load(path)


def _tiny_units():
    positives = ["The contractor hereby assigns all rights in the work to the client.",
                 "All inventions shall vest in the sponsor.",
                 "Ownership of every deliverable passes to the buyer of the services."]
    negatives = ["The parties shall meet every month.", "Invoices are payable within thirty days.",
                 "This Agreement is governed by the laws of Japan."]
    texts = positives + negatives
    known = features.vocabulary(texts, minimum=1)
    rows = [features.featurise(t, t.split(), "en", known) for t in texts]
    labels = [[1.0 if i < 3 else 0.0] + [float("nan")] * 4 for i in range(len(texts))]
    return Units.build(rows, labels, [1.0] * len(texts)), known


def test_training_is_seeded_and_learns_a_tiny_set(tmp_path):
    units, known = _tiny_units()
    first = fit_linear(units, datasets.LABELS, known, epochs=40, batch=4, seed=7)
    second = fit_linear(units, datasets.LABELS, known, epochs=40, batch=4, seed=7)
    assert np.array_equal(first.weights, second.weights)
    scores = first.score_units(units)[:, 0]
    assert scores[:3].min() > scores[3:].max()
    first.save(tmp_path / "en.npz")
    again = LinearModel.load(tmp_path / "en.npz")
    assert np.allclose(again.score_units(units)[:, 0], scores, atol=1e-2)


def test_quick_training_run_writes_loadable_weights(tmp_path):
    data = datasets.default_data_dir()
    if not (data / "ja-dev").is_dir():
        pytest.skip("the shared dev data is not beside this checkout")
    assert train.main(["--quick", "--lang", "ja", "--out", str(tmp_path)]) == 0
    model = LinearModel.load(tmp_path / "ja.npz")
    assert model.labels == datasets.LABELS and model.thresholds


def test_training_without_data_is_one_line_exit_2(tmp_path, capsys):
    assert train.main(["--data", str(tmp_path / "nowhere"), "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("kyoso: error:")


def test_a_scorer_finding_carries_the_rule_frame():
    """Wording no pattern reads, found by the scorer, still gets the rule's frame."""
    rules = RuleSet.load()
    findings = [f for f in rules.check_text(ONE_SIDED_JA, "ja") if f.category == "ip-assignment"]
    assert findings and findings[0].favours == "甲"
    assert findings[0].message and findings[0].rationale


def test_every_shipped_rule_pattern_compiles():
    """The shipped rules skip the one-by-one compile at start-up (it cost seconds); here
    every pattern is compiled, so a broken one cannot ship."""
    import re

    for rule in RuleSet.load().rules:
        for language, cues in rule.cues.items():
            for role, patterns in cues._patterns.items():
                for pattern in patterns:
                    re.compile(pattern)
                assert cues._get(role) is not None or not patterns


def test_a_category_no_score_can_add_is_not_scored(monkeypatch):
    """A probability is under 1, so a ratio never passes 1/threshold. Where that ceiling
    is below the ratio the scorer needs to add a finding, the sentence is not scored."""
    from kyoso.checker import engine
    from kyoso.checker.scorer import CATEGORY_LABELS
    from kyoso.core import limits

    model = scorer.model("en")
    for category, labels in CATEGORY_LABELS.items():
        ceiling = model.ratio_ceiling(labels)
        assert ceiling == max(1 / model.thresholds[label] for label in labels)
        monkeypatch.setitem(limits.SCORER_ADD_RATIO, "en", ceiling * 1.01)

        class NeverAsk:
            def get(self, category):
                raise AssertionError("scored although no score could add a finding")

        rule = next(r for r in RuleSet.load().rules if r.category == category)
        sentence = "Developer hereby assigns to Company all right, title and interest in the Work Product."
        assert not engine._scorer_may_add(category, NeverAsk(), rule, sentence, "en", set(), set(), set(),
                                          set(), False, set(), None)
        # and where a score can reach the ratio, the scorer is asked as before
        monkeypatch.setitem(limits.SCORER_ADD_RATIO, "en", ceiling * 0.99)
        asked = []

        class Ratios:
            def get(self, category):
                asked.append(category)
                return 0.0

        engine._scorer_may_add(category, Ratios(), rule, sentence, "en", set(), set(), set(), set(),
                               False, set(), None)
        if category == "ip-assignment":  # anchored: a transfer word of the rule's own
            assert asked == [category]
