"""The suite's table: the speed-up verdict is withheld when the machine was too noisy to judge it."""

from __future__ import annotations

from benchmarks.run import _noise


def test_a_calm_run_gets_a_verdict():
    calm = {"one_worker_runs_s": [103, 107], "two_workers_runs_s": [61, 64], "ceiling_rounds": [2.05, 2.01, 2.03]}
    assert _noise(calm) == ""
    assert _noise({"one_worker_runs_s": [103], "two_workers_runs_s": [61]}) == ""  # older results: one run each


def test_runs_far_apart_or_a_wide_ceiling_make_it_unsure():
    assert "unsure" in _noise({"one_worker_runs_s": [135, 122], "two_workers_runs_s": [63, 66]})
    assert "unsure" in _noise({"one_worker_runs_s": [103, 104], "two_workers_runs_s": [61, 62],
                               "ceiling_rounds": [2.29, 1.76, 2.02]})


def test_one_slow_run_of_three_is_set_aside_when_the_two_fastest_agree():
    assert _noise({"one_worker_runs_s": [142, 134, 136], "two_workers_runs_s": [81, 70, 71]}) == ""
    assert "unsure" in _noise({"one_worker_runs_s": [142, 134, 150], "two_workers_runs_s": [81, 70, 71]})
